package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/oauth2-proxy/mockoidc"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/login"
)

// The whole authorization-code flow through goth against a real OpenID
// Connect provider, on both databases.
func TestOIDCLoginFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		o := newOIDCSite(t, bdb)
		ctx := context.Background()

		// A resident: new, so they are asked for their neighbourhood first.
		c := browserClient(t)
		res := o.login(t, c, &mockoidc.MockUser{Subject: "res-1", Email: "Fatima@Example.org", EmailVerified: true, PreferredUsername: "Fatima"})
		if res.StatusCode != 200 || res.Request.URL.Path != "/profiel/buurt" || res.Request.URL.Query().Get("next") != "/privacy" {
			t.Fatalf("after login: %d %s, want the neighbourhood question with next=/privacy", res.StatusCode, res.Request.URL)
		}
		ck := o.cookie(c, "bb_session")
		if ck == nil || ck.Value == "" {
			t.Fatal("no session cookie after login")
		}
		users, err := o.accounts.UsersOfProvider(ctx, login.OIDCName)
		if err != nil || len(users) != 1 {
			t.Fatalf("users = %v, %v; want one", users, err)
		}
		u := users[0]
		if u.DisplayName != "Fatima" || u.Role != account.Resident || u.Email == nil || *u.Email != "fatima@example.org" {
			t.Errorf("user = %+v (email %v), want Fatima, resident, fatima@example.org", u, u.Email)
		}
		profile := get(t, c, o.URL+"/profiel")
		if profile.StatusCode != 200 || !strings.Contains(text(document(t, profile), "header"), "Fatima") {
			t.Errorf("profile page: %d, header does not show the user", profile.StatusCode)
		}

		// The same identity again: same user, and a new session id.
		res = o.login(t, c, &mockoidc.MockUser{Subject: "res-1", Email: "fatima@example.org", EmailVerified: true})
		if res.StatusCode != 200 {
			t.Fatalf("second login: %d", res.StatusCode)
		}
		again, _ := o.accounts.UsersOfProvider(ctx, login.OIDCName)
		if len(again) != 1 || again[0].ID != u.ID {
			t.Errorf("second login made users %v, want the same one", again)
		}
		if ck2 := o.cookie(c, "bb_session"); ck2 == nil || ck2.Value == ck.Value {
			t.Error("session id was not rotated on the second login")
		}
		if n := count(t, bdb, "sessions"); n != 1 {
			t.Errorf("%d sessions after logging in twice in one browser, want 1", n)
		}
	})
}

func TestOIDCStaffAndEmailRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		o := newOIDCSite(t, bdb)
		tests := []struct {
			name      string
			user      *mockoidc.MockUser
			role      account.Role
			wantEmail string
		}{
			{"staff domain, verified", &mockoidc.MockUser{Subject: "s1", Email: "els@voorbeeld.nl", EmailVerified: true}, account.Staff, "els@voorbeeld.nl"},
			{"other domain", &mockoidc.MockUser{Subject: "s2", Email: "els@example.org", EmailVerified: true}, account.Resident, "els@example.org"},
			{"look-alike domain", &mockoidc.MockUser{Subject: "s3", Email: "els@nietvoorbeeld.nl", EmailVerified: true}, account.Resident, "els@nietvoorbeeld.nl"},
			{"staff domain, unverified", &mockoidc.MockUser{Subject: "s4", Email: "piet@voorbeeld.nl", EmailVerified: false}, account.Resident, ""},
		}
		for _, tt := range tests {
			res := o.login(t, browserClient(t), tt.user)
			if res.StatusCode != 200 {
				t.Fatalf("%s: login ended with %d", tt.name, res.StatusCode)
			}
			u := userBySubject(t, o, bdb, tt.user.Subject)
			if u.Role != tt.role {
				t.Errorf("%s: role = %s, want %s", tt.name, u.Role, tt.role)
			}
			got := ""
			if u.Email != nil {
				got = *u.Email
			}
			if got != tt.wantEmail {
				t.Errorf("%s: stored e-mail %q, want %q", tt.name, got, tt.wantEmail)
			}
		}
	})
}

