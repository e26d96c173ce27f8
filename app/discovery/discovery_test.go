package discovery_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/discovery"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// t0 is whole seconds, so both databases store it exactly.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type fixture struct {
	t            *testing.T
	ctx          context.Context
	db           *bun.DB
	now          time.Time
	svc          *discovery.Service
	initiatives  *initiative.Service
	ideas        *idea.Service
	accounts     *account.Service
	volunteers   *volunteer.Service
	nb, nb2      uuid.UUID
	groen, feest uuid.UUID
}

func (f *fixture) clock() time.Time { return f.now }

// tick moves the clock a second on, so every row has its own time.
func (f *fixture) tick() { f.now = f.now.Add(time.Second) }

func setup(t *testing.T, bdb *bun.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), db: bdb, now: t0}
	f.svc = discovery.NewService(bdb, f.clock)
	f.initiatives = initiative.NewService(bdb, f.clock)
	f.ideas = idea.NewService(bdb, f.clock)
	f.accounts = account.NewService(bdb, f.clock, account.Options{})
	f.volunteers = volunteer.NewService(bdb, f.clock)
	m := municipality.NewService(bdb, f.clock)
	ids := map[string]uuid.UUID{}
	for _, slug := range []string{"centrum", "vogelbuurt"} {
		if _, err := m.EnsureNeighbourhood(f.ctx, municipality.Neighbourhood{Slug: slug, Name: slug}); err != nil {
			t.Fatal(err)
		}
		n, err := m.NeighbourhoodBySlug(f.ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		ids[slug] = n.ID
	}
	for _, slug := range []string{"groen", "feest"} {
		if _, err := m.EnsureTheme(f.ctx, municipality.Theme{Slug: slug, LabelNL: slug, LabelEN: slug}); err != nil {
			t.Fatal(err)
		}
	}
	themes, err := m.ListThemes(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range themes {
		ids[th.Slug] = th.ID
	}
	f.nb, f.nb2, f.groen, f.feest = ids["centrum"], ids["vogelbuurt"], ids["groen"], ids["feest"]
	return f
}

func (f *fixture) resident(name string) account.User {
	f.t.Helper()
	u, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: name, Name: name})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func (f *fixture) create(u account.User, title string, nb, theme uuid.UUID) initiative.Initiative {
	f.t.Helper()
	f.tick()
	ini, err := f.initiatives.Create(f.ctx, u, initiative.Input{Title: title, Summary: "Samen doen.",
		Description: "Doe mee.", NeighbourhoodID: nb.String(), ThemeIDs: []string{theme.String()}})
	if err != nil {
		f.t.Fatal(err)
	}
	return ini
}

func (f *fixture) update(u account.User, ini initiative.Initiative, body string) {
	f.t.Helper()
	f.tick()
	if _, err := f.initiatives.PostUpdate(f.ctx, u, ini.ID, body); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) propose(u account.User, ini initiative.Initiative, title string) idea.Idea {
	f.t.Helper()
	f.tick()
	it, err := f.ideas.Propose(f.ctx, u, ini.ID, idea.Input{Title: title, Description: "Goed idee."})
	if err != nil {
		f.t.Fatal(err)
	}
	return it
}

// activity plans an activity on the initiative a week from now.
func (f *fixture) activity(u account.User, ini initiative.Initiative, title string) volunteer.Activity {
	f.t.Helper()
	f.tick()
	day := f.now.In(volunteer.Zone).AddDate(0, 0, 7).Format("2006-01-02")
	a, err := f.volunteers.CreateActivity(f.ctx, u, ini.ID, volunteer.ActivityInput{Title: title,
		Description: "Kom ook.", Start: day + "T17:00", End: day + "T20:00", Place: "Bolplein"})
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *fixture) archive(u account.User, ini initiative.Initiative) {
	f.t.Helper()
	in := ini.Input()
	in.Status = string(initiative.Archived)
	if _, err := f.initiatives.Update(f.ctx, u, ini.ID, in); err != nil {
		f.t.Fatal(err)
	}
}

// all walks every page of a scope and returns the entries' titles (or
// bodies, for updates), newest first.
func (f *fixture) all(scope discovery.Scope, limit int) []string {
	f.t.Helper()
	var out []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 1000 {
			f.t.Fatal("pages do not end")
		}
		p, err := f.svc.Entries(f.ctx, scope, cursor, limit)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, e := range p.Entries {
			out = append(out, e.Kind+":"+e.Title+e.Body)
		}
		if p.Next == "" {
			return out
		}
		cursor = p.Next
	}
}

