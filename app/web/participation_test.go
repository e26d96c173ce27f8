package web

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// postMultipart posts fields and an optional cover file with the client's
// CSRF token, as the initiative form does.
func (o *oidcSite) postMultipart(t *testing.T, c *http.Client, path string, fields url.Values, cover []byte) *http.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fields = cloneValues(fields)
	fields.Set("csrf", o.csrf(t, c))
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	if cover != nil {
		fw, _ := w.CreateFormFile("cover", "foto.png")
		_, _ = fw.Write(cover)
	}
	_ = w.Close()
	res, err := c.Post(o.URL+path, w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{0, 102, 90, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// loggedInResident is a browser logged in as a new resident of the site.
func (o *oidcSite) loggedInResident(t *testing.T) *http.Client {
	t.Helper()
	return o.clientAs(t, resident, fixture{})
}

func newInitiativeValues(o *oidcSite) url.Values {
	ns, _ := o.municipality.ListNeighbourhoods(context.Background())
	ts, _ := o.municipality.ListThemes(context.Background())
	return url.Values{"title": {"Geveltuinen in de Molenbuurt"}, "summary": {"Groene gevels voor iedereen"},
		"description": {"We planten **samen** geveltuinen."}, "neighbourhood": {ns[2].ID.String()},
		"themes": {ts[0].ID.String(), ts[1].ID.String()}}
}

func TestCreateInitiativeWithCover(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		o := newSite(t, bdb, nil)
		c := o.loggedInResident(t)
		res := o.postMultipart(t, c, "/initiatieven", newInitiativeValues(o), pngBytes(t, 2400, 1200))
		if res.StatusCode != 200 || res.Request.URL.Path != "/initiatief/geveltuinen-in-de-molenbuurt" {
			t.Fatalf("create ended on %d %s", res.StatusCode, res.Request.URL)
		}
		doc := document(t, res)
		if got := text(doc, "main h1"); got != "Geveltuinen in de Molenbuurt" {
			t.Errorf("h1 = %q", got)
		}
		if doc.Find(".bb-markdown strong").Length() == 0 {
			t.Error("description Markdown was not rendered")
		}
		img, _ := doc.Find(`meta[property="og:image"]`).Attr("content")
		desc, _ := doc.Find(`meta[property="og:description"]`).Attr("content")
		canonical, _ := doc.Find(`link[rel="canonical"]`).Attr("href")
		if !strings.HasPrefix(img, o.URL+"/media/covers/") || desc != "Groene gevels voor iedereen" || canonical != o.URL+"/initiatief/geveltuinen-in-de-molenbuurt" {
			t.Errorf("preview tags: image %q, description %q, canonical %q", img, desc, canonical)
		}
		cover := get(t, c, img)
		if cover.StatusCode != 200 || cover.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("cover: %d %s", cover.StatusCode, cover.Header.Get("Content-Type"))
		}
		cfg, format, err := image.DecodeConfig(cover.Body)
		if err != nil || format != "jpeg" || cfg.Width > 1600 || cfg.Height > 900 {
			t.Errorf("stored cover = %s %dx%d, %v; want a JPEG within 1600x900", format, cfg.Width, cfg.Height, err)
		}
		// The same form again within a minute is the same initiative.
		again := o.postMultipart(t, c, "/initiatieven", newInitiativeValues(o), nil)
		if again.Request.URL.Path != "/initiatief/geveltuinen-in-de-molenbuurt" || count(t, bdb, "initiatives") != 1 {
			t.Errorf("duplicate submission: ended on %s with %d initiatives", again.Request.URL, count(t, bdb, "initiatives"))
		}
	})
}