// userBySubject finds the user linked to an OIDC subject.
func userBySubject(t *testing.T, o *oidcSite, bdb *bun.DB, subject string) account.User {
	t.Helper()
	var id string
	err := bdb.NewSelect().Table("identities").Column("user_id").
		Where("provider = ? AND subject = ?", login.OIDCName, subject).Scan(context.Background(), &id)
	if err != nil {
		t.Fatalf("identity %s: %v", subject, err)
	}
	users, _ := o.accounts.UsersOfProvider(context.Background(), login.OIDCName)
	for _, u := range users {
		if u.ID.String() == id {
			return u
		}
	}
	t.Fatalf("no user for %s", subject)
	return account.User{}
}

func count(t *testing.T, bdb *bun.DB, table string) int {
	t.Helper()
	n, err := bdb.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func get(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// startAttempt begins a login and returns the provider's redirect to our
// callback (code and state), without following it.
func startAttempt(t *testing.T, o *oidcSite, c *http.Client, user *mockoidc.MockUser) *url.URL {
	t.Helper()
	o.IdP.QueueUser(user)
	nc := noRedirects(c)
	res := get(t, nc, o.URL+"/auth/openid-connect")
	if res.StatusCode != http.StatusFound {
		t.Fatalf("start: %d", res.StatusCode)
	}
	authURL, _ := url.Parse(res.Header.Get("Location"))
	q := authURL.Query()
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" || q.Get("state") == "" {
		t.Errorf("authorization URL lacks PKCE, nonce or state: %s", authURL)
	}
	res = get(t, nc, authURL.String())
	cb, err := url.Parse(res.Header.Get("Location"))
	if err != nil || cb.Query().Get("code") == "" {
		t.Fatalf("provider did not redirect back with a code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	return cb
}

func TestCallbackRejections(t *testing.T) {
	t.Parallel()
	o := newOIDCSite(t, nil)
	user := func(sub string) *mockoidc.MockUser {
		return &mockoidc.MockUser{Subject: sub, Email: sub + "@example.org", EmailVerified: true}
	}
	noSession := func(t *testing.T, c *http.Client, res *http.Response, status int, h1 string) {
		t.Helper()
		if res.StatusCode != status {
			t.Errorf("status = %d, want %d", res.StatusCode, status)
		}
		if h1 != "" {
			if got := text(document(t, res), "main h1"); got != h1 {
				t.Errorf("h1 = %q, want %q", got, h1)
			}
		}
		if o.cookie(c, "bb_session") != nil {
			t.Error("a session cookie was set")
		}
	}

	t.Run("wrong state", func(t *testing.T) {
		c := browserClient(t)
		cb := startAttempt(t, o, c, user("wrong-state"))
		q := cb.Query()
		q.Set("state", "forged")
		cb.RawQuery = q.Encode()
		noSession(t, c, get(t, noRedirects(c), cb.String()), 400, "Inloggen is niet gelukt")
	})
	t.Run("missing state", func(t *testing.T) {
		c := browserClient(t)
		cb := startAttempt(t, o, c, user("missing-state"))
		q := cb.Query()
		q.Del("state")
		cb.RawQuery = q.Encode()
		noSession(t, c, get(t, noRedirects(c), cb.String()), 400, "Inloggen is niet gelukt")
	})
	t.Run("callback from another browser", func(t *testing.T) {
		cb := startAttempt(t, o, browserClient(t), user("other-browser"))
		c := browserClient(t) // has no attempt cookie
		noSession(t, c, get(t, noRedirects(c), cb.String()), 400, "Inloggen is niet gelukt")
	})
	t.Run("provider error", func(t *testing.T) {
		c := browserClient(t)
		cb := startAttempt(t, o, c, user("denied"))
		q := cb.Query()
		q.Del("code")
		q.Set("error", "access_denied")
		cb.RawQuery = q.Encode()
		noSession(t, c, get(t, noRedirects(c), cb.String()), 401, "Inloggen afgebroken")
	})
	t.Run("replayed code", func(t *testing.T) {
		c := browserClient(t)
		cb := startAttempt(t, o, c, user("replay"))
		saved := o.cookie(c, "bb_login")
		if res := get(t, noRedirects(c), cb.String()); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first use: %d", res.StatusCode)
		}
		// An attacker replays the callback with the attempt cookie it saw.
		thief := browserClient(t)
		u, _ := url.Parse(o.URL)
		thief.Jar.SetCookies(u, []*http.Cookie{{Name: saved.Name, Value: saved.Value}})
		noSession(t, thief, get(t, noRedirects(thief), cb.String()), 502, "")
	})
	t.Run("unknown provider", func(t *testing.T) {
		c := browserClient(t)
		noSession(t, c, get(t, c, o.URL+"/auth/myspace"), 404, "Pagina niet gevonden")
		noSession(t, c, get(t, c, o.URL+"/auth/myspace/callback?code=x&state=y"), 404, "")
	})
}

func TestSessionEnds(t *testing.T) {
	t.Parallel()
	o := newOIDCSite(t, nil)
	loggedIn := func(t *testing.T, sub string) *http.Client {
		c := browserClient(t)
		if res := o.login(t, c, &mockoidc.MockUser{Subject: sub}); res.StatusCode != 200 {
			t.Fatalf("login: %d", res.StatusCode)
		}
		return c
	}
	profileStatus := func(c *http.Client, ck *http.Cookie) int {
		req, _ := http.NewRequest(http.MethodGet, o.URL+"/profiel", nil)
		req.AddCookie(ck)
		res, err := noRedirects(&http.Client{}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode
	}

	t.Run("after logout", func(t *testing.T) {
		c := loggedIn(t, "logout")
		ck := o.cookie(c, "bb_session")
		res := o.postForm(t, c, "/logout", nil)
		if res.StatusCode != 200 || res.Request.URL.Path != "/" {
			t.Fatalf("logout ended on %d %s", res.StatusCode, res.Request.URL)
		}
		if got := profileStatus(c, ck); got != http.StatusSeeOther {
			t.Errorf("old session cookie after logout: profile %d, want 303 to login", got)
		}
	})
	t.Run("after idle expiry", func(t *testing.T) {
		c := loggedIn(t, "idle")
		ck := o.cookie(c, "bb_session")
		if _, err := o.DB.NewUpdate().Table("sessions").
			Set("last_seen_at = ?", timeAgo(account.IdleTimeout+1)).Where("1 = 1").Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := profileStatus(c, ck); got != http.StatusSeeOther {
			t.Errorf("idle session: profile %d, want 303 to login", got)
		}
	})
	t.Run("log out everywhere", func(t *testing.T) {
		a, b := loggedIn(t, "everywhere"), browserClient(t)
		o.login(t, b, &mockoidc.MockUser{Subject: "everywhere"})
		ckB := o.cookie(b, "bb_session")
		if res := o.postForm(t, a, "/profiel/sessies/beeindigen", nil); res.Request.URL.Path != "/" {
			t.Fatalf("log out everywhere ended on %s", res.Request.URL)
		}
		if got := profileStatus(b, ckB); got != http.StatusSeeOther {
			t.Errorf("other browser after log out everywhere: %d, want 303", got)
		}
	})
}

func TestPostWithoutCSRFTokenIsForbidden(t *testing.T) {
	t.Parallel()
	o := newOIDCSite(t, nil)
	c := browserClient(t)
	o.login(t, c, &mockoidc.MockUser{Subject: "csrf"})
	for _, path := range []string{"/logout", "/profiel", "/profiel/sessies/beeindigen"} {
		res, err := c.Post(o.URL+path, "application/x-www-form-urlencoded", strings.NewReader("name=X"))
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without token: %d, want 403", path, res.StatusCode)
		}
		if h1 := text(document(t, res), "main h1"); h1 != "Dit formulier is verlopen" {
			t.Errorf("POST %s: h1 = %q", path, h1)
		}
	}
	if res := get(t, noRedirects(c), o.URL+"/profiel"); res.StatusCode != 200 {
		t.Errorf("still logged in after refused posts? profile %d", res.StatusCode)
	}
}

func TestProviderDownGivesFriendlyPage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, map[string]string{
		"OIDC_ISSUER": "http://127.0.0.1:1/idp", "OIDC_CLIENT_ID": "x", "OIDC_CLIENT_SECRET": "y",
	})
	res := do(t, s, http.MethodGet, "/auth/openid-connect", nil, nil)
	if res.StatusCode != http.StatusBadGateway {
		t.Fatalf("status = %d, want 502", res.StatusCode)
	}
	if h1 := text(document(t, res), "main h1"); h1 != "Inlogdienst niet bereikbaar" {
		t.Errorf("h1 = %q", h1)
	}
	if hasCookie(res, "bb_login") {
		t.Error("an attempt cookie was set although the provider is down")
	}
}

