package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// searchBrowserSite serves a site with the fixture's content indexed.
func searchBrowserSite(t *testing.T) (*oidcSite, fixture) {
	t.Helper()
	chromiumPath(t)
	bdb := dbtest.SQLite(t)
	s := newTestServerOn(t, bdb, nil)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	o := &oidcSite{Server: s, URL: ts.URL, DB: bdb}
	fx := newFixture(t, o)
	o.indexAll(t)
	return o, fx
}

// With JavaScript: typing in the search box shows results without a page
// load, and the address follows the query; the header box leads to the
// search page. Every state of the page passes axe in both languages.
func TestBrowserSearchAsYouType(t *testing.T) {
	t.Parallel()
	o, fx := searchBrowserSite(t)
	tr := newTour(t, newBrowserAt(t, o.URL))
	tr.checkBoth("search page, empty", "/zoeken")
	tr.checkBoth("search page, results", "/zoeken?q=lampjes")
	tr.checkBoth("search page, no results", "/zoeken?q=qqqzzz")

	tr.open("/zoeken")
	tr.mark()
	tr.do("type in the search box", chromedp.SendKeys(chromedp.CSS("#q"), "lamp"))
	hit := `.bb-search__hit a[href="/idee/` + fx.idea + `"]`
	tr.waitUntil("results while typing", `document.querySelector('`+hit+`')`)
	if !tr.marked() {
		t.Error("searching as you type loaded a new page")
	}
	if got := tr.eval(`location.search`); !strings.HasPrefix(got, "?q=lamp") {
		t.Errorf("address after typing = %q, want ?q=lamp…", got)
	}
	if got := tr.text(hit + " mark"); got != "Lampjes" {
		t.Errorf("highlight = %q, want Lampjes", got)
	}
	tr.check("search page after typing")

	tr.open("/privacy")
	tr.do("search from the header", chromedp.SendKeys(chromedp.CSS("#kop-zoeken"), "straatdiner\r"))
	tr.waitUntil("the search page", `location.pathname === "/zoeken" && document.querySelector('.bb-search__hit')`)
	if !tr.is(`document.querySelector('.bb-search__hit h2 a[href="/initiatief/` + fx.slug + `"]')`) {
		t.Error("header search: the initiative is not among the hits")
	}
	tr.noErrors("search with JavaScript")

	// Similar ideas appear under the title while a resident types.
	tr.become(o, namedResident(t, o, "Fatima El Amrani"))
	tr.open("/initiatief/" + fx.slug + "/ideeen/nieuw?lang=nl")
	tr.do("type a title", chromedp.SendKeys(chromedp.CSS("#title"), "Meer lampjes"))
	tr.waitUntil("similar ideas", `document.querySelector('#vergelijkbare-ideeen a[href="/idee/`+fx.idea+`"]')`)
	tr.check("new idea form with similar ideas")
	tr.noErrors("similar ideas")
}

// Without JavaScript the search page is a plain GET form: the query and
// the facet checkboxes submit and reload the page.
func TestBrowserSearchWithoutJavaScript(t *testing.T) {
	t.Parallel()
	o, fx := searchBrowserSite(t)
	b := newBrowserAt(t, o.URL)
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	tr := newTour(t, b)
	tr.open("/zoeken?lang=nl")
	if !tr.is(`typeof htmx === "undefined"`) {
		t.Fatal("htmx ran: JavaScript is not off")
	}
	tr.fill("#q", "straatdiner")
	tr.follow(`form.bb-search > button[type="submit"]`)
	tr.waitUntil("results", `document.readyState === "complete" && location.search.includes("q=straatdiner")`)
	if !tr.is(`document.querySelector('.bb-search__hit h2 a[href="/initiatief/` + fx.slug + `"]')`) {
		t.Error("the initiative is not among the hits")
	}
	tr.click(`#soort-idea`)
	tr.follow(`.bb-search__filters button[type="submit"]`)
	tr.waitUntil("filtered results", `document.readyState === "complete" && location.search.includes("soort=idea")`)
	if n := tr.eval(`String(document.querySelectorAll(".bb-search__hit").length)`); n != "0" {
		t.Errorf("%s hits after filtering on ideas, want 0 (no idea mentions it)", n)
	}
	if !strings.Contains(tr.text(".bb-empty-state"), "Niets gevonden") {
		t.Errorf("no-result state = %q", tr.text(".bb-empty-state"))
	}
	// axe needs JavaScript; TestBrowserSearchAsYouType checks these pages.
	tr.noErrors("search without JavaScript")
}
