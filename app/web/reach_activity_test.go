package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// activityFixture adds to a reach fixture an activity on the public
// initiative and one on an initiative that is then archived.
type activityFixture struct {
	reachFixture
	act, hiddenAct volunteer.Activity
}

func newActivityFixture(t *testing.T, s *Server) activityFixture {
	t.Helper()
	ctx := context.Background()
	f := activityFixture{reachFixture: newReachFixture(t, s)}
	day := time.Now().In(volunteer.Zone).AddDate(0, 0, 10).Format("2006-01-02")
	in := volunteer.ActivityInput{Title: `Straatdiner "Bolplein" & co`, Description: "Iedereen neemt **iets** mee.",
		Start: day + "T17:00", End: day + "T21:00", Place: "Bolplein"}
	var err error
	if f.act, err = s.volunteers.CreateActivity(ctx, f.org, f.ini.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Title = "Geheime borrel"
	other := f.ini.Input()
	other.Title = "Ander oud plan"
	ini, err := s.initiatives.Create(ctx, f.org, other)
	if err != nil {
		t.Fatal(err)
	}
	if f.hiddenAct, err = s.volunteers.CreateActivity(ctx, f.org, ini.ID, in); err != nil {
		t.Fatal(err)
	}
	other.Status = string(initiative.Archived)
	if _, err := s.initiatives.Update(ctx, f.org, ini.ID, other); err != nil {
		t.Fatal(err)
	}
	return f
}

// The activity poster shows date and place and a QR code that decodes to
// the activity's canonical address; archived and unknown are 404.
func TestActivityPosterAndQRCode(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newActivityFixture(t, s)
	page := "/activiteit/" + f.act.ID.String()
	doc := document(t, getOK(t, s, page+"/poster?formaat=a3"))
	if text(doc, "h1") != f.act.Title || text(doc, ".bb-poster__where") != "Bolplein" || !strings.Contains(text(doc, ".bb-poster__when"), "17:00") {
		t.Errorf("poster: title %q, where %q, when %q", text(doc, "h1"), text(doc, ".bb-poster__where"), text(doc, ".bb-poster__when"))
	}
	body, _ := io.ReadAll(getOK(t, s, page+"/qr.png").Body)
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	got, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil || got.GetText() != s.absURL(page) {
		t.Errorf("QR code: %v, %v; want %q", got, err, s.absURL(page))
	}
	for _, target := range []string{"/activiteit/" + f.hiddenAct.ID.String() + "/poster", "/activiteit/" + f.hiddenAct.ID.String() + "/qr.png",
		"/activiteit/00000000-0000-7000-8000-000000000000/poster", page + "/poster?formaat=a5"} {
		if res := do(t, s, http.MethodGet, target, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, res.StatusCode)
		}
	}
}

// The activity page describes the activity as a schema.org Event in a
// JSON-LD data block: valid JSON with the properties search engines need.
func TestActivityPageHasEventStructuredData(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newActivityFixture(t, s)
	doc := document(t, getOK(t, s, "/activiteit/"+f.act.ID.String()))
	blocks := doc.Find(`script[type="application/ld+json"]`)
	if blocks.Length() != 1 {
		t.Fatalf("%d JSON-LD blocks, want 1", blocks.Length())
	}
	var ev struct {
		Context  string `json:"@context"`
		Type     string `json:"@type"`
		Name     string `json:"name"`
		Start    string `json:"startDate"`
		End      string `json:"endDate"`
		Status   string `json:"eventStatus"`
		URL      string `json:"url"`
		Location struct {
			Type, Name, Address string
		} `json:"location"`
		Organizer struct {
			Name, URL string
		} `json:"organizer"`
	}
	if err := json.Unmarshal([]byte(blocks.Text()), &ev); err != nil {
		t.Fatalf("JSON-LD %q: %v", blocks.Text(), err)
	}
	start, err := time.Parse(time.RFC3339, ev.Start)
	if err != nil || !start.Equal(f.act.StartsAt) {
		t.Errorf("startDate %q, want %v", ev.Start, f.act.StartsAt)
	}
	if ev.Context != "https://schema.org" || ev.Type != "Event" || ev.Name != f.act.Title || ev.End == "" ||
		ev.Location.Address != "Bolplein" || ev.URL != s.absURL("/activiteit/"+f.act.ID.String()) ||
		ev.Organizer.URL != s.absURL("/initiatief/"+f.ini.Slug) || ev.Status != "https://schema.org/EventScheduled" {
		t.Errorf("event %+v", ev)
	}
	if doc.Find(".bb-share a").Length() != 5 || doc.Find(`a[href$="/poster"]`).Length() != 1 {
		t.Error("the activity page lacks its share links or poster link")
	}
	// Other pages carry no structured data.
	if n := document(t, getOK(t, s, "/initiatief/"+f.ini.Slug)).Find(`script[type="application/ld+json"]`).Length(); n != 0 {
		t.Errorf("initiative page has %d JSON-LD blocks", n)
	}
}

// Activities appear in feeds and the sitemap; those of archived
// initiatives do not.
func TestActivitiesInFeedsAndSitemap(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	f := newActivityFixture(t, s)
	feed := parseAtom(t, s, "/buurt/bolwijk/feed")
	found := false
	for _, e := range feed.Entries {
		if e.ID == "urn:uuid:"+f.act.ID.String() {
			found = len(e.Links) > 0 && e.Links[0].Href == s.absURL("/activiteit/"+f.act.ID.String()) &&
				strings.Contains(e.Title, "Bolplein")
		}
		if e.ID == "urn:uuid:"+f.hiddenAct.ID.String() {
			t.Error("the feed shows an activity of an archived initiative")
		}
	}
	if !found {
		t.Error("the neighbourhood feed lacks the activity, its link or its place")
	}
	sitemap, _ := io.ReadAll(getOK(t, s, "/sitemap/1").Body)
	if !bytes.Contains(sitemap, []byte(s.absURL("/activiteit/"+f.act.ID.String()))) || bytes.Contains(sitemap, []byte(f.hiddenAct.ID.String())) {
		t.Error("the sitemap lacks the activity or shows the hidden one")
	}
}