func TestInitiativeFormRejectsBadInputKeepingIt(t *testing.T) {
	t.Parallel()
	o := newSite(t, nil, nil)
	c := o.loggedInResident(t)
	good := newInitiativeValues(o)
	tests := []struct {
		name  string
		edit  func(url.Values)
		cover []byte
		field string
		msg   string
	}{
		{"title too short", func(v url.Values) { v.Set("title", "Hoi") }, nil, "title", ""},
		{"unknown neighbourhood", func(v url.Values) { v.Set("neighbourhood", uuid.NewString()) }, nil, "neighbourhood", ""},
		{"no themes", func(v url.Values) { v.Del("themes") }, nil, "themes", ""},
		{"description over the limit", func(v url.Values) { v.Set("description", strings.Repeat("a", 10001)) }, nil, "description", ""},
		{"bad facebook link", func(v url.Values) { v.Set("facebook_url", "https://example.org/x") }, nil, "facebook_url", ""},
		{"image of the wrong type", nil, []byte("GIF89a not really"), "cover", "Dit bestand is geen JPEG-, PNG- of WebP-foto."},
		{"corrupt image", nil, pngBytes(t, 40, 40)[:60], "cover", "Deze foto kunnen we niet openen. Het bestand is misschien beschadigd."},
		{"image too big", nil, append(pngBytes(t, 10, 10), make([]byte, 5<<20)...), "cover", "Deze foto is groter dan 5 MB. Kies een kleinere foto."},
	}
	for _, tt := range tests {
		form := cloneValues(good)
		form.Set("title", "Invoer blijft staan "+tt.name)
		if tt.edit != nil {
			tt.edit(form)
		}
		res := o.postMultipart(t, c, "/initiatieven", form, tt.cover)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tt.name, res.StatusCode)
			continue
		}
		doc := document(t, res)
		if msg := text(doc, "#"+tt.field+"-fout"); msg == "" || (tt.msg != "" && msg != tt.msg) {
			t.Errorf("%s: message next to %s = %q", tt.name, tt.field, msg)
		}
		if v, _ := doc.Find("#title").Attr("value"); v != form.Get("title") {
			t.Errorf("%s: title not kept: %q", tt.name, v)
		}
	}
	if n := count(t, o.DB, "initiatives"); n != 0 {
		t.Errorf("%d initiatives stored from bad input, want 0", n)
	}
}

func TestSupportByFormAndByHtmx(t *testing.T) {
	t.Parallel()
	o := newSite(t, nil, nil)
	fx := newFixture(t, o)
	c := o.loggedInResident(t)
	// Without JavaScript a support button returns to the page that lists it.
	list := document(t, get(t, c, o.URL+"/initiatief/"+fx.slug+"?sort=newest"))
	if back, _ := list.Find(`.bb-support input[name="terug"]`).Attr("value"); back != "/initiatief/"+fx.slug+"?sort=newest" {
		t.Errorf("support button on the initiative page returns to %q", back)
	}
	// Plain form post: back to the idea page, counted once even when sent twice.
	for i := 0; i < 2; i++ {
		res := o.postForm(t, c, "/idee/"+fx.idea+"/steunen", url.Values{"terug": {"/idee/" + fx.idea}})
		if res.Request.URL.Path != "/idee/"+fx.idea {
			t.Fatalf("support ended on %s", res.Request.URL)
		}
	}
	if got := supportsOf(t, o, fx.idea); got != 1 {
		t.Errorf("supports after a double submit = %d, want 1", got)
	}
	// htmx: the answer is the button fragment with the new count.
	req, _ := http.NewRequest(http.MethodPost, o.URL+"/idee/"+fx.idea+"/intrekken", strings.NewReader(url.Values{"csrf": {o.csrf(t, c)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	doc := document(t, res)
	if res.StatusCode != 200 || doc.Find("header, main").Length() != 0 || text(doc, ".bb-support__number") != "0" || !strings.Contains(text(doc, "button"), "Steunen") {
		t.Errorf("htmx withdraw: %d, fragment %q", res.StatusCode, text(doc, "body"))
	}
	if got := supportsOf(t, o, fx.idea); got != 0 {
		t.Errorf("supports after withdraw = %d, want 0", got)
	}
	// A removed idea cannot be supported.
	if _, err := o.DB.NewUpdate().Table("ideas").Set("removed_at = ?", timeAgo(0)).Where("id = ?", fx.idea).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if res := o.postForm(t, noRedirects(c), "/idee/"+fx.idea+"/steunen", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("supporting a removed idea: %d, want 404", res.StatusCode)
	}
}

func supportsOf(t *testing.T, o *oidcSite, ideaID string) int {
	t.Helper()
	var n int
	if err := o.DB.NewSelect().Table("ideas").Column("supports_count").Where("id = ?", ideaID).Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	if rows := countWhere(t, o.DB, "supports", "idea_id = ?", ideaID); rows != n {
		t.Errorf("supports_count %d but %d support rows", n, rows)
	}
	return n
}

func countWhere(t *testing.T, bdb *bun.DB, table, where string, args ...any) int {
	t.Helper()
	n, err := bdb.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestOldSlugRedirects(t *testing.T) {
	t.Parallel()
	o := newSite(t, nil, nil)
	fx := newFixture(t, o)
	c := o.clientAs(t, organiser, fx)
	form := newInitiativeValues(o)
	form.Set("title", "Straatdiner op het Bolplein")
	form.Set("status", "active")
	if res := o.postMultipart(t, c, "/initiatief/"+fx.slug+"/bewerken", form, nil); res.Request.URL.Path != "/initiatief/straatdiner-op-het-bolplein" {
		t.Fatalf("edit ended on %s", res.Request.URL)
	}
	res := get(t, noRedirects(c), o.URL+"/initiatief/"+fx.slug)
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/initiatief/straatdiner-op-het-bolplein" {
		t.Errorf("old slug: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}
