package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/account"
)

// role is who makes a request in the authorisation table.
type role string

const (
	anon     role = "anonymous"
	resident role = "resident"
	// blocked is a resident an administrator blocked: they read what a
	// resident reads and write only what blockedKeeps lists.
	blocked role = "blocked resident"
	// organiser organises the fixture initiative; otherOrg organises
	// another one.
	organiser role = "organiser"
	otherOrg  role = "organiser of another"
	staff     role = "staff"
	admin     role = "admin"
)

var roles = []role{anon, resident, blocked, organiser, otherOrg, staff, admin}

// blockedKeeps are the writes a blocked resident can still make: logging
// in and out, and their rights over their own account.
var blockedKeeps = map[string]bool{
	"/logout": true, "/auth/:provider/callback": true,
	"/profiel/gegevens": true, "/profiel/sessies/beeindigen": true, "/profiel/verwijderen": true,
}

// want is the status r should get: a blocked resident's follows from a
// resident's, as they read alike and a blocked one writes nothing but
// blockedKeeps.
func (tc authzCase) wantFor(r role) int {
	if r != blocked {
		return tc.want[r]
	}
	if tc.method == http.MethodPost && !blockedKeeps[tc.route] {
		return http.StatusForbidden
	}
	return tc.want[resident]
}

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
	m := map[role]int{}
	for _, r := range roles {
		m[r] = status
	}
	return m
}

// residents: anonymous visitors are sent to log in (GET) or refused (POST),
// residents and organisers get status, staff and admins 403.
func residents(method string, status int) map[role]int {
	m := members(method, status)
	m[staff], m[admin] = http.StatusForbidden, http.StatusForbidden
	return m
}

// organisers: only the organiser of this initiative gets status.
func organisers(method string, status int) map[role]int {
	m := members(method, http.StatusForbidden)
	m[organiser] = status
	return m
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

func authzTable(s *Server, fx fixture) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	start, callback := same(http.StatusFound), same(http.StatusBadRequest)
	if s.logins.Empty() { // the demo site: no provider, so no provider routes
		start, callback = same(http.StatusNotFound), same(http.StatusNotFound)
	}
	loggedInRedirect := same(http.StatusSeeOther)
	loggedInRedirect[anon] = http.StatusOK
	return append([]authzCase{
		{get, "/", "/", nil, same(200)},
		{get, "/buurt/:slug", "/buurt/bolwijk", nil, same(200)},
		{get, "/privacy", "/privacy", nil, same(200)},
		{get, "/toegankelijkheid", "/toegankelijkheid", nil, same(200)},
		{get, "/healthz", "/healthz", nil, same(200)},
		{get, "/readyz", "/readyz", nil, same(200)},
		{get, "/static/*", s.assets.URL("css/app.css"), nil, same(200)},
		{get, "/huisstijl.css", "/huisstijl.css", nil, same(200)},
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
	}, append(append(append(append(participationRows(fx), reachRows(fx)...), dashboardRows(fx)...), volunteerRows(fx)...), append(append(append(notifyRows(s, fx), searchRows(fx)...), privacyRows()...), append(append(adminRows(), moderationRows(fx)...), apiRows()...)...)...)...)
}

// apiRows are the JSON API: without an API token every role gets 401,
// because the session does not count there; its description is open.
func apiRows() []authzCase {
	const get = http.MethodGet
	return []authzCase{
		{get, "/api/v1/openapi.json", "/api/v1/openapi.json", nil, same(200)},
		{get, "/api/v1/neighbourhoods", "/api/v1/neighbourhoods", nil, same(http.StatusUnauthorized)},
		{get, "/api/v1/themes", "/api/v1/themes", nil, same(http.StatusUnauthorized)},
		{get, "/api/v1/figures", "/api/v1/figures?period=year", nil, same(http.StatusUnauthorized)},
		{get, "/api/v1/weeks", "/api/v1/weeks?period=year", nil, same(http.StatusUnauthorized)},
	}
}

