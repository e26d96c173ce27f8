package volunteer_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

var site = volunteer.Cal{BaseURL: "https://buurt.example.org", Name: "Buurtboost"}

// parse reads a calendar with the iCalendar library's own parser.
func parse(t *testing.T, doc string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("parse calendar: %v\n%s", err, doc)
	}
	return cal
}

func TestActivityAndInitiativeCalendarsParse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		in := activityInput()
		in.Lat, in.Lon = "52.1", "5.1"
		in.Description = "Lange tafels; neem een stoel mee, en je bord."
		a := f.activity(in)
		b := f.activity(activityInput())
		if err := f.svc.CancelActivity(f.ctx, f.org, b.ID, "Regen"); err != nil {
			t.Fatal(err)
		}
		_, doc, err := f.svc.ActivityICS(f.ctx, a.ID, site)
		if err != nil {
			t.Fatal(err)
		}
		evs := parse(t, doc).Events()
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		start, err := evs[0].GetStartAt()
		if err != nil || !start.Equal(a.StartsAt) {
			t.Errorf("DTSTART %v (%v), want %v", start, err, a.StartsAt)
		}
		if got := evs[0].GetProperty(ics.ComponentPropertyDescription).Value; got != in.Description {
			t.Errorf("description %q", got)
		}
		if got := evs[0].GetProperty(ics.ComponentPropertyUrl).Value; got != "https://buurt.example.org/activiteit/"+a.ID.String() {
			t.Errorf("url %q", got)
		}
		feed, err := f.svc.InitiativeFeed(f.ctx, f.ini.ID, site)
		if err != nil {
			t.Fatal(err)
		}
		evs = parse(t, feed).Events()
		if len(evs) != 2 || evs[1].GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" {
			t.Errorf("initiative feed: %d events\n%s", len(evs), feed)
		}
	})
}

func TestPrivateFeedHasWhatYouJoinedAndCanBeRevoked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		a := f.activity(activityInput())
		task, full := f.task(taskInput("3")), f.task(taskInput("1"))
		ann := f.resident("Ann")
		if _, err := f.svc.RSVP(f.ctx, ann, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SignUp(f.ctx, ann, task.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SignUp(f.ctx, f.resident("Bob"), full.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SignUp(f.ctx, ann, full.ID); err != nil { // waiting: not in the feed
			t.Fatal(err)
		}
		token, err := f.svc.NewCalendarToken(f.ctx, ann)
		if err != nil {
			t.Fatal(err)
		}
		if n := f.count("calendar_tokens", "token_hash = ?", token); n != 0 {
			t.Error("the token is stored in the clear")
		}
		feed, err := f.svc.UserFeed(f.ctx, token, site)
		if err != nil {
			t.Fatal(err)
		}
		var urls []string
		for _, ev := range parse(t, feed).Events() {
			urls = append(urls, ev.GetProperty(ics.ComponentPropertyUrl).Value)
		}
		want := []string{site.BaseURL + "/taak/" + task.ID.String(), site.BaseURL + "/activiteit/" + a.ID.String()}
		if !slices.Equal(urls, want) {
			t.Errorf("feed links to %q, want %q", urls, want)
		}
		agenda, err := f.svc.Agenda(f.ctx, ann.ID, t0)
		if err != nil || len(agenda) != 3 || agenda[0].StartsAt.After(agenda[2].StartsAt) {
			t.Errorf("agenda %+v, %v", agenda, err)
		}
		newer, err := f.svc.NewCalendarToken(f.ctx, ann)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{token, token[:len(token)-1] + "x", ""} {
			if _, err := f.svc.UserFeed(f.ctx, bad, site); !errors.Is(err, volunteer.ErrTokenInvalid) {
				t.Errorf("feed for an old or tampered token: %v", err)
			}
		}
		if err := f.svc.RevokeCalendarToken(f.ctx, ann); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UserFeed(f.ctx, newer, site); !errors.Is(err, volunteer.ErrTokenInvalid) {
			t.Errorf("feed after revoking: %v", err)
		}
	})
}

func TestOpenTasksInTheNeighbourhoodSoonestFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		later := taskInput("2")
		later.Start, later.End = local(9, "10:00"), local(9, "12:00")
		l := f.task(later)
		soon := f.task(taskInput("2"))
		full := f.task(taskInput("1"))
		if _, err := f.svc.SignUp(f.ctx, f.resident("Ann"), full.ID); err != nil {
			t.Fatal(err)
		}
		ts, err := f.svc.OpenTasks(f.ctx, f.nb, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 2 || ts[0].ID != soon.ID || ts[1].ID != l.ID || ts[0].InitiativeSlug != f.ini.Slug {
			t.Errorf("open tasks %+v", ts)
		}
		f.clock.Set(soon.StartsAt.Add(time.Minute))
		if ts, _ := f.svc.OpenTasks(f.ctx, f.nb, 50); len(ts) != 1 {
			t.Errorf("after the first started: %d open tasks", len(ts))
		}
	})
}
