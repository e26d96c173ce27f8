package web

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// postHTMX posts values as htmx does: with the HX-Request header.
func (o *oidcSite) postHTMX(t *testing.T, c *http.Client, path string, values url.Values) *http.Response {
	t.Helper()
	values.Set("csrf", o.csrf(t, c))
	req, _ := http.NewRequest(http.MethodPost, o.URL+path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// postStay posts values with c's CSRF token without following a redirect,
// so the test sees the answer itself.
func (o *oidcSite) postStay(t *testing.T, c *http.Client, path string, values url.Values) *http.Response {
	t.Helper()
	if values == nil {
		values = url.Values{}
	}
	values.Set("csrf", o.csrf(t, c))
	res, err := noRedirects(c).Post(o.URL+path, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func parseICS(t *testing.T, res *http.Response) *ics.Calendar {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(res.Body)
	if err != nil {
		t.Fatalf("parse calendar: %v", err)
	}
	return cal
}

func TestActivityFormKeepsInputAndExplainsErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		o := newSite(t, bdb, nil)
		fx := newFixture(t, o)
		c := o.clientAs(t, organiser, fx)
		bad := activityValues("Straatdiner in de zomer")
		bad.Set("end", future(7, "16:00"))
		bad.Set("limit", "0")
		bad.Set("lat", "95")
		bad.Set("lon", "5")
		res := o.postStay(t, c, "/initiatief/"+fx.slug+"/activiteiten", bad)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad activity: %d", res.StatusCode)
		}
		doc := document(t, res)
		if v, _ := doc.Find("input#title").Attr("value"); v != "Straatdiner in de zomer" {
			t.Errorf("title not kept: %q", v)
		}
		for field, msg := range map[string]string{"end": "Het einde moet na het begin liggen.",
			"limit": "Vul een aantal van 1 tot 10000 in", "lat": "Vul een breedtegraad"} {
			if got := text(doc, "#"+field+"-fout"); !strings.HasPrefix(got, msg) {
				t.Errorf("%s error %q, want %q", field, got, msg)
			}
			if inv, _ := doc.Find("#" + field).Attr("aria-invalid"); inv != "true" {
				t.Errorf("%s not marked invalid", field)
			}
		}
		if doc.Find(`[role="alert"] a[href="#end"]`).Length() != 1 {
			t.Error("the error summary does not link to the end field")
		}
		bad = taskValues("Flyers")
		bad.Set("capacity", "501")
		res = o.postStay(t, c, "/initiatief/"+fx.slug+"/taken", bad)
		if doc := document(t, res); res.StatusCode != 422 || !strings.HasPrefix(text(doc, "#capacity-fout"), "Vul een aantal plaatsen van 1 tot 500 in") {
			t.Errorf("capacity 501: %d %q", res.StatusCode, text(doc, "#capacity-fout"))
		}
		for _, path := range []string{"/taak/" + fx.vol.cancelTask, "/activiteit/" + fx.vol.cancel} {
			res = o.postStay(t, c, path+"/annuleren", url.Values{"reason": {" "}})
			if doc := document(t, res); res.StatusCode != 422 || text(doc, "#reason-fout") != "Schrijf kort waarom." {
				t.Errorf("cancelling %s without a reason: %d %q", path, res.StatusCode, text(doc, "#reason-fout"))
			}
		}
		if n, _ := bdb.NewSelect().Table("activities").Count(context.Background()); n != 2 {
			t.Errorf("%d activities stored, want the fixture's 2", n)
		}
	})
}

func TestSignUpInlineAndWithoutJavaScript(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		o := newSite(t, bdb, nil)
		fx := newFixture(t, o)
		task := "/taak/" + fx.vol.task
		ann, bob := o.loggedInResident(t), o.loggedInResident(t)
		res := o.postHTMX(t, ann, task+"/aanmelden", url.Values{})
		doc := document(t, res)
		if res.StatusCode != 200 || doc.Find(".bb-signup").Length() != 1 || doc.Find("header.bb-header").Length() != 0 {
			t.Fatalf("htmx sign-up: %d, fragment %q", res.StatusCode, text(doc, "body"))
		}
		if got := text(doc, `.bb-signup [role="status"]`); !strings.HasPrefix(got, "Je bent aangemeld.") {
			t.Errorf("after signing up: %q", got)
		}
		if doc.Find(`form[action="`+task+`/afmelden"] button[autofocus]`).Length() != 1 {
			t.Error("the cancel button does not take the focus")
		}
		res = o.postHTMX(t, ann, task+"/aanmelden", url.Values{})
		// htmx swaps only successful answers in, so the refusal comes as one.
		if doc := document(t, res); res.StatusCode != http.StatusOK || !strings.Contains(text(doc, `.bb-signup [role="alert"]`), "al aangemeld") {
			t.Errorf("second sign-up: %d %q", res.StatusCode, text(doc, `[role="alert"]`))
		}
		res = o.postStay(t, bob, task+"/aanmelden", nil)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != task+"#aanmelden" {
			t.Errorf("plain sign-up: %d to %q", res.StatusCode, loc)
		}
		doc = document(t, get(t, bob, o.URL+task))
		if got := text(doc, ".bb-signup p"); !strings.HasPrefix(got, "3 van de 3 plaatsen bezet") {
			t.Errorf("places: %q", got)
		}
		// Sign-ups close at the start.
		if _, err := bdb.NewUpdate().Table("volunteer_tasks").Set("starts_at = ?", time.Now().Add(-time.Minute).UTC()).
			Where("id = ?", fx.vol.task).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		res = o.postStay(t, o.loggedInResident(t), task+"/aanmelden", nil)
		if doc := document(t, res); res.StatusCode != http.StatusConflict || !strings.Contains(text(doc, `[role="alert"]`), "Aanmelden kan niet meer") {
			t.Errorf("sign-up after the start: %d %q", res.StatusCode, text(doc, `[role="alert"]`))
		}
	})
}

