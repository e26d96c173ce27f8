package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// awkwardTitle has everything a share link must survive.
const awkwardTitle = `Café "De Zoë" & 🌻 ’s avonds`

// reachFixture is a public initiative with an idea and an update, and an
// archived one with the same, in the demo neighbourhood bolwijk.
type reachFixture struct {
	org              account.User
	ini, archived    initiative.Initiative
	idea, hiddenIdea idea.Idea
}

func newReachFixture(t *testing.T, s *Server) reachFixture {
	t.Helper()
	ctx := context.Background()
	nb, err := s.municipality.NeighbourhoodBySlug(ctx, "bolwijk")
	if err != nil {
		t.Fatal(err)
	}
	themes, err := s.municipality.ListThemes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	user := func(name string) account.User {
		u, err := s.accounts.Login(ctx, account.Profile{Provider: "test", Subject: uuid.NewString(), Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f := reachFixture{org: user("Org")}
	res := user("Bewoner")
	in := initiative.Input{Title: awkwardTitle, Summary: "Soep & spelletjes voor de hele straat",
		Description: "Iedereen is welkom.", NeighbourhoodID: nb.ID.String(), ThemeIDs: []string{themes[0].ID.String()},
		Links: socialLinks}
	if f.ini, err = s.initiatives.Create(ctx, f.org, in); err != nil {
		t.Fatal(err)
	}
	in.Title, in.Links = "Geheim oud plan", initiative.Links{}
	if f.archived, err = s.initiatives.Create(ctx, f.org, in); err != nil {
		t.Fatal(err)
	}
	if f.idea, err = s.ideas.Propose(ctx, res, f.ini.ID, idea.Input{Title: "Lampjes & slingers", Description: "Voor de **sfeer**."}); err != nil {
		t.Fatal(err)
	}
	if f.hiddenIdea, err = s.ideas.Propose(ctx, res, f.archived.ID, idea.Input{Title: "Verborgen idee", Description: "Niet zichtbaar."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.initiatives.PostUpdate(ctx, f.org, f.ini.ID, "De **soep** staat klaar."); err != nil {
		t.Fatal(err)
	}
	if _, err := s.initiatives.PostUpdate(ctx, f.org, f.archived.ID, "Verborgen nieuws"); err != nil {
		t.Fatal(err)
	}
	arch := f.archived.Input()
	arch.Status = string(initiative.Archived)
	if f.archived, err = s.initiatives.Update(ctx, f.org, f.archived.ID, arch); err != nil {
		t.Fatal(err)
	}
	return f
}

// socialLinks are the initiative's own channels in the fixture.
var socialLinks = initiative.Links{Facebook: "https://www.facebook.com/cafedezon", Instagram: "https://www.instagram.com/cafedezon",
	X: "https://x.com/cafedezon", WhatsApp: "https://chat.whatsapp.com/AbCdEf123"}

// The initiative's own social channels are listed with labels that name
// the service, so a screen reader user hears where each link goes.
func TestSocialLinksHaveAccessibleLabels(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newReachFixture(t, s)
	for _, lang := range []string{"nl", "en"} {
		doc := document(t, getOK(t, s, "/initiatief/"+f.ini.Slug+"?lang="+lang))
		for href, want := range map[string]map[string]string{
			socialLinks.Facebook:  {"nl": "Facebook", "en": "Facebook"},
			socialLinks.Instagram: {"nl": "Instagram", "en": "Instagram"},
			socialLinks.X:         {"nl": "X (Twitter)", "en": "X (Twitter)"},
			socialLinks.WhatsApp:  {"nl": "WhatsApp-community", "en": "WhatsApp community"},
		} {
			a := doc.Find(`a[href="` + href + `"]`)
			if a.Length() != 1 || strings.TrimSpace(a.Text()) != want[lang] {
				t.Errorf("%s: link to %s reads %q, want %q", lang, href, a.Text(), want[lang])
			}
			if rel, _ := a.Attr("rel"); !strings.Contains(rel, "noopener") || !strings.Contains(rel, "nofollow") {
				t.Errorf("%s: link to %s has rel %q", lang, href, rel)
			}
		}
	}
}

func getOK(t *testing.T, s *Server, target string) *http.Response {
	t.Helper()
	res := do(t, s, http.MethodGet, target, nil, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", target, res.StatusCode)
	}
	return res
}

// The initiative and idea pages carry plain share links whose queries
// decode to the page's exact title and canonical address.
func TestShareLinksOnPages(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newReachFixture(t, s)
	for _, page := range []struct{ path, title string }{
		{"/initiatief/" + f.ini.Slug, awkwardTitle},
		{"/idee/" + f.idea.ID.String(), "Lampjes & slingers"},
	} {
		doc := document(t, getOK(t, s, page.path))
		canonical, _ := doc.Find(`link[rel="canonical"]`).Attr("href")
		if canonical != s.absURL(page.path) {
			t.Errorf("%s: canonical %q", page.path, canonical)
		}
		links := doc.Find(".bb-share a")
		if links.Length() != 5 {
			t.Fatalf("%s: %d share links, want 5", page.path, links.Length())
		}
		links.Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			u, err := url.Parse(href)
			if err != nil {
				t.Fatalf("%s: share link %q: %v", page.path, href, err)
			}
			q := u.Query()
			got := q.Get("text") + q.Get("u") + q.Get("url") + q.Get("subject") + q.Get("body")
			if !strings.Contains(got, canonical) && !strings.Contains(got, page.title) {
				t.Errorf("%s: share link %s carries neither title nor address: %q", page.path, href, got)
			}
			if u.Host == "x.com" && (q.Get("text") != page.title || q.Get("url") != canonical) {
				t.Errorf("%s: X link decodes to %q and %q", page.path, q.Get("text"), q.Get("url"))
			}
		})
		if v, _ := doc.Find("#deel-link").Attr("value"); v != canonical {
			t.Errorf("%s: copy field holds %q", page.path, v)
		}
		if doc.Find(`script[src*="share"]`).Length() != 1 || doc.Find(`script:not([src])`).Length() != 0 {
			t.Errorf("%s: want share.js once and no inline script", page.path)
		}
		if doc.Find(`button[data-copy][hidden]`).Length() != 1 {
			t.Errorf("%s: the copy button must stay hidden until the script shows it", page.path)
		}
	}
}

// The poster's QR code decodes, with an independent decoder, to the
// initiative's canonical address; the poster comes in A4 and A3 only.
func TestPosterQRCodeDecodesToCanonicalURL(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newReachFixture(t, s)
	page := "/initiatief/" + f.ini.Slug
	want := s.absURL(page)
	for _, size := range []string{"", "a4", "a3"} {
		target := page + "/poster"
		if size != "" {
			target += "?formaat=" + size
		}
		doc := document(t, getOK(t, s, target))
		if text(doc, "h1") != awkwardTitle {
			t.Errorf("%s: title %q", target, text(doc, "h1"))
		}
		if doc.Find(".bb-poster__qr svg[role=img][aria-label]").Length() != 1 {
			t.Errorf("%s: no labelled QR code SVG", target)
		}
		wantCSS := "poster-" + map[string]string{"": "a4", "a4": "a4", "a3": "a3"}[size]
		if doc.Find(`link[rel=stylesheet][href*="`+wantCSS+`"]`).Length() != 1 {
			t.Errorf("%s: no %s stylesheet", target, wantCSS)
		}
	}
	res := getOK(t, s, page+"/qr.png")
	if ct := res.Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("qr.png Content-Type %q", ct)
	}
	body, _ := io.ReadAll(res.Body)
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	got, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode QR PNG: %v", err)
	}
	if got.GetText() != want {
		t.Errorf("QR code holds %q, want %q", got.GetText(), want)
	}
	if res := do(t, s, http.MethodGet, page+"/poster?formaat=a5", nil, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("A5 poster: %d, want 404", res.StatusCode)
	}
}

// Unknown and archived initiatives are 404 on every way out of the site,
// and archived content never shows up in a feed, embed or sitemap.
func TestHiddenAndUnknownAreNotFound(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newReachFixture(t, s)
	for _, slug := range []string{f.archived.Slug, "bestaat-niet"} {
		for _, suffix := range []string{"/poster", "/poster?formaat=a3", "/qr.png", "/feed"} {
			target := "/initiatief/" + slug + suffix
			if res := do(t, s, http.MethodGet, target, nil, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", target, res.StatusCode)
			}
		}
	}
	for _, target := range []string{"/embed/buurt/bestaat-niet", "/buurt/bestaat-niet/feed", "/thema/bestaat-niet/feed"} {
		if res := do(t, s, http.MethodGet, target, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, res.StatusCode)
		}
	}
	themes, _ := s.municipality.ListThemes(context.Background())
	for _, target := range []string{"/buurt/bolwijk/feed", "/thema/" + themes[0].Slug + "/feed", "/embed/buurt/bolwijk", "/sitemap/1"} {
		body, _ := io.ReadAll(getOK(t, s, target).Body)
		for _, secret := range []string{"Geheim oud plan", "Verborgen", f.archived.Slug, f.hiddenIdea.ID.String()} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("%s shows archived content %q", target, secret)
			}
		}
	}
	// The initiative page of an archived initiative offers no poster or feed.
	doc := document(t, getOK(t, s, "/initiatief/"+f.archived.Slug))
	if doc.Find(`a[href*="/poster"], link[type="application/atom+xml"]`).Length() != 0 {
		t.Error("archived initiative page links a poster or feed")
	}
}

