package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// moderationRows are an initiative's report page and its two actions: only
// the organiser of this initiative; staff and admins are refused (admins
// use /beheer/meldingen). The forms are refused before they act, so the
// table's order does not matter: an empty reason is 422, an unknown update
// 404, for the organiser alone.
func moderationRows(fx fixture) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	base := "/initiatief/" + fx.slug + "/meldingen"
	return []authzCase{
		{get, "/initiatief/:slug/meldingen", base, nil, organisers(get, 200)},
		{post, "/initiatief/:slug/meldingen/:kind/:id/afwijzen", base + "/update/" + uuid.NewString() + "/afwijzen", nil, organisers(post, 404)},
		{post, "/initiatief/:slug/meldingen/:kind/:id/verbergen", base + "/comment/" + fx.comment + "/verbergen",
			url.Values{"reason": {" "}}, organisers(post, http.StatusUnprocessableEntity)},
		// An appeal against the hiding of nothing: 404 for residents; staff and
		// administrators write nothing they could appeal for.
		{post, "/bezwaar", "/bezwaar", url.Values{"kind": {"idea"}, "target": {uuid.NewString()}, "text": {"Waarom?"}}, residents(post, 404)},
		{get, "/beheer/bezwaren", "/beheer/bezwaren", nil, adminRoute(get, 200)},
		// Nobody's appeal: 404 for administrators, 403 for everyone else.
		{post, "/beheer/bezwaren/:id/herstellen", "/beheer/bezwaren/" + uuid.NewString() + "/herstellen", url.Values{"reason": {"Terecht"}}, adminRoute(post, 404)},
		{post, "/beheer/bezwaren/:id/handhaven", "/beheer/bezwaren/" + uuid.NewString() + "/handhaven", url.Values{"reason": {"Onterecht"}}, adminRoute(post, 404)},
	}
}

func TestOrganiserModeratesReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		o := newSite(t, bdb, nil)
		fx := newFixture(t, o)
		comment, it := uuid.MustParse(fx.comment), uuid.MustParse(fx.idea)
		for _, target := range []struct {
			kind string
			id   uuid.UUID
		}{{"comment", comment}, {"idea", it}} {
			if err := o.ideas.Report(ctx, o.newUser(t, resident), target.kind, target.id, "spam", "Reclame voor horloges"); err != nil {
				t.Fatal(err)
			}
		}
		c := noRedirects(o.clientAs(t, organiser, fx))
		base := "/initiatief/" + fx.slug + "/meldingen"
		if doc := document(t, get(t, c, o.URL+"/initiatief/"+fx.slug)); doc.Find(`a[href="`+base+`"]`).Length() != 1 {
			t.Error("the initiative page has no link to its reports for the organiser")
		}
		doc := document(t, get(t, c, o.URL+base))
		if n := doc.Find("li.bb-row").Length(); n != 2 || !strings.Contains(doc.Text(), "Reclame voor horloges") {
			t.Fatalf("page lists %d items, want the comment and the idea with the reporters' text", n)
		}
		res := o.postForm(t, c, base+"/comment/"+fx.comment+"/verbergen", url.Values{"reason": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("hide without reason: %d, want 422", res.StatusCode)
		}
		if doc := document(t, res); doc.Find(`[aria-invalid="true"]`).Length() != 1 || doc.Find(`[role="alert"] a`).Length() != 1 {
			t.Error("the failed form is not marked invalid with an error summary")
		}
		res = o.postForm(t, c, base+"/comment/"+fx.comment+"/verbergen", url.Values{"reason": {"Reclame"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != base+"?melding=afgehandeld" {
			t.Fatalf("hide: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		res = o.postForm(t, c, base+"/idea/"+fx.idea+"/afwijzen", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("dismiss: %d", res.StatusCode)
		}
		doc = document(t, get(t, c, o.URL+base+"?melding=afgehandeld"))
		if doc.Find("li.bb-row").Length() != 0 || doc.Find(`[role="status"]`).Length() != 1 {
			t.Error("handled reports still listed, or no confirmation")
		}
		var hidden string
		if err := bdb.NewSelect().Table("comments").Column("hidden_reason").Where("id = ?", comment).Scan(ctx, &hidden); err != nil || hidden != "Reclame" {
			t.Errorf("comment hidden_reason = %q, %v", hidden, err)
		}
		if n := count(t, bdb, "audit_log"); n != 2 {
			t.Errorf("%d audit rows, want the hiding and the dismissal", n)
		}
		// Handled: a second dismissal finds nothing open.
		if res := o.postForm(t, c, base+"/idea/"+fx.idea+"/afwijzen", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("second dismissal: %d, want 404", res.StatusCode)
		}
	})
}

func TestCommentHiddenByReportsSaysSo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		o := newSite(t, bdb, nil)
		fx := newFixture(t, o)
		for range 3 {
			if err := o.ideas.Report(ctx, o.newUser(t, resident), "comment", uuid.MustParse(fx.comment), "spam", ""); err != nil {
				t.Fatal(err)
			}
		}
		_, page := body(t, browserClient(t), o.URL+"/idee/"+fx.idea, nil)
		if !strings.Contains(page, "in afwachting van beoordeling") {
			t.Error("the idea page does not say the comment awaits review")
		}
	})
}

