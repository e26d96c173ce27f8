package share

import (
	"net/url"
	"strings"
	"testing"
)

// Every link carries the title and address intact, however awkward the
// title: decoding the link's query gives back exactly what went in.
func TestLinksEncodeAwkwardTitles(t *testing.T) {
	t.Parallel()
	page := "https://buurtboost.example.nl/initiatief/cafe-de-zon?x=1&y=2"
	titles := []string{
		`Het "grote" buurtfeest`,
		"Soep & spelletjes",
		"Tuin 🌻 voor iedereen 🎉",
		"Café De Zoë: één, twee, drie — ’s avonds",
		"100% + 50% = #meer?",
	}
	for _, title := range titles {
		for _, l := range Links(title, page) {
			u, err := url.Parse(l.Href)
			if err != nil {
				t.Fatalf("%s link for %q does not parse: %v", l.Service, title, err)
			}
			if strings.ContainsAny(u.RawQuery, ` "<>`+"\u00e9") || strings.Contains(u.RawQuery, "+") {
				t.Errorf("%s link for %q has unescaped characters: %s", l.Service, title, u.RawQuery)
			}
			q := u.Query()
			switch l.Service {
			case WhatsApp:
				want(t, l, q.Get("text"), title+" "+page)
			case Facebook, LinkedIn:
				want(t, l, q.Get("u")+q.Get("url"), page)
			case X:
				want(t, l, q.Get("text"), title)
				want(t, l, q.Get("url"), page)
			case Email:
				if u.Scheme != "mailto" || u.Opaque != "" {
					t.Errorf("e-mail link %q: want mailto:?…", l.Href)
				}
				want(t, l, q.Get("subject"), title)
				want(t, l, q.Get("body"), title+" "+page)
			default:
				t.Errorf("unexpected service %q", l.Service)
			}
		}
	}
}

func want(t *testing.T, l Link, got, exp string) {
	t.Helper()
	if got != exp {
		t.Errorf("%s link %s decodes to %q, want %q", l.Service, l.Href, got, exp)
	}
}

// The links go to the services' own hosts over https, in a fixed order.
func TestLinksServicesAndHosts(t *testing.T) {
	t.Parallel()
	links := Links("Straatdiner", "https://example.nl/initiatief/straatdiner")
	wantHosts := map[string]string{WhatsApp: "wa.me", Facebook: "www.facebook.com", X: "x.com", LinkedIn: "www.linkedin.com"}
	order := []string{WhatsApp, Facebook, X, LinkedIn, Email}
	if len(links) != len(order) {
		t.Fatalf("%d links, want %d", len(links), len(order))
	}
	for i, l := range links {
		if l.Service != order[i] {
			t.Errorf("link %d is %s, want %s", i, l.Service, order[i])
		}
		u, _ := url.Parse(l.Href)
		if h, ok := wantHosts[l.Service]; ok && (u.Scheme != "https" || u.Host != h) {
			t.Errorf("%s link %s: want https://%s", l.Service, l.Href, h)
		}
	}
}
