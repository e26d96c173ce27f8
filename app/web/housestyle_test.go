package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// houseStyleLink returns the stylesheet link of the page at path, as the
// browser c sees it.
func (o *oidcSite) houseStyleLink(t *testing.T, c *http.Client, path string) string {
	t.Helper()
	href, _ := document(t, get(t, c, o.URL+path)).Find(`link[rel="stylesheet"][href^="/huisstijl.css"]`).Attr("href")
	return href
}

// The municipality's colours reach every page as a stylesheet the CSP
// allows: linked with a version, cached for a year at that version, new
// when the colours change; a primary colour too light for white text and
// links is refused with a message in the form.
func TestHouseStyle(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	_, c := o.asRole(t, admin)
	c = noRedirects(c)
	anon := browserClient(t)
	first := o.houseStyleLink(t, anon, "/")
	if !strings.HasPrefix(first, "/huisstijl.css?v=") {
		t.Fatalf("the home page links %q", first)
	}
	res := get(t, anon, o.URL+first)
	css, _ := io.ReadAll(res.Body)
	res.Body.Close()
	// The demo municipality's colours: a dark green, and a yellow accent
	// whose foreground is dark.
	for _, want := range []string{".buurtboost-theme {", "--bb-color-primary: #00665a;", "--bb-color-primary-dark: #004d44;",
		"--bb-color-on-primary: #ffffff;", "--bb-color-accent: #f5b400;", "--bb-color-on-accent: #1a1a1a;"} {
		if !strings.Contains(string(css), want) {
			t.Errorf("stylesheet lacks %q:\n%s", want, css)
		}
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/css; charset=utf-8" ||
		res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || res.Header.Get("ETag") == "" {
		t.Errorf("stylesheet: %d %q %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
	}
	etag := res.Header.Get("ETag")
	req, _ := http.NewRequest(http.MethodGet, o.URL+"/huisstijl.css", nil)
	req.Header.Set("If-None-Match", etag)
	if res, err := anon.Do(req); err != nil || res.StatusCode != http.StatusNotModified || res.Header.Get("Cache-Control") != "public, no-cache" {
		t.Errorf("revalidating without a version: %v %v", res, err)
	}

	form := url.Values{"name": {"Gemeente Proefstad"}, "primary_color": {"#FFDD00"}, "accent_color": {"#01689b"}}
	res = o.postForm(t, c, "/beheer/instellingen", form)
	doc := document(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("#primary_color-fout").Text(), "te licht") {
		t.Errorf("a yellow main colour: %d, %q", res.StatusCode, doc.Find("#primary_color-fout").Text())
	}
	form.Set("primary_color", "#01689b")
	form.Set("accent_color", "#ffdd00")
	if res := o.postForm(t, c, "/beheer/instellingen", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving colours: %d", res.StatusCode)
	}
	second := o.houseStyleLink(t, anon, "/privacy")
	if second == first || !strings.HasPrefix(second, "/huisstijl.css?v=") {
		t.Errorf("after new colours the link is %q (was %q)", second, first)
	}
	res = get(t, anon, o.URL+second)
	css, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(css), "--bb-color-primary: #01689b;") || !strings.Contains(string(css), "--bb-color-on-accent: #1a1a1a;") {
		t.Errorf("new stylesheet:\n%s", css)
	}
	// A page still holding the old version gets the new colours, but not
	// for long.
	if res := get(t, anon, o.URL+first); res.Header.Get("Cache-Control") != "public, no-cache" {
		t.Errorf("the old version is cached as %q", res.Header.Get("Cache-Control"))
	}
	// No colours: no stylesheet, the theme's defaults.
	if res := o.postForm(t, c, "/beheer/instellingen", url.Values{"name": {"Gemeente Proefstad"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("clearing colours: %d", res.StatusCode)
	}
	if href := o.houseStyleLink(t, anon, "/"); href != "" {
		t.Errorf("without colours the page links %q", href)
	}
}
