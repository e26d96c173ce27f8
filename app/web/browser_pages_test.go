package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Every page of this issue, in both languages, renders in a real browser
// without console or CSP errors and passes axe's WCAG 2.2 A/AA rules.
func TestBrowserPagesAreAccessible(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, newTestServer(t, nil))
	pages := []string{"/", "/buurt/bolwijk", "/buurt/bestaat-niet", "/privacy", "/toegankelijkheid"}
	checked := 0
	for _, lang := range []string{"nl", "en"} {
		for _, p := range pages {
			url := b.baseURL + p + "?lang=" + lang
			if err := chromedp.Do(b.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main#inhoud"))); err != nil {
				t.Fatalf("%s: %v", url, err)
			}
			htmlLang := b.eval(t, `document.documentElement.lang`)
			htmxLoaded := b.eval(t, `String(typeof htmx === "object")`) == "true"
			if htmlLang != lang {
				t.Errorf("%s: html lang = %q", url, htmlLang)
			}
			if !htmxLoaded {
				t.Errorf("%s: htmx did not load", url)
			}
			for _, v := range b.axe(t) {
				t.Errorf("%s: axe %s (%s): %s at %s", url, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
			}
			for _, e := range b.takeErrors() {
				if p == "/buurt/bestaat-niet" && strings.Contains(e, "404") {
					continue // the page itself is a 404, as it should be
				}
				t.Errorf("%s: browser error: %s", url, e)
			}
			checked++
		}
	}
	t.Logf("axe: %d pages checked against %s, no violations unless listed above", checked, axeTags)
}

// The first Tab lands on the skip link, and following it moves focus to
// the main content.
func TestBrowserSkipLinkIsFirstAndWorks(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, newTestServer(t, nil))
	err := chromedp.Do(b.ctx, chromedp.Navigate(b.baseURL+"/"), chromedp.WaitReady(chromedp.CSS("main#inhoud")), chromedp.KeyEvent("\t"))
	if err != nil {
		t.Fatal(err)
	}
	first := b.eval(t, `document.activeElement.className`)
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	afterSkip := b.eval(t, `document.activeElement.id`)
	if first != "bb-skip-link" {
		t.Errorf("first Tab focuses %q, want the skip link", first)
	}
	if afterSkip != "inhoud" {
		t.Errorf("after the skip link, focus is on %q, want main#inhoud", afterSkip)
	}
}
