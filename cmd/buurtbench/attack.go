package main

import (
	"math"
	"slices"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// maxOpenWorkers bounds the requests in flight in the open model. vegeta
// starts a worker whenever all are busy at an arrival, so up to this bound
// every request leaves on time and its latency includes the queue at the
// server; past it, arrivals would wait in the client and the figures flatter
// the server, which the table marks as saturated.
const maxOpenWorkers = 4096

// requestTimeout bounds a request, and so the time a saturated open run
// takes to drain its queue; a request that takes longer counts as an error.
const requestTimeout = 10 * time.Second

// measurement is one scenario under one model.
type measurement struct {
	scenario, model string
	requests        int
	errors          int
	firstError      string
	elapsed         time.Duration
	p50, p99        time.Duration
	saturated       bool // open model: the server answered fewer than arrived
}

// perSecond is the throughput: requests answered without error per second
// of the run, from the first request sent to the last answer.
func (m measurement) perSecond() float64 {
	if m.elapsed <= 0 {
		return 0
	}
	return float64(m.requests-m.errors) / m.elapsed.Seconds()
}

// closedModel runs sc with clients that each send their next request as
// soon as the last one is answered, over keep-alive connections.
func closedModel(sc scenario, d time.Duration, clients int) measurement {
	a := vegeta.NewAttacker(vegeta.Workers(uint64(clients)), vegeta.MaxWorkers(uint64(clients)),
		vegeta.Connections(clients), vegeta.KeepAlive(true), vegeta.MaxBody(0), vegeta.Redirects(vegeta.NoFollow),
		vegeta.Timeout(requestTimeout))
	m := collect(a.Attack(sc.target, vegeta.ConstantPacer{}, d, sc.name)) // zero pacer: no pause
	m.scenario, m.model = sc.name, "closed"
	return m
}

// openModel runs sc with requests arriving at perSecond, whatever the
// server's pace: when it falls behind, the queue shows in p99.
func openModel(sc scenario, d time.Duration, perSecond int) measurement {
	a := vegeta.NewAttacker(vegeta.Workers(64), vegeta.MaxWorkers(maxOpenWorkers),
		vegeta.KeepAlive(true), vegeta.MaxBody(0), vegeta.Redirects(vegeta.NoFollow), vegeta.Timeout(requestTimeout))
	m := collect(a.Attack(sc.target, vegeta.ConstantPacer{Freq: perSecond, Per: time.Second}, d, sc.name))
	m.scenario, m.model = sc.name, "open"
	m.saturated = m.errors > 0 || m.perSecond() < 0.95*float64(perSecond)
	return m
}

// collect reads every result: exact percentiles, from all latencies.
func collect(results <-chan *vegeta.Result) measurement {
	var m measurement
	var latencies []time.Duration
	var first, last time.Time
	for r := range results {
		latencies = append(latencies, r.Latency)
		if first.IsZero() || r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if end := r.Timestamp.Add(r.Latency); end.After(last) {
			last = end
		}
		if r.Error != "" {
			m.errors++
			if m.firstError == "" {
				m.firstError = r.Error
			}
		}
	}
	m.requests, m.elapsed = len(latencies), last.Sub(first)
	slices.Sort(latencies)
	m.p50, m.p99 = quantile(latencies, 0.50), quantile(latencies, 0.99)
	return m
}

// quantile is the smallest latency at or above fraction q of the sorted
// latencies (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(rank, 0)]
}
