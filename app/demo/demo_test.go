package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/municipality"
)

func TestSeedTwiceChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		m := municipality.NewService(bdb, time.Now)
		a := account.NewService(bdb, time.Now, account.Options{})
		first, err := demo.Seed(ctx, m, a)
		if err != nil {
			t.Fatal(err)
		}
		if !first.Settings || first.Neighbourhoods < 6 || first.Themes != len(demo.Themes()) || first.Users != 4 {
			t.Fatalf("first seed added %+v; want settings, 6+ neighbourhoods and every theme", first)
		}
		before := snapshot(t, m)
		second, err := demo.Seed(ctx, m, a)
		if err != nil {
			t.Fatal(err)
		}
		if second != (demo.Result{}) {
			t.Errorf("second seed added %+v, want nothing", second)
		}
		if after := snapshot(t, m); after != before {
			t.Errorf("second seed changed the data:\nbefore %s\nafter  %s", before, after)
		}
		st, err := m.Settings(ctx)
		if err != nil || st.Name != "Gemeente Voorbeeld" {
			t.Errorf("settings = %+v, %v", st, err)
		}
	})
}

// snapshot renders every neighbourhood and theme, IDs included, so that a
// re-insert or an update shows up as a difference.
func snapshot(t *testing.T, m *municipality.Service) string {
	t.Helper()
	ns, err := m.ListNeighbourhoods(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ts, err := m.ListThemes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var s string
	for _, n := range ns {
		s += n.ID.String() + n.Slug + n.UpdatedAt.String() + ";"
	}
	for _, th := range ts {
		s += th.ID.String() + th.Slug + ";"
	}
	return s
}
