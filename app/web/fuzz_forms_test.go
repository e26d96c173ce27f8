package web

import (
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// fuzzTimeout is how long one fuzzed request may take.
const fuzzTimeout = 10 * time.Second

// fuzzRoles are who FuzzForms posts as: each time a fresh user, so that
// logging out, leaving or deleting the account affects nothing after.
var fuzzRoles = []role{resident, organiser, staff, admin}

// FuzzForms posts fuzzed field values, with a valid CSRF token, to every
// POST route in the route table, as a fresh resident, organiser of the
// fixture initiative, staff member or administrator, and fails on any 5xx (a panic is
// recovered into a 500). Bad input must give a form error, a 4xx or a
// redirect, never a server error. The seed corpus (every route, once with
// its valid form and once with hostile values in every field) runs in a
// normal `go test` (as each role the authorisation table lets through);
// `go test -fuzz FuzzForms ./app/web/` explores further.
func FuzzForms(f *testing.F) {
	o := newDemoSite(f, nil)
	fx := newFixture(f, o)
	var rows []authzCase
	for _, tc := range authzTable(o.Server, fx) {
		if tc.method == http.MethodPost && o.hasRoute(tc.method, tc.route) {
			rows = append(rows, tc)
		}
	}
	// Every POST route must be fuzzed: a new one without an authorisation
	// row fails TestAuthorisationTable, so rows cover the route table.
	for _, r := range o.routeTable {
		if r.Method == http.MethodPost && !hasRow(rows, r.Path) {
			f.Errorf("POST %s is not fuzzed", r.Path)
		}
	}
	hostile := "<script>alert(1)</script>\x00\xff\u202e" + strings.Repeat("é", 300) + "'; DROP TABLE users;--"
	for i, tc := range rows {
		for w, r := range fuzzRoles {
			if tc.want[r] < 400 || (r == organiser && !hasSuccess(tc)) {
				f.Add(uint16(i), uint8(w), uint8(0), "", "")
				f.Add(uint16(i), uint8(w), uint8(0xff), hostile, "extra")
			}
		}
	}
	f.Add(uint16(0), uint8(1), uint8(0xff), "-1", "")
	f.Add(uint16(0), uint8(0), uint8(0xff), "99999999999999999999", "start")
	f.Add(uint16(0), uint8(1), uint8(0xff), "2026-02-30T25:61", "end")
	f.Fuzz(func(t *testing.T, route uint16, role uint8, mask uint8, value, extra string) {
		tc := rows[int(route)%len(rows)]
		who := fuzzRoles[int(role)%len(fuzzRoles)]
		form := fuzzedForm(tc.form, mask, value, extra)
		c := noRedirects(o.clientAs(t, who, fx))
		c.Timeout = fuzzTimeout // a request that hangs is a bug too
		res := o.postForm(t, c, tc.target, cloneValues(form))
		body, _ := io.ReadAll(io.LimitReader(res.Body, 2000))
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Fatalf("POST %s as %s with %q: %d\n%s", tc.target, who, form.Encode(), res.StatusCode, body)
		}
	})
}

// fuzzedForm is valid with value in the fields that mask selects (in
// sorted order), and in the extra field when one is named.
func fuzzedForm(valid url.Values, mask uint8, value, extra string) url.Values {
	form := cloneValues(valid)
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if mask&(1<<(i%8)) != 0 {
			form.Set(k, value)
		}
	}
	if extra != "" && extra != "csrf" {
		form.Set(extra, value)
	}
	return form
}

func hasRow(rows []authzCase, route string) bool {
	for _, tc := range rows {
		if tc.route == route {
			return true
		}
	}
	return false
}

// hasSuccess reports whether any role may use the route: routes nobody
// may use with the table's ids (404s) are still fuzzed as an organiser.
func hasSuccess(tc authzCase) bool {
	for _, r := range fuzzRoles {
		if tc.want[r] < 400 {
			return true
		}
	}
	return false
}
