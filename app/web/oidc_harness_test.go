package web

import (
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// staffDomain is the e-mail domain that makes an OIDC user staff in tests.
const staffDomain = "voorbeeld.nl"

// oidcSite is Buurtboost served on a real port next to an in-process
// OpenID Connect provider, so that goth runs the whole authorization-code
// flow over HTTP.
type oidcSite struct {
	*Server
	URL string
	DB  *bun.DB
	IdP *mockoidc.MockOIDC
}

// newOIDCSite starts the provider and the site on bdb (SQLite when nil).
func newOIDCSite(t testing.TB, bdb *bun.DB) *oidcSite {
	t.Helper()
	idp, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown() })
	o := newSite(t, bdb, map[string]string{
		"OIDC_ISSUER": idp.Issuer(), "OIDC_CLIENT_ID": idp.ClientID,
		"OIDC_CLIENT_SECRET": idp.ClientSecret, "OIDC_NAME": "Gemeente Voorbeeld (medewerkers)",
		"STAFF_EMAIL_DOMAINS": staffDomain,
	})
	o.IdP = idp
	return o
}

// newDemoSite serves the site without login providers: on localhost it
// offers the demo login. env may override BASE_URL.
func newDemoSite(t testing.TB, env map[string]string) *oidcSite {
	t.Helper()
	return newSite(t, nil, env)
}

// newSite serves the site on a real port; BASE_URL is that port unless
// env says otherwise.
func newSite(t testing.TB, bdb *bun.DB, env map[string]string) *oidcSite {
	t.Helper()
	if bdb == nil {
		bdb = dbtest.SQLite(t)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	full := map[string]string{"BASE_URL": base}
	for k, v := range env {
		full[k] = v
	}
	s := newTestServerOn(t, bdb, full)
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	return &oidcSite{Server: s, URL: base, DB: bdb}
}

// timeAgo is the moment d before now.
func timeAgo(d time.Duration) time.Time { return time.Now().Add(-d).UTC() }

// browserClient is an HTTP client with a cookie jar that follows redirects,
// like a browser.
func browserClient(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// noRedirects stops a client at the first redirect, to inspect it.
func noRedirects(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

// cookie returns the named cookie the client holds for the site.
func (o *oidcSite) cookie(c *http.Client, name string) *http.Cookie {
	u, _ := url.Parse(o.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// csrf fetches a page and returns the CSRF token from its meta tag: the
// login page, which anonymous visitors get for themselves (the home page
// they share has no token) and which sends logged-in users home.
func (o *oidcSite) csrf(t testing.TB, c *http.Client) string {
	t.Helper()
	res, err := c.Get(o.URL + "/inloggen")
	if err == nil && res.StatusCode == http.StatusSeeOther { // logged in, and c does not follow
		res.Body.Close()
		res, err = c.Get(o.URL + "/")
	}
	if err != nil {
		t.Fatal(err)
	}
	doc := document(t, res)
	tok, _ := doc.Find(`meta[name="csrf-token"]`).Attr("content")
	if tok == "" {
		t.Fatal("no csrf-token meta tag")
	}
	return tok
}

// postForm posts values with the client's CSRF token.
func (o *oidcSite) postForm(t testing.TB, c *http.Client, path string, values url.Values) *http.Response {
	t.Helper()
	if values == nil {
		values = url.Values{}
	}
	values.Set("csrf", o.csrf(t, c))
	res, err := c.Post(o.URL+path, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// login runs the full authorization-code flow for user through goth and
// returns the response the browser ends on.
func (o *oidcSite) login(t testing.TB, c *http.Client, user *mockoidc.MockUser) *http.Response {
	t.Helper()
	o.IdP.QueueUser(user)
	res, err := c.Get(o.URL + "/auth/openid-connect?next=/privacy")
	if err != nil {
		t.Fatal(err)
	}
	return res
}