// parseAtom reads a feed with gofeed's Atom parser (which keeps link rels)
// and, as a second opinion, its universal parser.
func parseAtom(t *testing.T, s *Server, target string) *atom.Feed {
	t.Helper()
	res := getOK(t, s, target)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("%s: Content-Type %q", target, ct)
	}
	body, _ := io.ReadAll(res.Body)
	if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
		t.Fatalf("%s: gofeed: %v", target, err)
	}
	feed, err := (&atom.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: atom: %v", target, err)
	}
	return feed
}

func linkRel(f *atom.Feed, rel string) string {
	for _, l := range f.Links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// Feeds parse; the initiative feed holds its update, idea and start with
// links to them; pages link on with rel="next" until every entry was seen.
func TestFeedsParseAndPaginate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newReachFixture(t, s)
	ctx := context.Background()
	feedPath := "/initiatief/" + f.ini.Slug + "/feed"
	feed := parseAtom(t, s, feedPath)
	if len(feed.Entries) != 3 || linkRel(feed, "next") != "" {
		t.Fatalf("initiative feed has %d entries (next %q), want 3 on one page", len(feed.Entries), linkRel(feed, "next"))
	}
	if linkRel(feed, "self") != s.absURL(feedPath) || linkRel(feed, "alternate") != s.absURL("/initiatief/"+f.ini.Slug) {
		t.Errorf("feed links %+v", feed.Links)
	}
	ids := map[string]bool{}
	for _, e := range feed.Entries {
		ids[e.ID] = true
		if e.Updated == "" || len(e.Links) == 0 || e.Content == nil {
			t.Errorf("entry %q lacks updated, link or content", e.Title)
		}
	}
	if !ids["urn:uuid:"+f.idea.ID.String()] || !ids["urn:uuid:"+f.ini.ID.String()] {
		t.Errorf("entries %v lack the idea or the initiative", ids)
	}
	if !strings.Contains(feed.Entries[0].Content.Value, "<strong>soep</strong>") {
		t.Errorf("newest entry content %q: want the update's Markdown as HTML", feed.Entries[0].Content.Value)
	}
	// 60 more updates: two pages, none lost.
	for i := range 60 {
		if _, err := s.initiatives.PostUpdate(ctx, f.org, f.ini.ID, "Nieuws "+string(rune('A'+i%26))); err != nil {
			t.Fatal(err)
		}
	}
	seen, pages, next := map[string]bool{}, 0, feedPath
	for next != "" {
		feed := parseAtom(t, s, strings.TrimPrefix(next, s.absURL("")))
		pages++
		for _, e := range feed.Entries {
			if seen[e.ID] {
				t.Fatalf("entry %s on two pages", e.ID)
			}
			seen[e.ID] = true
		}
		if linkRel(feed, "first") != s.absURL(feedPath) {
			t.Errorf("page %d: first link %q", pages, linkRel(feed, "first"))
		}
		next = linkRel(feed, "next")
	}
	if pages != 2 || len(seen) != 63 {
		t.Errorf("%d entries on %d pages, want 63 on 2", len(seen), pages)
	}
	if res := do(t, s, http.MethodGet, feedPath+"?na=kapot", nil, nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad cursor: %d, want 400", res.StatusCode)
	}
	themes, _ := s.municipality.ListThemes(ctx)
	for _, p := range []string{"/buurt/bolwijk/feed", "/thema/" + themes[0].Slug + "/feed"} {
		if feed := parseAtom(t, s, p); len(feed.Entries) == 0 {
			t.Errorf("%s: no entries", p)
		}
	}
	// The pages announce their feeds.
	for page, want := range map[string]string{"/initiatief/" + f.ini.Slug: feedPath, "/buurt/bolwijk": "/buurt/bolwijk/feed"} {
		doc := document(t, getOK(t, s, page))
		if href, _ := doc.Find(`link[rel="alternate"][type="application/atom+xml"]`).Attr("href"); href != want {
			t.Errorf("%s: alternate feed link %q, want %q", page, href, want)
		}
	}
}

