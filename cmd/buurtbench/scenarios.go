package main

import (
	"net/http"
	"sync/atomic"

	"github.com/google/uuid"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// scenario is one kind of request to measure.
type scenario struct {
	name   string
	target vegeta.Targeter
}

// page is an anonymous visitor reading path.
func page(name, base, path string) scenario {
	return scenario{name: name, target: vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: base + path})}
}

// pageAs is logged-in residents reading path, a different one each
// request: they never get the page anonymous visitors share.
func pageAs(name, base, path string, rs []resident) scenario {
	var next atomic.Uint64
	return scenario{name: name, target: func(t *vegeta.Target) error {
		r := rs[(next.Add(1)-1)%uint64(len(rs))]
		*t = vegeta.Target{Method: http.MethodGet, URL: base + path, Header: http.Header{"Cookie": {r.cookie}}}
		return nil
	}}
}

// toggles is residents supporting ideas and taking the support back, the
// way the page's button does with htmx. Request k goes to the k-th pair of
// (resident, idea), round after round: support in even rounds, withdraw in
// odd ones, so every pair alternates and no pair is hit twice at once.
func toggles(base string, residents []resident, ideas []uuid.UUID) scenario {
	var next atomic.Uint64
	pairs := uint64(len(residents) * len(ideas))
	return scenario{name: togglesRowName, target: func(t *vegeta.Target) error {
		k := next.Add(1) - 1
		p := int(k % pairs)
		r, id := residents[p%len(residents)], ideas[p/len(residents)]
		action := "steunen"
		if (k/pairs)%2 == 1 {
			action = "intrekken"
		}
		*t = vegeta.Target{Method: http.MethodPost, URL: base + "/idee/" + id.String() + "/" + action, Header: http.Header{
			"Cookie": {r.cookie}, "X-Csrf-Token": {r.csrf}, "Hx-Request": {"true"},
			"Content-Type": {"application/x-www-form-urlencoded"},
		}}
		return nil
	}}
}