func TestDemoLogin(t *testing.T) {
	t.Parallel()
	t.Run("localhost without providers", func(t *testing.T) {
		o := newDemoSite(t, nil)
		c := browserClient(t)
		page := document(t, get(t, c, o.URL+"/inloggen"))
		var anouk string
		page.Find(`input[name="user"]`).Each(func(_ int, sel *goquery.Selection) {
			id, _ := sel.Attr("id")
			if strings.Contains(text(page, `label[for="`+id+`"]`), "Anouk") {
				anouk, _ = sel.Attr("value")
			}
		})
		if anouk == "" {
			t.Fatal("login page lists no demo resident")
		}
		res := o.postForm(t, c, "/inloggen/demo", url.Values{"user": {anouk}, "next": {"/privacy"}})
		if res.StatusCode != 200 || res.Request.URL.Path != "/privacy" || !strings.Contains(text(document(t, res), "header"), "Anouk") {
			t.Errorf("demo login ended on %d %s", res.StatusCode, res.Request.URL)
		}
		bad := o.postForm(t, browserClient(t), "/inloggen/demo", url.Values{"user": {"00000000-0000-0000-0000-000000000000"}})
		if bad.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("demo login as a non-demo user: %d, want 422", bad.StatusCode)
		}
	})
	t.Run("any other host", func(t *testing.T) {
		o := newDemoSite(t, map[string]string{"BASE_URL": "https://buurtboost.voorbeeld.nl", "SESSION_SECRET": strings.Repeat("s", 40)})
		c := browserClient(t)
		res := get(t, c, o.URL+"/inloggen")
		if strings.Contains(readAll(t, res), "/inloggen/demo") {
			t.Error("login page offers the demo login on a public host")
		}
		form := url.Values{"user": {"x"}, "csrf": {"t"}}
		req, _ := http.NewRequest(http.MethodPost, o.URL+"/inloggen/demo", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "__Host-bb_csrf", Value: "t"})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("POST /inloggen/demo on a public host: %d, want 404", res.StatusCode)
		}
	})
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Writes are rate limited per client IP; reads are not.
func TestWritesAreRateLimited(t *testing.T) {
	t.Parallel()
	o := newSite(t, nil, map[string]string{"RATE_LIMIT": "default"})
	c := browserClient(t)
	token := o.csrf(t, c)
	statuses := map[int]int{}
	for i := 0; i < defaultWriteLimit.Burst+5; i++ {
		res, err := noRedirects(c).PostForm(o.URL+"/logout", url.Values{"csrf": {token}})
		if err != nil {
			t.Fatal(err)
		}
		statuses[res.StatusCode]++
		if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if statuses[http.StatusSeeOther] < defaultWriteLimit.Burst || statuses[http.StatusTooManyRequests] == 0 {
		t.Errorf("statuses = %v; want the burst to pass and the rest refused with 429", statuses)
	}
	for i := 0; i < 5; i++ {
		if res := get(t, c, o.URL+"/privacy"); res.StatusCode != 200 {
			t.Fatalf("read after the write limit: %d", res.StatusCode)
		}
	}
}
