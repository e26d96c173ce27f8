package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// ASVS 3.4 and 14.4: on https every kind of response — public pages,
// pages behind login, redirects, error pages, refused writes — carries
// the security headers, HSTS for two years and a Permissions-Policy that
// turns off what the site never uses.
func TestSecurityHeadersOnRepresentativePages(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, map[string]string{"BASE_URL": "https://localhost:8443"})
	u := (&oidcSite{Server: s}).newUser(t, resident)
	token, err := s.accounts.StartSession(context.Background(), u.ID, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	session := map[string]string{"Cookie": s.sessionCookieName() + "=" + token}
	tests := []struct {
		name, method, target string
		header               map[string]string
		status               int
	}{
		{"home", http.MethodGet, "/", nil, 200},
		{"neighbourhood", http.MethodGet, "/buurt/bolwijk", nil, 200},
		{"login page", http.MethodGet, "/inloggen", nil, 200},
		{"redirect to login", http.MethodGet, "/initiatieven/nieuw", nil, http.StatusSeeOther},
		{"not found", http.MethodGet, "/nergens", nil, 404},
		{"write without csrf token", http.MethodPost, "/profiel", session, http.StatusForbidden},
		{"profile", http.MethodGet, "/profiel", session, 200},
		{"initiative form", http.MethodGet, "/initiatieven/nieuw", session, 200},
		{"sitemap", http.MethodGet, "/sitemap.xml", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, s, tt.method, tt.target, tt.header, nil)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			assertSecurityHeaders(t, res.Header)
			if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "max-age=63072000; includeSubDomains" {
				t.Errorf("HSTS = %q", hsts)
			}
			pp := res.Header.Get("Permissions-Policy")
			for _, want := range []string{"camera=()", "microphone=()", "geolocation=()"} {
				if !strings.Contains(pp, want) {
					t.Errorf("Permissions-Policy %q lacks %s", pp, want)
				}
			}
		})
	}
}

// ASVS 3.4.1-3.4.5 and 4.2.2: the CSRF cookie is SameSite=Lax as well as
// HttpOnly and Secure on https; on plain http (local development) the
// cookies drop the __Host- prefix and Secure, which browsers would refuse
// there, but stay HttpOnly and SameSite=Lax.
func TestCookieAttributes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		base, csrf, session string
		secure              bool
	}{
		{"https://localhost:8443", "__Host-bb_csrf", "__Host-bb_session", true},
		{"http://localhost:8080", "bb_csrf", "bb_session", false},
	} {
		t.Run(tt.base, func(t *testing.T) {
			s := newTestServer(t, map[string]string{"BASE_URL": tt.base})
			if got := s.sessionCookieName(); got != tt.session {
				t.Errorf("session cookie name = %q, want %q", got, tt.session)
			}
			res := do(t, s, http.MethodGet, "/inloggen", nil, nil)
			res.Body.Close()
			var ck *http.Cookie
			for _, c := range res.Cookies() {
				if c.Name == tt.csrf {
					ck = c
				}
			}
			if ck == nil || !ck.HttpOnly || ck.Secure != tt.secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "" {
				t.Errorf("csrf cookie = %+v (all cookies %v)", ck, res.Header.Values("Set-Cookie"))
			}
		})
	}
}

// ASVS 12.5.2 and 5.3: an uploaded file is served as the JPEG it was
// re-encoded to, never sniffed, as an inline attachment with a fixed name,
// under a policy that runs nothing — even if its bytes are HTML. Only
// cover JPEG keys are served at all.
func TestMediaIsServedInert(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, map[string]string{"BASE_URL": "https://localhost:8443"})
	ctx := context.Background()
	payload := []byte("<html><script>alert(document.cookie)</script></html>")
	for _, key := range []string{"covers/0192aa.jpg", "covers/0192aa.html", "other/0192aa.jpg"} {
		if err := s.uploads.Put(ctx, key, bytes.NewReader(payload), "text/html"); err != nil {
			t.Fatal(err)
		}
	}
	res := do(t, s, http.MethodGet, "/media/covers/0192aa.jpg", nil, nil)
	res.Body.Close()
	want := map[string]string{
		"Content-Type":            "image/jpeg",
		"X-Content-Type-Options":  "nosniff",
		"Content-Disposition":     `inline; filename="0192aa.jpg"`,
		"Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
	}
	if res.StatusCode != 200 {
		t.Fatalf("status = %d", res.StatusCode)
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	for _, target := range []string{"/media/covers/0192aa.html", "/media/other/0192aa.jpg",
		"/media/covers/../other/0192aa.jpg", "/media/covers/%2e%2e/other/0192aa.jpg", "/media/covers/.jpg"} {
		res := do(t, s, http.MethodGet, target, nil, nil)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", target, res.StatusCode)
		}
	}
}

// ASVS 7.1.1: a secret token in a URL path (an invitation, an unsubscribe
// or calendar-feed link) never reaches the request log; other paths do.
func TestRequestLogOmitsURLTokens(t *testing.T) {
	s := newTestServer(t, nil)
	var buf bytes.Buffer
	s.log = slog.New(slog.NewTextHandler(&buf, nil))
	const secret = "geheim0123456789geheim"
	for _, target := range []string{"/uitnodiging/" + secret, "/kalender/" + secret, "/buurt/bolwijk?lang=en"} {
		do(t, s, http.MethodGet, target, nil, nil).Body.Close()
	}
	log := buf.String()
	if strings.Contains(log, secret) {
		t.Errorf("log holds the token:\n%s", log)
	}
	for _, want := range []string{"uri=/uitnodiging/:token", "uri=/kalender/:token", `uri="/buurt/bolwijk?lang=en"`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
}

// ASVS 5.1.5: return paths (next, terug) stay on this site.
func TestSafeNextKeepsRedirectsLocal(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/initiatief/x?tab=1":  "/initiatief/x?tab=1",
		"":                     "/",
		"https://evil.example": "/",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"/\t/evil.example":     "/",
		"/\n/evil.example":     "/",
		"javascript:alert(1)":  "/",
		"evil.example/pad":     "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
