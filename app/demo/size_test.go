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

// small is larger than the demo municipality in neighbourhoods and
// initiatives, like BenchSize, but quick.
var small = demo.Size{Neighbourhoods: 11, Residents: 120, Initiatives: 30, Ideas: 150, Supports: 1200, Comments: 400}

func seedSize(t *testing.T, bdb *bun.DB, size demo.Size) demo.ParticipationResult {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return seedTime }
	if _, err := demo.Seed(ctx, municipality.NewService(bdb, clock), account.NewService(bdb, clock, account.Options{})); err != nil {
		t.Fatal(err)
	}
	r, err := demo.SeedParticipation(ctx, bdb, size, seedTime)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSeedParticipationOfAnotherSize(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		r := seedSize(t, bdb, small)
		if r.Neighbourhoods != 3 || r.Residents != 120 || r.Initiatives != 30 || r.Ideas != 150 ||
			r.Supports != 1200 || r.Comments != 400 {
			t.Errorf("seeded %+v, want 3 extra neighbourhoods and the amounts of %+v", r, small)
		}
		assertQuery(t, bdb, "neighbourhoods with initiatives", 11, `SELECT count(DISTINCT neighbourhood_id) FROM initiatives`)
		assertQuery(t, bdb, "initiatives with a unique slug", 30, `SELECT count(DISTINCT slug) FROM initiatives`)
		s, err := demo.FindShowcase(context.Background(), bdb)
		if err != nil {
			t.Fatal(err)
		}
		if s.IdeaComments != demo.ShowcaseComments || s.InitiativeIdeas < demo.ShowcaseIdeas || s.NeighbourhoodSlug != "bolwijk" {
			t.Errorf("showcase %+v: want an idea with %d comments on an initiative with %d+ ideas in bolwijk",
				s, demo.ShowcaseComments, demo.ShowcaseIdeas)
		}
		assertQuery(t, bdb, "comments of the showcase idea", demo.ShowcaseComments,
			`SELECT count(*) FROM comments WHERE idea_id = '`+s.IdeaID.String()+`'`)
		assertQuery(t, bdb, "other ideas with as many comments", 0,
			`SELECT count(*) FROM ideas WHERE comments_count >= 50 AND id <> '`+s.IdeaID.String()+`'`)
	})
}

func TestSeedParticipationRefusesImpossibleSizes(t *testing.T) {
	bdb := dbtest.SQLite(t)
	for name, size := range map[string]demo.Size{
		"more supports than residents can give": {Neighbourhoods: 2, Residents: 20, Initiatives: 1, Ideas: 2, Supports: 21, Comments: 0},
		"fewer ideas than initiatives":          {Neighbourhoods: 2, Residents: 20, Initiatives: 3, Ideas: 2},
		"too few residents":                     {Neighbourhoods: 2, Residents: 2, Initiatives: 1, Ideas: 1},
		"comments that outnumber the showcase":  {Neighbourhoods: 2, Residents: 20, Initiatives: 1, Ideas: 2, Comments: 91},
	} {
		if _, err := demo.SeedParticipation(context.Background(), bdb, size, seedTime); err == nil {
			t.Errorf("%s: seeded %+v without error", name, size)
		}
	}
	if n := countTables(t, bdb)["users"]; n != 0 {
		t.Errorf("refused sizes wrote %d users", n)
	}
}

// The same size and clock give the same participation, to the id.
func TestSeedParticipationIsDeterministic(t *testing.T) {
	ideas := func() []string {
		bdb := dbtest.SQLite(t)
		seedSize(t, bdb, small)
		var rows []string
		err := bdb.NewRaw(`SELECT id || title || supports_count || comments_count || created_at FROM ideas ORDER BY id`).
			Scan(context.Background(), &rows)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	a, b := ideas(), ideas()
	if len(a) != small.Ideas || len(a) != len(b) {
		t.Fatalf("%d and %d ideas", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("idea %d differs:\n%s\n%s", i, a[i], b[i])
		}
	}
}
