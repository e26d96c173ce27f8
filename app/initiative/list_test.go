package initiative_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

func titles(inis []initiative.Initiative) []string {
	out := make([]string, len(inis))
	for i, ini := range inis {
		out[i] = ini.Title
	}
	return out
}

func TestListFiltersNewestFirstWithThemes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		// add creates an initiative a second after the previous one.
		add := func(title string, nb uuid.UUID, status string, themes ...uuid.UUID) {
			t.Helper()
			f.clock.Advance(time.Second)
			in := f.input(title)
			in.NeighbourhoodID, in.ThemeIDs = nb.String(), ids(themes)
			ini, err := f.svc.Create(f.ctx, anna, in)
			if err != nil {
				t.Fatal(err)
			}
			if status != "active" {
				in.Status = status
				if _, err := f.svc.Update(f.ctx, anna, ini.ID, in); err != nil {
					t.Fatal(err)
				}
			}
		}
		add("Eerste plein", f.nb, "active", f.themes[0])
		add("Tweede plein", f.nb2, "paused", f.themes[1], f.themes[2])
		add("Derde plein", f.nb, "archived", f.themes[3])
		add("Vierde plein", f.nb, "completed", f.themes[2], f.themes[0], f.themes[1])

		check := func(name string, flt initiative.Filter, want ...string) []initiative.Initiative {
			t.Helper()
			got, err := f.svc.List(f.ctx, flt)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if fmt.Sprint(titles(got)) != fmt.Sprint(want) {
				t.Errorf("%s = %v, want %v", name, titles(got), want)
			}
			return got
		}
		all := check("everything not archived", initiative.Filter{}, "Vierde plein", "Tweede plein", "Eerste plein")
		wantThemes := map[string]string{"Vierde plein": "[groen spelen verkeer]", "Tweede plein": "[spelen verkeer]", "Eerste plein": "[groen]"}
		for _, ini := range all {
			var slugs []string
			for _, th := range ini.Themes {
				slugs = append(slugs, th.Slug)
			}
			if fmt.Sprint(slugs) != wantThemes[ini.Title] {
				t.Errorf("themes of %s = %v, want %s", ini.Title, slugs, wantThemes[ini.Title])
			}
		}
		check("in centrum", initiative.Filter{NeighbourhoodID: &f.nb}, "Vierde plein", "Eerste plein")
		check("archived only", initiative.Filter{Statuses: []initiative.Status{initiative.Archived}}, "Derde plein")
		check("archived or active in centrum", initiative.Filter{NeighbourhoodID: &f.nb,
			Statuses: []initiative.Status{initiative.Archived, initiative.Active}}, "Derde plein", "Eerste plein")
		check("limit 2", initiative.Filter{Limit: 2}, "Vierde plein", "Tweede plein")
		none := uuid.Must(uuid.NewV7())
		check("unknown neighbourhood", initiative.Filter{NeighbourhoodID: &none})
	})
}

// queryCounter counts the queries a *bun.DB sends.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) {}

func TestListTakesAFixedNumberOfQueries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		counter := &queryCounter{}
		counted := initiative.NewService(bdb.WithQueryHook(counter), f.clock.Now)
		queriesFor := func(n int) int64 {
			t.Helper()
			counter.n.Store(0)
			got, err := counted.List(f.ctx, initiative.Filter{Limit: 100})
			if err != nil || len(got) != n {
				t.Fatalf("list = %d initiatives, %v; want %d", len(got), err, n)
			}
			for _, ini := range got {
				if len(ini.Themes) != 2 {
					t.Fatalf("%s has %d themes, want 2", ini.Title, len(ini.Themes))
				}
			}
			return counter.n.Load()
		}
		create := func(i int) {
			in := f.input(fmt.Sprintf("Initiatief nummer %d", i))
			in.ThemeIDs = ids(f.themes[:2])
			if _, err := f.svc.Create(f.ctx, anna, in); err != nil {
				t.Fatal(err)
			}
		}
		create(0)
		one := queriesFor(1)
		for i := 1; i < 30; i++ {
			create(i)
		}
		if thirty := queriesFor(30); thirty != one || one != 2 {
			t.Errorf("List sent %d queries for 1 initiative and %d for 30; want 2 for both", one, thirty)
		}
	})
}
