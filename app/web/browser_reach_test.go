package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// pdfPage matches a page object of a PDF (not the /Pages tree node).
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// pdfMediaBox is a page's size in points.
var pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`)

// The poster prints, with no print settings at all, on exactly one sheet
// of the paper it is made for.
func TestBrowserPosterPrintsOnOnePage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newActivityFixture(t, s)
	b := newBrowser(t, s)
	for _, poster := range []string{"/initiatief/" + f.ini.Slug, "/activiteit/" + f.act.ID.String()} {
		for size, want := range map[string][2]float64{"a4": {595, 842}, "a3": {842, 1191}} {
			printsOnOnePage(t, b, b.baseURL+poster+"/poster?formaat="+size, size, want)
		}
	}
}

// printsOnOnePage prints url to PDF, with the page's own @page size, and
// checks that it is one page of the given size in points.
func printsOnOnePage(t *testing.T, b *browser, url, size string, want [2]float64) {
	t.Helper()
	var pdf []byte
	err := chromedp.Do(b.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(".bb-poster__qr svg")),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			prefer := true
			res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
			pdf = res.Data
			return err
		}))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
		t.Errorf("%s prints on %d pages, want 1", url, n)
	}
	var w, h float64
	if m := pdfMediaBox.FindSubmatch(pdf); m != nil {
		fmt.Sscan(string(m[1]), &w)
		fmt.Sscan(string(m[2]), &h)
	}
	if w < want[0]-2 || w > want[0]+2 || h < want[1]-2 || h > want[1]+2 {
		t.Errorf("%s: page is %.0f×%.0f pt, want %s: %.0f×%.0f", url, w, h, size, want[0], want[1])
	}
	for _, e := range b.takeErrors() {
		t.Errorf("%s: browser error: %s", url, e)
	}
}

// The pages of this issue pass axe and cause no console or CSP errors.
func TestBrowserReachPagesAreAccessible(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newActivityFixture(t, s)
	b := newBrowser(t, s)
	pages := map[string]string{
		"/activiteit/" + f.act.ID.String():                 "#delen",
		"/activiteit/" + f.act.ID.String() + "/poster":     ".bb-poster",
		"/initiatief/" + f.ini.Slug:                        "#delen",
		"/idee/" + f.idea.ID.String():                      "#delen",
		"/initiatief/" + f.ini.Slug + "/poster":            ".bb-poster",
		"/initiatief/" + f.ini.Slug + "/poster?formaat=a3": ".bb-poster",
		"/embed/buurt/bolwijk":                             ".bb-embed__list",
		"/insluiten":                                       "#snippet-bolwijk",
	}
	for _, lang := range []string{"nl", "en"} {
		for p, ready := range pages {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			url := b.baseURL + p + sep + "lang=" + lang
			if err := chromedp.Do(b.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(ready))); err != nil {
				t.Fatalf("%s: %v", url, err)
			}
			for _, v := range b.axe(t) {
				t.Errorf("%s: axe %s (%s): %s at %s", url, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
			}
			for _, e := range b.takeErrors() {
				t.Errorf("%s: browser error: %s", url, e)
			}
		}
	}
	// With the script, the copy button shows; the poster's print button too.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.baseURL+"/initiatief/"+f.ini.Slug)); err != nil {
		t.Fatal(err)
	}
	if got := b.eval(t, `String(document.querySelector("[data-copy]").hidden)`); got != "false" {
		t.Errorf("copy button hidden = %s with the script", got)
	}
}

// A page on a listed origin can frame the widget; a page on any other
// origin gets it refused by the browser.
func TestBrowserEmbedFramingOnlyFromListedOrigins(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	listed, unlisted := listen(t), listen(t)
	s := newTestServer(t, map[string]string{"EMBED_ORIGINS": "http://" + listed.Addr().String()})
	b := newBrowser(t, s)
	host := func(l net.Listener) string {
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="nl"><title>Gemeente</title><iframe src="%s/embed/buurt/bolwijk" title="Initiatieven"></iframe>`, b.baseURL)
		}))
		ts.Listener = l
		ts.Start()
		t.Cleanup(ts.Close)
		return ts.URL
	}
	for name, tc := range map[string]struct {
		l       net.Listener
		allowed bool
	}{"listed": {listed, true}, "unlisted": {unlisted, false}} {
		url := host(tc.l)
		var tree *page.FrameTree
		err := chromedp.Do(b.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("iframe")),
			chromedp.Sleep(500*time.Millisecond), // let the frame finish or fail
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				res, err := cdp.Call(ctx, tg, page.GetFrameTree, cdp.Empty{})
				tree = res.FrameTree
				return err
			}))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		refused := false
		for _, e := range b.takeErrors() {
			if strings.Contains(e, "frame-ancestors") {
				refused = true
			} else {
				t.Errorf("%s: browser error: %s", name, e)
			}
		}
		framed := len(tree.ChildFrames) == 1 && strings.HasPrefix(tree.ChildFrames[0].Frame.URL, b.baseURL+"/embed/")
		if tc.allowed && (refused || !framed) {
			t.Errorf("listed origin: widget refused (%v) or not framed (%v)", refused, framed)
		}
		if !tc.allowed && !refused {
			t.Errorf("unlisted origin: the browser did not refuse the frame")
		}
	}
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}
