package web

import (
	"github.com/labstack/echo/v4"
	"net/http"
	"strings"
	"testing"
)

// Every page route, in both languages: status, language, the heading that
// matters, and the security headers.
func TestPageRoutes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	tests := []struct {
		name, target string
		header       map[string]string
		status       int
		lang, h1     string
	}{
		{"home in Dutch", "/", nil, 200, "nl", "Wat gebeurt er in jouw buurt?"},
		{"home in English by query", "/?lang=en", nil, 200, "en", "What's happening in your neighbourhood?"},
		{"home in English by browser", "/", map[string]string{"Accept-Language": "en-GB,en;q=0.9"}, 200, "en", "What's happening in your neighbourhood?"},
		{"language cookie wins over browser", "/", map[string]string{"Accept-Language": "en", "Cookie": "lang=nl"}, 200, "nl", "Wat gebeurt er in jouw buurt?"},
		{"neighbourhood", "/buurt/bolwijk", nil, 200, "nl", "Bolwijk"},
		{"neighbourhood in English", "/buurt/bolwijk?lang=en", nil, 200, "en", "Bolwijk"},
		{"privacy statement", "/privacy", nil, 200, "nl", "Privacyverklaring"},
		{"privacy statement in English", "/privacy?lang=en", nil, 200, "en", "Privacy statement"},
		{"accessibility statement", "/toegankelijkheid", nil, 200, "nl", "Toegankelijkheidsverklaring"},
		{"accessibility statement in English", "/toegankelijkheid?lang=en", nil, 200, "en", "Accessibility statement"},
		{"unknown neighbourhood", "/buurt/bestaat-niet", nil, 404, "nl", "Pagina niet gevonden"},
		{"unknown neighbourhood in English", "/buurt/bestaat-niet?lang=en", nil, 404, "en", "Page not found"},
		{"unknown page", "/nergens", nil, 404, "nl", "Pagina niet gevonden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := do(t, s, http.MethodGet, tt.target, tt.header, nil)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			assertSecurityHeaders(t, res.Header)
			doc := document(t, res)
			if lang, _ := doc.Find("html").Attr("lang"); lang != tt.lang {
				t.Errorf("html lang = %q, want %q", lang, tt.lang)
			}
			if got := text(doc, "main h1"); got != tt.h1 {
				t.Errorf("h1 = %q, want %q", got, tt.h1)
			}
			if doc.Find("a.bb-skip-link[href='#inhoud']").Length() != 1 || doc.Find("main#inhoud").Length() != 1 {
				t.Error("skip link or its target is missing")
			}
			assertNoInlineCode(t, doc)
		})
	}
}

func TestHomeListsTheNeighbourhoods(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	doc := document(t, do(t, s, http.MethodGet, "/", nil, nil))
	links := doc.Find("#buurten ~ ul a[href^='/buurt/']")
	if links.Length() < 6 {
		t.Fatalf("home links to %d neighbourhoods, want the 6+ seeded", links.Length())
	}
	if got := text(doc, "a[href='/buurt/molenbuurt']"); got != "Molenbuurt" {
		t.Errorf("link to molenbuurt reads %q", got)
	}
	if doc.Find(".bb-tag").Length() != 10 {
		t.Errorf("home shows %d themes, want 10", doc.Find(".bb-tag").Length())
	}
	if got := text(doc, "header .bb-brand__name"); got != "Gemeente Voorbeeld" {
		t.Errorf("header names %q, want the municipality", got)
	}
	if href, _ := doc.Find("a.bb-lang").Attr("href"); href != "/?lang=en" {
		t.Errorf("language switch goes to %q", href)
	}
}

func TestNeighbourhoodShowsItsEmptyState(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	doc := document(t, do(t, s, http.MethodGet, "/buurt/havenkwartier?lang=en", nil, nil))
	if got := text(doc, ".bb-empty-state strong"); got != "No initiatives in Havenkwartier yet" {
		t.Errorf("empty state heading = %q", got)
	}
	if got := text(doc, ".bb-meta"); got != "3180 residents" {
		t.Errorf("population line = %q", got)
	}
}

func TestChoosingALanguageSetsACookie(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	res := do(t, s, http.MethodGet, "/privacy?lang=en", nil, nil)
	var found bool
	for _, c := range res.Cookies() {
		if c.Name == "lang" && c.Value == "en" && c.HttpOnly && c.SameSite == http.SameSiteLaxMode {
			found = true
		}
	}
	if !found {
		t.Errorf("no lang=en cookie set: %v", res.Header.Values("Set-Cookie"))
	}
	res = do(t, s, http.MethodGet, "/privacy?lang=xx", nil, nil)
	if hasCookie(res, "lang") {
		t.Errorf("unsupported language set a cookie: %v", res.Header.Values("Set-Cookie"))
	}
}

func TestErrorPages(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	tests := []struct {
		name, method, target string
		header               map[string]string
		body                 string
		status               int
		h1                   string
	}{
		{"wrong method", http.MethodPost, "/privacy", nil, "", 405, "Dit kan hier niet"},
		{"wrong method in English", http.MethodDelete, "/?lang=en", nil, "", 405, "Not possible here"},
		{"oversized body", http.MethodPost, "/", nil, strings.Repeat("x", 1<<20+1), 413, "Te veel gegevens"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := do(t, s, tt.method, tt.target, tt.header, strings.NewReader(tt.body))
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			assertSecurityHeaders(t, res.Header)
			if got := text(document(t, res), "main h1"); got != tt.h1 {
				t.Errorf("h1 = %q, want %q", got, tt.h1)
			}
		})
	}
}

func TestPanicGivesAFriendly500WithRequestID(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	s.echo.GET("/test-panic", func(echo.Context) error { panic("boom") })
	res := do(t, s, http.MethodGet, "/test-panic", nil, nil)
	if res.StatusCode != 500 {
		t.Fatalf("status = %d, want 500", res.StatusCode)
	}
	id := res.Header.Get("X-Request-Id")
	doc := document(t, res)
	if got := text(doc, "main h1"); got != "Er ging iets mis bij ons" {
		t.Errorf("h1 = %q", got)
	}
	if id == "" || !strings.Contains(text(doc, "main .bb-meta"), id) {
		t.Errorf("page does not show the request id %q", id)
	}
}

func TestHSTSOnlyOnHTTPS(t *testing.T) {
	t.Parallel()
	plain := do(t, newTestServer(t, nil), http.MethodGet, "/", nil, nil)
	if plain.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent on plain http")
	}
	secure := newTestServer(t, map[string]string{
		"BASE_URL": "https://buurt.example.nl", "SESSION_SECRET": strings.Repeat("s", 32),
	})
	res := do(t, secure, http.MethodGet, "/", nil, nil)
	if !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS on https")
	}
}

func TestHTMLIsGzipped(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	res := do(t, s, http.MethodGet, "/", map[string]string{"Accept-Encoding": "gzip"}, nil)
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
	}
}

func hasCookie(res *http.Response, name string) bool {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return true
		}
	}
	return false
}
