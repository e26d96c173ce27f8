package web

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// body fetches path with c and returns the status and the page.
func body(t *testing.T, c *http.Client, u string, header map[string]string) (int, string) {
	t.Helper()
	status, page, _ := bodyEncoded(t, c, u, header)
	return status, page
}

// bodyEncoded is body with the Content-Encoding the page came in.
func bodyEncoded(t *testing.T, c *http.Client, u string, header map[string]string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	r := io.Reader(res.Body)
	if res.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(res.Body); err != nil {
			t.Fatal(err)
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b), res.Header.Get("Content-Encoding")
}

// Anonymous visitors share one rendering of a public page until something
// is written through the site; logged-in users always see it as it is.
func TestAnonymousVisitorsSharePagesUntilAWrite(t *testing.T) {
	o := newSite(t, nil, nil)
	fx := newFixture(t, o)
	page := o.URL + "/idee/" + fx.idea
	anon := browserClient(t)
	if _, b := body(t, anon, page, nil); !strings.Contains(b, "Lampjes in de bomen") {
		t.Fatal("the idea page lacks its title")
	}
	// A change that bypasses the site (as another process would make it)
	// is not seen by anonymous visitors yet, but is by a logged-in user.
	if _, err := o.DB.NewUpdate().Table("ideas").Set("title = ?", "Lichtjes in de bomen").
		Where("id = ?", fx.idea).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, b := body(t, browserClient(t), page, nil); !strings.Contains(b, "Lampjes in de bomen") {
		t.Error("a second anonymous visitor did not get the shared page")
	}
	resident := o.loggedInResident(t)
	if _, b := body(t, resident, page, nil); !strings.Contains(b, "Lichtjes in de bomen") {
		t.Error("a logged-in user got the shared page")
	}
	// A write through the site makes every shared page stale.
	res := o.postForm(t, resident, "/idee/"+fx.idea+"/steunen", url.Values{})
	res.Body.Close()
	if _, b := body(t, anon, page, nil); !strings.Contains(b, "Lichtjes in de bomen") || !strings.Contains(b, `bb-support__number">1<`) {
		t.Error("after a support, anonymous visitors still got the old page")
	}
}

// A shared page carries nothing of the visitor who caused it to be
// rendered: no CSRF token, no cookie of its own; and it is sent in the
// encoding each visitor asks for.
func TestSharedPagesHoldNothingPersonal(t *testing.T) {
	o := newSite(t, nil, nil)
	fx := newFixture(t, o)
	for _, path := range []string{"/", "/idee/" + fx.idea, "/initiatief/" + fx.slug} {
		tr := &http.Transport{DisableCompression: true}
		plain := &http.Client{Transport: tr}
		zipped := browserClient(t)
		// Twice each, in both orders of encodings: rendered, then shared.
		for i, c := range []*http.Client{zipped, plain, plain, zipped} {
			header := map[string]string{}
			if c == zipped {
				header["Accept-Encoding"] = "gzip"
			}
			status, b, enc := bodyEncoded(t, c, o.URL+path, header)
			if status != http.StatusOK || !strings.Contains(b, "</html>") {
				t.Fatalf("%s, request %d: status %d, %d bytes of HTML", path, i, status, len(b))
			}
			if want := header["Accept-Encoding"]; enc != want {
				t.Errorf("%s, request %d: Content-Encoding %q, want %q", path, i, enc, want)
			}
			if strings.Contains(b, `name="csrf-token"`) || strings.Contains(b, `name="csrf"`) {
				t.Errorf("%s, request %d: a shared page has a CSRF token", path, i)
			}
		}
		tr.CloseIdleConnections()
	}
}

// A shared page is rendered again once sharedPageTTL has passed, so that
// changes made by another process show.
func TestSharedPagesExpire(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	p := newSharedPages(func() time.Time { return now })
	p.put("nl /", &sharedPage{version: p.version.Load(), rendered: now, status: http.StatusOK, body: []byte("x")})
	if p.get("nl /") == nil {
		t.Fatal("a fresh page is not served")
	}
	if p.get("en /") != nil {
		t.Error("a page is served in another language")
	}
	now = now.Add(sharedPageTTL)
	if p.get("nl /") != nil {
		t.Error("a page older than the TTL is served")
	}
}

// The cache bounds its memory by starting over.
func TestSharedPagesBoundTheirSize(t *testing.T) {
	p := newSharedPages(time.Now)
	big := make([]byte, sharedPageBytes/3+1)
	for i := range 4 {
		p.put(uuid.NewString(), &sharedPage{version: p.version.Load(), rendered: time.Now(), status: 200, body: big})
		if p.size > sharedPageBytes {
			t.Fatalf("after %d pages: %d bytes kept, more than %d", i+1, p.size, sharedPageBytes)
		}
	}
}
