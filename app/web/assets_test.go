package web

import (
	"github.com/PuerkitoBio/goquery"
	"io"
	"net/http"
	"regexp"
	"testing"
)

func TestStaticFilesHaveContentHashURLs(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	url := s.assets.URL("css/app.css")
	if !regexp.MustCompile(`^/static/css/app\.[0-9a-f]{12}\.css$`).MatchString(url) {
		t.Fatalf("URL = %q, want a content-hash URL", url)
	}
	res := do(t, s, http.MethodGet, url, nil, nil)
	if res.StatusCode != 200 {
		t.Fatalf("status = %d", res.StatusCode)
	}
	if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control = %q", got)
	}
	if got := res.Header.Get("Content-Type"); got != "text/css; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	body, _ := io.ReadAll(res.Body)
	if len(body) == 0 {
		t.Error("empty body")
	}
	for _, bad := range []string{"/static/css/app.css", "/static/css/app.000000000000.css", "/static/../go.mod"} {
		if res := do(t, s, http.MethodGet, bad, nil, nil); res.StatusCode != 404 {
			t.Errorf("%s = %d, want 404", bad, res.StatusCode)
		}
	}
}

// Every asset the layout links must exist: a missing one renders as
// /static/missing/….
func TestLayoutLinksOnlyExistingAssets(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	doc := document(t, do(t, s, http.MethodGet, "/", nil, nil))
	found := doc.Find("link[href^='/static/'], script[src], img[src^='/static/']")
	n := found.Length()
	found.Each(func(_ int, sel *goquery.Selection) {
		url, ok := sel.Attr("href")
		if !ok {
			url, _ = sel.Attr("src")
		}
		if res := do(t, s, http.MethodGet, url, nil, nil); res.StatusCode != 200 {
			t.Errorf("%s = %d", url, res.StatusCode)
		}
	})
	if n < 5 {
		t.Errorf("layout links %d assets, want the stylesheets, htmx and images", n)
	}
}
