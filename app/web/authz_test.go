package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"testing"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/account"
)

// role is who makes a request in the authorisation table.
type role string

const (
	anon     role = "anonymous"
	resident role = "resident"
	staff    role = "staff"
	admin    role = "admin"
)

var roles = []role{anon, resident, staff, admin}

// authzCase is one route with a concrete request and the status each role
// gets. Later issues add their routes here; the test fails for any
// registered route that has no row.
type authzCase struct {
	method, route, target string
	form                  url.Values
	want                  map[role]int
}

// same gives every role the same status.
func same(status int) map[role]int {
	return map[role]int{anon: status, resident: status, staff: status, admin: status}
}

// members: anonymous visitors are sent to the login page (GET) or refused
// (POST); every logged-in user gets status.
func members(method string, status int) map[role]int {
	m := same(status)
	m[anon] = http.StatusUnauthorized
	if method == http.MethodGet {
		m[anon] = http.StatusSeeOther
	}
	return m
}

func authzTable(s *Server) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	start, callback := same(http.StatusFound), same(http.StatusBadRequest)
	if s.logins.Empty() { // the demo site: no provider, so no provider routes
		start, callback = same(http.StatusNotFound), same(http.StatusNotFound)
	}
	loggedInRedirect := same(http.StatusSeeOther)
	loggedInRedirect[anon] = http.StatusOK
	return []authzCase{
		{get, "/", "/", nil, same(200)},
		{get, "/buurt/:slug", "/buurt/bolwijk", nil, same(200)},
		{get, "/privacy", "/privacy", nil, same(200)},
		{get, "/toegankelijkheid", "/toegankelijkheid", nil, same(200)},
		{get, "/healthz", "/healthz", nil, same(200)},
		{get, "/readyz", "/readyz", nil, same(200)},
		{get, "/static/*", s.assets.URL("css/app.css"), nil, same(200)},
		{get, "/inloggen", "/inloggen", nil, loggedInRedirect},
		{get, "/auth/:provider", "/auth/openid-connect", nil, start},
		{get, "/auth/:provider/callback", "/auth/openid-connect/callback?code=x&state=y", nil, callback},
		{post, "/auth/:provider/callback", "/auth/openid-connect/callback", url.Values{"code": {"x"}, "state": {"y"}}, callback},
		{post, "/logout", "/logout", nil, same(http.StatusSeeOther)},
		{post, "/inloggen/demo", "/inloggen/demo", url.Values{"user": {"nobody"}}, same(http.StatusUnprocessableEntity)},
		{get, "/profiel", "/profiel", nil, members(get, 200)},
		{post, "/profiel", "/profiel", url.Values{"name": {"Nieuwe naam"}}, members(post, http.StatusSeeOther)},
		{get, "/profiel/buurt", "/profiel/buurt", nil, members(get, 200)},
		{post, "/profiel/buurt", "/profiel/buurt", url.Values{"skip": {"1"}}, members(post, http.StatusSeeOther)},
		{post, "/profiel/identiteiten/:id/ontkoppelen", "/profiel/identiteiten/" + uuid.NewString() + "/ontkoppelen", nil, members(post, 404)},
		{post, "/profiel/sessies/beeindigen", "/profiel/sessies/beeindigen", nil, members(post, http.StatusSeeOther)},
	}
}

// Every route, for every role, on a site with a login provider and on the
// demo site (which adds the demo login route).
func TestAuthorisationTable(t *testing.T) {
	t.Parallel()
	for name, site := range map[string]*oidcSite{"with provider": newOIDCSite(t, nil), "demo": newDemoSite(t, nil)} {
		t.Run(name, func(t *testing.T) {
			table := authzTable(site.Server)
			assertTableCoversRoutes(t, site.Server, table)
			for _, tc := range table {
				if !site.hasRoute(tc.method, tc.route) {
					continue
				}
				for _, r := range roles {
					c := site.clientAs(t, r)
					var res *http.Response
					if tc.method == http.MethodPost {
						res = site.postForm(t, noRedirects(c), tc.target, cloneValues(tc.form))
					} else {
						res = get(t, noRedirects(c), site.URL+tc.target)
					}
					if res.StatusCode != tc.want[r] {
						t.Errorf("%s %s as %s: %d, want %d", tc.method, tc.target, r, res.StatusCode, tc.want[r])
					}
				}
			}
		})
	}
}

func assertTableCoversRoutes(t *testing.T, s *Server, table []authzCase) {
	t.Helper()
	covered := map[string]bool{}
	for _, tc := range table {
		covered[tc.method+" "+tc.route] = true
	}
	var missing []string
	for _, r := range s.routeTable {
		if !covered[r.Method+" "+r.Path] {
			missing = append(missing, r.Method+" "+r.Path)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("route %s has no row in the authorisation table", m)
	}
}

func (o *oidcSite) hasRoute(method, path string) bool {
	for _, r := range o.routeTable {
		if r.Method == method && r.Path == path {
			return true
		}
	}
	return false
}

// clientAs returns a browser logged in as a fresh user with role r (or
// anonymous), with its own session so that no case affects another.
func (o *oidcSite) clientAs(t *testing.T, r role) *http.Client {
	t.Helper()
	c := browserClient(t)
	if r == anon {
		return c
	}
	ctx := context.Background()
	u, err := o.accounts.Login(ctx, account.Profile{Provider: "test", Subject: uuid.NewString(), Name: string(r)})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.accounts.SetRole(ctx, u.ID, account.Role(r)); err != nil {
		t.Fatal(err)
	}
	token, err := o.accounts.StartSession(ctx, u.ID, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(o.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: o.sessionCookieName(), Value: token, Path: "/"}})
	return c
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