func TestRosterCSVAndPrintPage(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	c := o.clientAs(t, organiser, fx)
	ctx := context.Background()
	if _, err := o.DB.NewUpdate().Table("users").Set("display_name = ?", "=cmd|' /C calc'!A0").
		Where("id = ?", fx.vol.volunteer).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	res := get(t, c, o.URL+"/taak/"+fx.vol.task+"/deelnemers.csv")
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", res.StatusCode, res.Header)
	}
	body, _ := io.ReadAll(res.Body)
	recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv %q: %v", body, err)
	}
	if recs[0][1] != "Naam" || recs[1][1] != "'=cmd|' /C calc'!A0" || recs[1][3] != "Aangemeld" {
		t.Errorf("csv rows %q", recs)
	}
	doc := document(t, get(t, c, o.URL+"/taak/"+fx.vol.task+"/deelnemers"))
	if doc.Find("table.bb-table tbody tr").Length() != 1 || doc.Find(".bb-no-print").Length() == 0 {
		t.Error("the roster page has no table row or no print-only markup")
	}
}

func TestCalendarsParseAndPrivateLinkCanBeRevoked(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	anon := browserClient(t)
	if evs := parseICS(t, get(t, anon, o.URL+"/activiteit/"+fx.vol.activity+"/agenda.ics")).Events(); len(evs) != 1 {
		t.Errorf("activity calendar has %d events", len(evs))
	}
	if evs := parseICS(t, get(t, anon, o.URL+"/initiatief/"+fx.slug+"/agenda.ics")).Events(); len(evs) != 2 {
		t.Errorf("initiative calendar has %d events", len(evs))
	}
	c := o.loggedInResident(t)
	if res := o.postStay(t, c, "/activiteit/"+fx.vol.activity+"/aanmelden", url.Values{"going": {"ja"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rsvp: %d", res.StatusCode)
	}
	doc := document(t, o.postForm(t, c, "/agenda/koppeling", nil))
	link, _ := doc.Find("input#kalender-adres").Attr("value")
	if !strings.HasPrefix(link, o.URL+"/kalender/") {
		t.Fatalf("calendar link %q", link)
	}
	evs := parseICS(t, get(t, anon, link)).Events()
	if len(evs) != 1 || !strings.HasSuffix(evs[0].GetProperty(ics.ComponentPropertyUrl).Value, fx.vol.activity) {
		t.Errorf("private feed has %d events", len(evs))
	}
	if doc := document(t, get(t, c, o.URL+"/agenda")); doc.Find(`.bb-rows a[href="/activiteit/`+fx.vol.activity+`"]`).Length() != 1 {
		t.Error("Mijn agenda does not list the activity")
	}
	o.postForm(t, c, "/agenda/koppeling/intrekken", nil)
	if res := get(t, anon, link); res.StatusCode != http.StatusNotFound {
		t.Errorf("revoked link: %d", res.StatusCode)
	}
	if res := get(t, anon, link[:len(link)-6]+"x.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("tampered link: %d", res.StatusCode)
	}
}

func TestMeedoenAndInitiativePageListVolunteering(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	anon := browserClient(t)
	ns, _ := o.municipality.ListNeighbourhoods(context.Background())
	var slug string
	for _, n := range ns {
		if n.ID.String() == fx.neighbourhood {
			slug = n.Slug
		}
	}
	doc := document(t, get(t, anon, o.URL+"/buurt/"+slug+"/meedoen"))
	if doc.Find(`.bb-rows a[href="/taak/`+fx.vol.task+`"]`).Length() != 1 {
		t.Errorf("meedoen lacks the open task: %q", text(doc, "main"))
	}
	doc = document(t, get(t, anon, o.URL+"/initiatief/"+fx.slug))
	if doc.Find(`#activiteiten ~ ul a[href="/activiteit/`+fx.vol.activity+`"]`).Length() != 1 ||
		doc.Find(`a[href="/taak/`+fx.vol.task+`"]`).Length() != 1 {
		t.Error("the initiative page does not list the activity and the task")
	}
	doc = document(t, get(t, o.clientAs(t, organiser, fx), o.URL+"/initiatief/"+fx.slug))
	if doc.Find(`a[href="/initiatief/`+fx.slug+`/activiteiten/nieuw"]`).Length() != 1 {
		t.Error("organisers get no link to plan an activity")
	}
}
