package web

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/buurtboost/buurtboost/app/initiative"
)

// The widget may be framed only by the origins in EMBED_ORIGINS, by none
// when it is empty, and the rest of the site never.
func TestEmbedFramingFollowsEmbedOrigins(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		origins, wantAncestors string
		wantXFO                string
	}{
		{"", "frame-ancestors 'none'", "DENY"},
		{"https://www.gemeente.nl, https://wijkraad.example", "frame-ancestors https://www.gemeente.nl https://wijkraad.example", ""},
	} {
		s := newTestServer(t, map[string]string{"EMBED_ORIGINS": tc.origins})
		res := getOK(t, s, "/embed/buurt/bolwijk")
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, tc.wantAncestors) || strings.Count(csp, "frame-ancestors") != 1 {
			t.Errorf("EMBED_ORIGINS=%q: CSP %q, want it to end in %q", tc.origins, csp, tc.wantAncestors)
		}
		for _, want := range []string{"default-src 'none'", "style-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("EMBED_ORIGINS=%q: CSP %q lacks %q", tc.origins, csp, want)
			}
		}
		if strings.Contains(csp, "script-src") || strings.Contains(csp, "*") {
			t.Errorf("embed CSP allows script or wildcards: %q", csp)
		}
		if got := res.Header.Get("X-Frame-Options"); got != tc.wantXFO {
			t.Errorf("EMBED_ORIGINS=%q: X-Frame-Options %q, want %q", tc.origins, got, tc.wantXFO)
		}
		// Every other page keeps refusing frames.
		other := getOK(t, s, "/buurt/bolwijk")
		if !strings.Contains(other.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") || other.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("EMBED_ORIGINS=%q: the neighbourhood page may be framed", tc.origins)
		}
	}
}

// The widget lists the neighbourhood's initiatives, runs no script, loads
// only its own stylesheets from this site, and with a full list of cards
// still weighs under 20 KB, stylesheets included.
func TestEmbedIsLightAndSelfContained(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newReachFixture(t, s)
	for i := range embedCards + 3 {
		in := f.ini.Input()
		in.Title = strings.Repeat("Lang initiatief ", 5)[:70] + " " + string(rune('A'+i))
		in.Summary = strings.Repeat("Een samenvatting met veel woorden. ", 8)[:initiative.SummaryMax]
		if _, err := s.initiatives.Create(t.Context(), f.org, in); err != nil {
			t.Fatal(err)
		}
	}
	res := getOK(t, s, "/embed/buurt/bolwijk")
	body, _ := io.ReadAll(res.Body)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find(".bb-embed__card").Length(); n != embedCards {
		t.Errorf("%d cards, want %d", n, embedCards)
	}
	if doc.Find("script, iframe, img, object, embed, form").Length() != 0 {
		t.Error("the widget has script, frames, images or forms")
	}
	total := len(body)
	doc.Find("[src], [href], [srcset], [action]").Each(func(_ int, el *goquery.Selection) {
		for _, attr := range []string{"src", "href", "srcset", "action"} {
			v, ok := el.Attr(attr)
			if !ok {
				continue
			}
			if el.Is("link[rel=canonical]") {
				if !strings.HasPrefix(v, s.absURL("/")) {
					t.Errorf("canonical %q is not on this site", v)
				}
				continue
			}
			if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") {
				t.Errorf("%s=%q leads to another host", attr, v)
			}
			if el.Is("link[rel=stylesheet]") {
				css, _ := io.ReadAll(getOK(t, s, v).Body)
				if strings.Contains(string(css), "@import") || strings.Contains(string(css), "url(http") {
					t.Errorf("stylesheet %s loads more", v)
				}
				total += len(css)
			}
		}
	})
	t.Logf("widget with %d cards: %d bytes, stylesheets included", embedCards, total)
	if total >= 20*1024 {
		t.Errorf("widget weighs %d bytes with its stylesheets, want under 20 KB", total)
	}
	// The help page gives a snippet that frames this widget.
	doc = document(t, getOK(t, s, "/insluiten"))
	snippet := doc.Find("#snippet-bolwijk").Text()
	if !strings.Contains(snippet, `<iframe src="`+s.absURL("/embed/buurt/bolwijk")+`"`) || !strings.Contains(snippet, "title=") {
		t.Errorf("snippet %q", snippet)
	}
	if res := do(t, s, http.MethodGet, "/embed/buurt/bestaat-niet", nil, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown neighbourhood: %d", res.StatusCode)
	}
}