// reachRows are the public, read-only routes that take content outside
// the site: the same for every role.
func reachRows(fx fixture) []authzCase {
	const get = http.MethodGet
	ini := "/initiatief/" + fx.slug
	return []authzCase{
		{get, "/initiatief/:slug/poster", ini + "/poster?formaat=a3", nil, same(200)},
		{get, "/initiatief/:slug/qr.png", ini + "/qr.png", nil, same(200)},
		{get, "/activiteit/:id/poster", "/activiteit/" + fx.vol.activity + "/poster", nil, same(200)},
		{get, "/activiteit/:id/qr.png", "/activiteit/" + fx.vol.activity + "/qr.png", nil, same(200)},
		{get, "/initiatief/:slug/feed", ini + "/feed", nil, same(200)},
		{get, "/buurt/:slug/feed", "/buurt/bolwijk/feed", nil, same(200)},
		{get, "/thema/:slug/feed", "/thema/groen/feed", nil, same(200)},
		{get, "/embed/buurt/:slug", "/embed/buurt/bolwijk", nil, same(200)},
		{get, "/insluiten", "/insluiten", nil, same(200)},
		{get, "/sitemap.xml", "/sitemap.xml", nil, same(200)},
		{get, "/sitemap/:n", "/sitemap/1", nil, same(200)},
		{get, "/robots.txt", "/robots.txt", nil, same(200)},
	}
}

// staffOnly: anonymous visitors are sent to log in (GET) or refused
// (POST), residents and organisers get 403, staff and admins status.
func staffRoute(method string, status int) map[role]int {
	m := members(method, http.StatusForbidden)
	m[staff], m[admin] = status, status
	return m
}

// dashboardRows are the municipality's dashboard: staff and admins only;
// its one kind of write is a staff member's own filter preset.
func dashboardRows(fx fixture) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	preset := url.Values{"naam": {"Mijn buurt"}, "query": {"buurt=" + fx.neighbourhood}}
	return []authzCase{
		{get, "/gemeente", "/gemeente", nil, staffRoute(get, 200)},
		{get, "/gemeente/export.csv", "/gemeente/export.csv?periode=jaar", nil, staffRoute(get, 200)},
		{get, "/gemeente/export.json", "/gemeente/export.json?periode=jaar", nil, staffRoute(get, 200)},
		{post, "/gemeente/filters", "/gemeente/filters", preset, staffRoute(post, http.StatusSeeOther)},
		// Nobody's preset: 404 even for staff (and someone else's is as good
		// as absent, see TestDashboardPresets).
		{post, "/gemeente/filters/:id/verwijderen", "/gemeente/filters/" + uuid.NewString() + "/verwijderen", nil, staffRoute(post, 404)},
	}
}

// participationRows are the routes of initiatives, ideas and comments.
func participationRows(fx fixture) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	ini, it, cm := "/initiatief/"+fx.slug, "/idee/"+fx.idea, "/reactie/"+fx.comment
	newIni := url.Values{"title": {"Buurtfeest Zomer"}, "summary": {"Een feest voor iedereen"}, "description": {"Kom allemaal!"},
		"neighbourhood": {fx.neighbourhood}, "themes": {fx.theme}}
	edit := cloneValues(newIni)
	edit.Set("title", fx.title)
	edit.Set("status", "active")
	newIdea := url.Values{"title": {"Meer bankjes op het plein"}, "description": {"Zodat ouderen kunnen zitten."}}
	return []authzCase{
		{get, "/media/*", "/media/covers/bestaat-niet.jpg", nil, same(404)},
		{get, "/initiatieven/nieuw", "/initiatieven/nieuw", nil, residents(get, 200)},
		{post, "/initiatieven", "/initiatieven", newIni, residents(post, http.StatusSeeOther)},
		{get, "/initiatief/:slug", ini, nil, same(200)},
		{get, "/initiatief/:slug/bewerken", ini + "/bewerken", nil, organisers(get, 200)},
		{post, "/initiatief/:slug/bewerken", ini + "/bewerken", edit, organisers(post, http.StatusSeeOther)},
		{post, "/initiatief/:slug/volgen", ini + "/volgen", nil, residents(post, http.StatusSeeOther)},
		{post, "/initiatief/:slug/ontvolgen", ini + "/ontvolgen", nil, residents(post, http.StatusSeeOther)},
		{post, "/initiatief/:slug/uitnodigen", ini + "/uitnodigen", nil, organisers(post, 200)},
		{post, "/initiatief/:slug/updates", ini + "/updates", url.Values{"body": {"Het feest gaat door!"}}, organisers(post, http.StatusSeeOther)},
		{post, "/initiatief/:slug/verlaten", ini + "/verlaten", nil, organisers(post, http.StatusSeeOther)},
		{get, "/uitnodiging/:token", "/uitnodiging/" + fx.invite, nil, same(200)},
		{post, "/uitnodiging/:token", "/uitnodiging/onbekend", nil, residents(post, 404)},
		{get, "/initiatief/:slug/ideeen/nieuw", ini + "/ideeen/nieuw", nil, residents(get, 200)},
		{post, "/initiatief/:slug/ideeen", ini + "/ideeen", newIdea, residents(post, http.StatusSeeOther)},
		{get, "/idee/:id", it, nil, same(200)},
		{get, "/idee/:id/bewerken", it + "/bewerken", nil, members(get, 403)},
		{post, "/idee/:id/bewerken", it + "/bewerken", newIdea, members(post, 403)},
		{post, "/idee/:id/status", it + "/status", url.Values{"status": {"planned"}, "reason": {"We gaan het doen."}}, organisers(post, http.StatusSeeOther)},
		{post, "/idee/:id/steunen", it + "/steunen", nil, residents(post, http.StatusSeeOther)},
		{post, "/idee/:id/intrekken", it + "/intrekken", nil, residents(post, http.StatusSeeOther)},
		{post, "/idee/:id/reacties", it + "/reacties", url.Values{"body": {"Goed plan!"}}, residents(post, http.StatusSeeOther)},
		{post, "/reactie/:id/bewerken", cm + "/bewerken", url.Values{"body": {"Anders"}}, members(post, 403)},
		{post, "/reactie/:id/verwijderen", cm + "/verwijderen", nil, members(post, 403)},
		{post, "/reactie/:id/verbergen", cm + "/verbergen", url.Values{"reason": {"Persoonlijke gegevens"}}, organisers(post, http.StatusSeeOther)},
		{post, "/melden", "/melden", url.Values{"kind": {"idea"}, "target": {fx.idea}, "reason": {"spam"}}, members(post, http.StatusSeeOther)},
	}
}