// The sitemap index points at sitemap files that list the public pages
// with their last change; robots.txt points at the index.
func TestSitemapAndRobots(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newReachFixture(t, s)
	var idx struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	body, _ := io.ReadAll(getOK(t, s, "/sitemap.xml").Body)
	if err := xml.Unmarshal(body, &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Sitemaps) != 1 || idx.Sitemaps[0].Loc != s.absURL("/sitemap/1") {
		t.Fatalf("sitemap index %+v", idx)
	}
	var set struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	body, _ = io.ReadAll(getOK(t, s, "/sitemap/1").Body)
	if err := xml.Unmarshal(body, &set); err != nil {
		t.Fatal(err)
	}
	if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || set.XMLName.Local != "urlset" {
		t.Errorf("root element %v", set.XMLName)
	}
	lastmod := map[string]string{}
	for _, u := range set.URLs {
		lastmod[u.Loc] = u.LastMod
	}
	for _, p := range []string{"/initiatief/" + f.ini.Slug, "/idee/" + f.idea.ID.String(), "/buurt/bolwijk"} {
		if lm, ok := lastmod[s.absURL(p)]; !ok || lm == "" {
			t.Errorf("sitemap lacks %s with lastmod (%q)", p, lm)
		}
	}
	if _, ok := lastmod[s.absURL("/")]; !ok {
		t.Error("sitemap lacks the home page")
	}
	for _, target := range []string{"/sitemap/2", "/sitemap/0", "/sitemap/01", "/sitemap/x"} {
		if res := do(t, s, http.MethodGet, target, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, res.StatusCode)
		}
	}
	robots, _ := io.ReadAll(getOK(t, s, "/robots.txt").Body)
	if !strings.Contains(string(robots), "Sitemap: "+s.absURL("/sitemap.xml")) || !strings.Contains(string(robots), "Disallow: /profiel") {
		t.Errorf("robots.txt:\n%s", robots)
	}
	if sitemapFiles(0) != 1 || sitemapFiles(sitemapSize) != 1 || sitemapFiles(sitemapSize+1) != 2 {
		t.Error("sitemapFiles does not split past sitemapSize")
	}
}