func equal(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d entries %q, want %q", len(got), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("entry %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestEntriesByScope(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		org, res := f.resident("org"), f.resident("res")
		tuin := f.create(org, "Geveltuinen", f.nb, f.groen)
		f.propose(res, tuin, "Meer bloemen")
		f.update(org, tuin, "We zaaien zaterdag.")
		f.activity(org, tuin, "Zaaidag")
		feest := f.create(org, "Buurtfeest", f.nb2, f.feest)
		f.propose(res, feest, "Een springkussen")
		geheim := f.create(org, "Oud plan", f.nb, f.groen)
		f.propose(res, geheim, "Verborgen idee")
		f.update(org, geheim, "Verborgen nieuws")
		f.activity(org, geheim, "Verborgen activiteit")
		f.archive(org, geheim)

		equal(t, f.all(discovery.Scope{InitiativeID: &tuin.ID}, 2), []string{"activity:ZaaidagKom ook.",
			"update:We zaaien zaterdag.", "idea:Meer bloemenGoed idee.", "initiative:GeveltuinenSamen doen."})
		equal(t, f.all(discovery.Scope{NeighbourhoodID: &f.nb2}, 0), []string{
			"idea:Een springkussenGoed idee.", "initiative:BuurtfeestSamen doen."})
		equal(t, f.all(discovery.Scope{ThemeID: &f.groen}, 1), []string{"activity:ZaaidagKom ook.",
			"update:We zaaien zaterdag.", "idea:Meer bloemenGoed idee.", "initiative:GeveltuinenSamen doen."})
		if got := f.all(discovery.Scope{}, 0); len(got) != 6 {
			t.Errorf("whole municipality: %q, want the 6 public entries", got)
		}
		// An activity entry says when and where.
		p, err := f.svc.Entries(f.ctx, discovery.Scope{InitiativeID: &tuin.ID}, "", 1)
		if err != nil {
			t.Fatal(err)
		}
		if e := p.Entries[0]; e.StartsAt == nil || e.StartsAt.IsZero() || e.Place != "Bolplein" || e.Status != "planned" {
			t.Errorf("activity entry %+v lacks its time, place or status", e)
		}
		// An archived initiative's entries never come out, even asked for.
		if got := f.all(discovery.Scope{InitiativeID: &geheim.ID}, 0); len(got) != 0 {
			t.Errorf("archived initiative: %q, want nothing", got)
		}
	})
}

// A feed of 10,000 entries comes in pages that, followed to the end,
// hold every entry once: nothing is silently cut off.
func TestEntriesTenThousandArePaginatedNotTruncated(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		org := f.resident("org")
		ini := f.create(org, "Drukke buurt", f.nb, f.groen)
		const n = 10000
		ups := make([]initiative.Update, n)
		for i := range ups {
			// Pairs share a time, so the id breaks ties across page edges.
			ups[i] = initiative.Update{ID: uuid.Must(uuid.NewV7()), InitiativeID: ini.ID, AuthorID: &org.ID,
				Body: "nieuws", CreatedAt: t0.Add(time.Hour + time.Duration(i/2)*time.Second)}
		}
		for i := 0; i < n; i += 1000 {
			batch := ups[i : i+1000]
			if _, err := bdb.NewInsert().Model(&batch).Exec(f.ctx); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[uuid.UUID]bool{}
		cursor, pages := "", 0
		for {
			p, err := f.svc.Entries(f.ctx, discovery.Scope{InitiativeID: &ini.ID}, cursor, discovery.MaxEntries)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, e := range p.Entries {
				if seen[e.ID] {
					t.Fatalf("entry %s seen twice", e.ID)
				}
				seen[e.ID] = true
			}
			if p.Next == "" {
				break
			}
			if len(p.Entries) != discovery.MaxEntries {
				t.Fatalf("page %d has %d entries and a next page", pages, len(p.Entries))
			}
			cursor = p.Next
		}
		if len(seen) != n+1 || pages != 101 {
			t.Errorf("saw %d entries on %d pages, want %d on 101", len(seen), pages, n+1)
		}
	})
}

func TestEntriesRejectABadCursor(t *testing.T) {
	t.Parallel()
	f := setup(t, dbtest.SQLite(t))
	for _, c := range []string{"!!!", "e30", "eyJjIjoiMjAyNi0wMS0wMVQwMDowMDowMFoifQ"} {
		if _, err := f.svc.Entries(f.ctx, discovery.Scope{}, c, 0); err != discovery.ErrCursor {
			t.Errorf("cursor %q: %v, want ErrCursor", c, err)
		}
	}
}

func TestLocationsListPublicPagesInPages(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		org, res := f.resident("org"), f.resident("res")
		tuin := f.create(org, "Geveltuinen", f.nb, f.groen)
		it := f.propose(res, tuin, "Meer bloemen")
		act := f.activity(org, tuin, "Zaaidag")
		geheim := f.create(org, "Oud plan", f.nb, f.groen)
		hidden := f.propose(res, geheim, "Verborgen idee")
		hiddenAct := f.activity(org, geheim, "Verborgen activiteit")
		f.tick()
		f.archive(org, geheim)

		n, err := f.svc.CountLocations(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 5 { // two neighbourhoods, one initiative, one idea, one activity
			t.Fatalf("%d locations, want 5", n)
		}
		var got []discovery.Location
		for page := 0; page*3 < n; page++ {
			locs, err := f.svc.Locations(f.ctx, page, 3)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, locs...)
		}
		want := []string{"neighbourhood centrum", "neighbourhood vogelbuurt", "initiative " + tuin.Slug,
			"idea " + it.ID.String(), "activity " + act.ID.String()}
		if len(got) != len(want) {
			t.Fatalf("locations %v, want %v", got, want)
		}
		for i, l := range got {
			if l.Kind+" "+l.Key != want[i] {
				t.Errorf("location %d: %s %s, want %s", i, l.Kind, l.Key, want[i])
			}
			if l.Key == hidden.ID.String() || l.Key == geheim.Slug || l.Key == hiddenAct.ID.String() {
				t.Errorf("archived content %s in the sitemap", l.Key)
			}
		}
		// centrum changed when its public initiative last did.
		if !got[0].LastMod.Equal(tuin.UpdatedAt) {
			t.Errorf("centrum lastmod %v, want %v", got[0].LastMod, tuin.UpdatedAt)
		}
		if got[3].LastMod.IsZero() {
			t.Error("idea without lastmod")
		}
	})
}
