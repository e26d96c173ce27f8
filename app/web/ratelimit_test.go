package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/ratelimit"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// anonymousPost posts form values from ip with a fresh CSRF cookie and token.
func anonymousPost(t *testing.T, s *Server, ip, path string) *http.Response {
	t.Helper()
	page := httptest.NewRequest(http.MethodGet, "/inloggen", nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, page)
	res := rec.Result()
	tok, _ := document(t, res).Find(`meta[name="csrf-token"]`).Attr("content")
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(url.Values{"csrf": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = ip + ":1234"
	for _, ck := range res.Cookies() {
		req.AddCookie(ck)
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec.Result()
}

// A write over its limit gets the friendly 429 page with Retry-After, and
// is allowed again once the window has passed.
func TestActionLimit429AndRecovery(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	clock := &fakeClock{time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	s.limiter = ratelimit.New(ratelimit.Limits{ratelimit.Writes: {N: 2, Per: time.Hour}}, clock.now)
	for i := range 2 {
		if res := anonymousPost(t, s, "192.0.2.7", "/logout"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("write %d: %d", i+1, res.StatusCode)
		}
	}
	clock.t = clock.t.Add(15 * time.Minute)
	res := anonymousPost(t, s, "192.0.2.7", "/logout")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "2700" {
		t.Fatalf("third write: %d, Retry-After %q; want 429, 2700", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if h := text(document(t, res), "h1"); h != "Even rustig aan" {
		t.Errorf("429 page heading = %q", h)
	}
	if res := anonymousPost(t, s, "192.0.2.8", "/logout"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another IP: %d", res.StatusCode)
	}
	clock.t = clock.t.Add(45 * time.Minute)
	if res := anonymousPost(t, s, "192.0.2.7", "/logout"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", res.StatusCode)
	}
}

// limitCtx is a request context for path from ip, logged in as u if set.
func limitCtx(s *Server, ip string, u *account.User) echo.Context {
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	req.RemoteAddr = ip + ":1"
	c := s.echo.NewContext(req, httptest.NewRecorder())
	if u != nil {
		c.Set(ctxUser, u)
	}
	return c
}

// Limits hold per user and per IP separately: a user cannot dodge theirs
// from another address, and a busy address stops everyone behind it.
func TestActionLimitPerUserAndPerIP(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	clock := &fakeClock{time.Unix(0, 0)}
	s.limiter = ratelimit.New(ratelimit.Limits{
		ratelimit.Ideas: {N: 2, Per: time.Hour}, ratelimit.Writes: {N: 100, Per: time.Hour},
	}, clock.now)
	anna := &account.User{ID: uuid.Must(uuid.NewV7())}
	bram := &account.User{ID: uuid.Must(uuid.NewV7())}
	const ideas = "/initiatief/:slug/ideeen"
	limited := func(ip string, u *account.User, path string) bool {
		return s.limitAction(limitCtx(s, ip, u), path) != nil
	}
	if limited("192.0.2.1", anna, ideas) || limited("192.0.2.2", anna, ideas) {
		t.Fatal("anna's first two ideas refused")
	}
	if !limited("192.0.2.3", anna, ideas) {
		t.Error("anna dodged her limit from a third address")
	}
	if limited("192.0.2.3", anna, "/idee/:id/reacties") {
		t.Error("a comment counted against the ideas limit")
	}
	first, second := limited("192.0.2.4", bram, ideas), limited("192.0.2.4", bram, ideas)
	if first || second {
		t.Fatal("bram's first two ideas refused")
	}
	if !limited("192.0.2.4", nil, ideas) {
		t.Error("an anonymous request from bram's busy address was allowed")
	}
	clock.t = clock.t.Add(time.Hour)
	if limited("192.0.2.3", anna, ideas) {
		t.Error("anna still refused after the window")
	}
}

// Reads are never limited.
func TestActionLimitSkipsReads(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	s.limiter = ratelimit.New(ratelimit.Limits{ratelimit.Writes: {N: 1, Per: time.Hour}}, time.Now)
	for range 3 {
		if res := do(t, s, http.MethodGet, "/privacy", nil, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("read: %d", res.StatusCode)
		}
	}
}

// Every route in routeActions exists, so a renamed route cannot silently
// fall back to the default limit.
func TestRouteActionsAreRoutes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	known := map[string]bool{}
	for _, r := range s.routeTable {
		if r.Method == http.MethodPost {
			known[r.Path] = true
		}
	}
	for p := range routeActions {
		if !known[p] {
			t.Errorf("routeActions names %s, which is not a POST route", p)
		}
	}
}