// Every route, for every role, on a site with a login provider and on the
// demo site (which adds the demo login route).
func TestAuthorisationTable(t *testing.T) {
	t.Parallel()
	for name, site := range map[string]*oidcSite{"with provider": newOIDCSite(t, nil), "demo": newDemoSite(t, nil)} {
		t.Run(name, func(t *testing.T) {
			fx := newFixture(t, site)
			table := authzTable(site.Server, fx)
			assertTableCoversRoutes(t, site.Server, table)
			for _, tc := range table {
				if !site.hasRoute(tc.method, tc.route) {
					continue
				}
				for _, r := range roles {
					c := site.clientAs(t, r, fx)
					var res *http.Response
					if tc.method == http.MethodPost {
						res = site.postForm(t, noRedirects(c), tc.target, cloneValues(tc.form))
					} else {
						res = get(t, noRedirects(c), site.URL+tc.target)
					}
					if want := tc.wantFor(r); res.StatusCode != want {
						t.Errorf("%s %s as %s: %d, want %d", tc.method, tc.target, r, res.StatusCode, want)
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
func (o *oidcSite) clientAs(t testing.TB, r role, fx fixture) *http.Client {
	t.Helper()
	c := browserClient(t)
	if r == anon {
		return c
	}
	ctx := context.Background()
	u := o.newUser(t, r)
	switch r {
	case organiser:
		fx.addOrganiser(t, o, fx.initiativeID, u)
	case otherOrg:
		fx.addOrganiser(t, o, fx.otherID, u)
	}
	token, err := o.accounts.StartSession(ctx, u.ID, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(o.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: o.sessionCookieName(), Value: token, Path: "/"}})
	return c
}

// newUser makes a user with the account role behind r.
func (o *oidcSite) newUser(t testing.TB, r role) account.User {
	t.Helper()
	ctx := context.Background()
	u, err := o.accounts.Login(ctx, account.Profile{Provider: "test", Subject: uuid.NewString(), Name: string(r)})
	if err != nil {
		t.Fatal(err)
	}
	accRole := account.Resident
	switch r {
	case staff:
		accRole = account.Staff
	case admin:
		accRole = account.Admin
	}
	if err := o.accounts.SetRole(ctx, u.ID, accRole); err != nil {
		t.Fatal(err)
	}
	u.Role = accRole
	if r == blocked {
		now := time.Now().UTC()
		if _, err := o.DB.NewUpdate().Model((*account.User)(nil)).Set("blocked_at = ?, blocked_reason = ?", now, "Spam").
			Where("id = ?", u.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		u.BlockedAt, u.BlockedReason = &now, "Spam"
	}
	return u
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