// An administrator hides an initiative and an organiser one of its
// updates: visitors read the moderators' reason in their place, the
// initiative leaves the lists, sitemap and feeds, and its organisers still
// see it with the reason and an appeal form.
func TestHiddenInitiativeAndUpdate(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	org := noRedirects(o.clientAs(t, organiser, fx))
	ini := "/initiatief/" + fx.slug
	if res := o.postForm(t, org, ini+"/updates", url.Values{"body": {"Bel mij op 0612345678"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post update: %d", res.StatusCode)
	}
	var up string
	if err := o.DB.NewSelect().Table("updates").Column("id").Where("initiative_id = ?", fx.initiativeID).Scan(context.Background(), &up); err != nil {
		t.Fatal(err)
	}
	if err := o.ideas.Report(context.Background(), o.newUser(t, resident), "update", uuid.MustParse(up), "personal_data", ""); err != nil {
		t.Fatal(err)
	}
	if res := o.postForm(t, org, ini+"/meldingen/update/"+up+"/verbergen", url.Values{"reason": {"Telefoonnummer"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide update: %d", res.StatusCode)
	}
	visitor := browserClient(t)
	doc := document(t, get(t, visitor, o.URL+ini))
	if got := doc.Find("#update-" + up).Text(); !strings.Contains(got, "Verborgen door de moderatoren: Telefoonnummer") || strings.Contains(got, "0612345678") {
		t.Errorf("a visitor reads the hidden update as %q", got)
	}
	if got := document(t, get(t, org, o.URL+ini)).Find("#update-" + up).Text(); !strings.Contains(got, "0612345678") || !strings.Contains(got, "Telefoonnummer") {
		t.Errorf("an organiser reads the hidden update as %q; want it with the reason", got)
	}

	lists := []string{"/", "/buurt/bolwijk", "/sitemap/1"}
	for _, path := range lists {
		if _, page := body(t, visitor, o.URL+path, nil); !strings.Contains(page, fx.slug) {
			t.Fatalf("%s does not link the initiative before it is hidden", path)
		}
	}
	root := noRedirects(o.clientAs(t, admin, fx))
	if res := o.postForm(t, root, "/beheer/meldingen/initiative/"+fx.initiativeID.String()+"/verbergen", url.Values{"reason": {"Misleidend"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide initiative: %d", res.StatusCode)
	}
	doc = document(t, get(t, visitor, o.URL+ini))
	if got := doc.Find("main").Text(); !strings.Contains(got, "Verborgen door de moderatoren: Misleidend") || strings.Contains(got, "Samen eten op het plein") {
		t.Errorf("a visitor reads the hidden initiative as %q", got)
	}
	doc = document(t, get(t, org, o.URL+ini))
	if !strings.Contains(doc.Find("main").Text(), "Samen eten op het plein") || doc.Find(`form[action="/bezwaar"] input[value="`+fx.initiativeID.String()+`"]`).Length() != 1 {
		t.Error("an organiser does not see the hidden initiative with an appeal form")
	}
	if doc := document(t, get(t, visitor, o.URL+"/idee/"+fx.idea)); strings.Contains(doc.Find("main").Text(), "Lampjes in de bomen") {
		t.Error("an idea of the hidden initiative is shown to a visitor")
	}
	for _, path := range lists {
		if _, page := body(t, visitor, o.URL+path, nil); strings.Contains(page, fx.slug) {
			t.Errorf("%s still links the hidden initiative", path)
		}
	}
	if res := get(t, visitor, o.URL+ini+"/feed"); res.StatusCode != http.StatusNotFound {
		t.Errorf("the hidden initiative's feed: %d, want 404", res.StatusCode)
	}
	// Its activities and tasks show the reason too, but to its organisers.
	for _, page := range []string{"/activiteit/" + fx.vol.activity, "/taak/" + fx.vol.task} {
		if got := document(t, get(t, visitor, o.URL+page)).Find("main").Text(); !strings.Contains(got, "Verborgen door de moderatoren: Misleidend") {
			t.Errorf("a visitor reads %s of the hidden initiative as %q", page, got)
		}
		if got := document(t, get(t, org, o.URL+page)).Find("main").Text(); strings.Contains(got, "Misleidend") || !strings.Contains(got, fx.title) {
			t.Errorf("an organiser reads %s of the hidden initiative as %q; want the page", page, got)
		}
	}
}
