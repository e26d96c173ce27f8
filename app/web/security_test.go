package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func assertSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
		"X-Frame-Options":        "DENY",
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
}

// assertNoInlineCode fails on anything a strict CSP would block: inline
// scripts, event-handler attributes, style elements or attributes.
func assertNoInlineCode(t *testing.T, doc *goquery.Document) {
	t.Helper()
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if src, ok := s.Attr("src"); !ok || src == "" || strings.TrimSpace(s.Text()) != "" {
			t.Errorf("inline script: %s", goquery.NodeName(s))
		}
	})
	if n := doc.Find("style, [style]").Length(); n > 0 {
		t.Errorf("%d inline styles", n)
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("event handler attribute %s on <%s>", a.Key, goquery.NodeName(s))
			}
		}
	})
	// Canonical and alternate links name pages, they load nothing.
	doc.Find(`[src], link[href]:not([rel="canonical"]):not([rel="alternate"])`).Each(func(_ int, s *goquery.Selection) {
		for _, attr := range []string{"src", "href"} {
			if v, ok := s.Attr(attr); ok && (strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//")) {
				t.Errorf("loads from another host: %s", v)
			}
		}
	})
}

// On https the session and CSRF cookies are __Host- prefixed, Secure,
// HttpOnly and SameSite=Lax; a login replaces the session id.
func TestSessionCookieOnHTTPS(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, map[string]string{"BASE_URL": "https://localhost:8443"})
	page := do(t, s, http.MethodGet, "/inloggen", nil, nil)
	var csrfCookie *http.Cookie
	for _, c := range page.Cookies() {
		if c.Name == "__Host-bb_csrf" {
			csrfCookie = c
		}
	}
	if csrfCookie == nil || !csrfCookie.Secure || !csrfCookie.HttpOnly || csrfCookie.Path != "/" {
		t.Fatalf("csrf cookie = %+v", csrfCookie)
	}
	doc := document(t, page)
	user, _ := doc.Find(`input[name="user"]`).First().Attr("value")
	token, _ := doc.Find(`input[name="csrf"]`).First().Attr("value")
	body := strings.NewReader(url.Values{"user": {user}, "csrf": {token}}.Encode())
	res := do(t, s, http.MethodPost, "/inloggen/demo", map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Cookie": csrfCookie.Name + "=" + csrfCookie.Value,
	}, body)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("demo login: %d", res.StatusCode)
	}
	var sess *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "__Host-bb_session" {
			sess = c
		}
	}
	if sess == nil || !sess.Secure || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.Domain != "" || len(sess.Value) < 43 {
		t.Errorf("session cookie = %+v", sess)
	}
}
