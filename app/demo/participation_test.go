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

// seedTime is the clock of every participation test.
var seedTime = time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)

func seedAll(t *testing.T, bdb *bun.DB) demo.Result {
	t.Helper()
	clock := func() time.Time { return seedTime }
	r, err := demo.SeedAll(context.Background(), bdb, municipality.NewService(bdb, clock),
		account.NewService(bdb, clock, account.Options{}), seedTime)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// tableCounts are COUNT(*) of every table the seed writes.
type tableCounts map[string]int

var seededTables = []string{"users", "identities", "activity_keys", "neighbourhoods", "initiatives",
	"initiative_themes", "organisers", "follows", "updates", "ideas", "idea_status_changes", "supports",
	"comments", "activity"}

func countTables(t *testing.T, bdb *bun.DB) tableCounts {
	t.Helper()
	out := tableCounts{}
	for _, table := range seededTables {
		n, err := bdb.NewSelect().Table(table).Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out[table] = int(n)
	}
	return out
}

func TestSeedAllMakesTheDemoParticipation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		r := seedAll(t, bdb).Participation
		want := demo.DemoSize
		if r.Residents != want.Residents || r.Initiatives != want.Initiatives || r.Ideas != want.Ideas ||
			r.Supports != want.Supports || r.Comments != want.Comments {
			t.Errorf("seeded %+v, want the amounts of %+v", r, want)
		}
		if r.Follows == 0 || r.Updates == 0 || r.StatusChanges == 0 || r.Organisers < want.Initiatives || r.Neighbourhoods != 0 {
			t.Errorf("seeded %+v: want follows, updates, status changes, an organiser each and no extra neighbourhoods", r)
		}
		got := countTables(t, bdb)
		for table, n := range map[string]int{"initiatives": r.Initiatives, "ideas": r.Ideas, "supports": r.Supports,
			"comments": r.Comments, "follows": r.Follows, "updates": r.Updates, "organisers": r.Organisers,
			"idea_status_changes": r.StatusChanges, "activity": r.Activity, "users": r.Residents + 4} {
			if got[table] != n {
				t.Errorf("%s has %d rows, the result says %d", table, got[table], n)
			}
		}
		assertQuery(t, bdb, "neighbourhoods with demo residents", 8, `SELECT count(DISTINCT u.neighbourhood_id) FROM users AS u
			JOIN identities AS i ON i.user_id = u.id WHERE i.provider = 'demo-resident'`)
		assertQuery(t, bdb, "neighbourhoods with initiatives", 8, `SELECT count(DISTINCT neighbourhood_id) FROM initiatives`)
		assertQuery(t, bdb, "initiatives with 1 to 3 themes", 12, `SELECT count(*) FROM (SELECT initiative_id FROM initiative_themes
			GROUP BY initiative_id HAVING count(*) BETWEEN 1 AND 3) AS t`)
		assertQuery(t, bdb, "initiatives organised by the demo organiser", 2, `SELECT count(*) FROM organisers AS o
			JOIN identities AS i ON i.user_id = o.user_id WHERE i.provider = 'demo' AND i.subject = 'initiatiefnemer'`)
		assertAtLeast(t, bdb, "replies", 101, `SELECT count(*) FROM comments WHERE parent_id IS NOT NULL`)
		assertAtLeast(t, bdb, "ideas with a status and a reason", 11, `SELECT count(*) FROM ideas
			WHERE status <> 'open' AND status_reason <> '' AND first_status_at IS NOT NULL`)
	})
}

func TestSeedAllLeavesTheDemoLoginAlone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		seedAll(t, bdb)
		us, err := account.NewService(bdb, time.Now, account.Options{}).UsersOfProvider(context.Background(), demo.DemoProvider)
		if err != nil {
			t.Fatal(err)
		}
		if len(us) != 4 {
			t.Errorf("demo login lists %d users, want the 4 demo users", len(us))
		}
	})
}

func TestSeedAllTwiceChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		seedAll(t, bdb)
		before := countTables(t, bdb)
		if again := seedAll(t, bdb); again != (demo.Result{}) {
			t.Errorf("second seed added %+v, want nothing", again)
		}
		after := countTables(t, bdb)
		for table, n := range before {
			if after[table] != n {
				t.Errorf("%s went from %d to %d rows", table, n, after[table])
			}
		}
	})
}

// The participation happened over the last year, each act after what it
// acts on and before now.
func TestSeedAllSpreadsOverTheLastYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		seedAll(t, bdb)
		yearAgo, now := seedTime.AddDate(-1, 0, -1), seedTime
		for _, table := range []string{"initiatives", "ideas", "supports", "comments", "follows", "updates", "activity"} {
			var first, last time.Time
			err := bdb.NewSelect().Table(table).ColumnExpr("min(created_at), max(created_at)").Scan(context.Background(), &first, &last)
			if err != nil {
				t.Fatal(err)
			}
			if first.Before(yearAgo) || last.After(now) || last.Sub(first) < 200*24*time.Hour {
				t.Errorf("%s from %s to %s, want spread over the year before %s", table, first, last, now)
			}
		}
		assertQuery(t, bdb, "ideas older than their initiative", 0, `SELECT count(*) FROM ideas AS d
			JOIN initiatives AS i ON i.id = d.initiative_id WHERE d.created_at < i.created_at`)
		assertQuery(t, bdb, "supports older than their idea", 0, `SELECT count(*) FROM supports AS s
			JOIN ideas AS d ON d.id = s.idea_id WHERE s.created_at < d.created_at`)
		assertQuery(t, bdb, "replies older than their comment", 0, `SELECT count(*) FROM comments AS r
			JOIN comments AS c ON c.id = r.parent_id WHERE r.created_at < c.created_at OR c.parent_id IS NOT NULL`)
	})
}

// assertQuery runs a query that returns one number and compares it.
func assertQuery(t *testing.T, bdb *bun.DB, what string, want int, query string) {
	t.Helper()
	var got int
	if err := bdb.NewRaw(query).Scan(context.Background(), &got); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got != want {
		t.Errorf("%s: %d, want %d", what, got, want)
	}
}

// assertAtLeast runs a query that counts something there must be some of.
func assertAtLeast(t *testing.T, bdb *bun.DB, what string, least int, query string) {
	t.Helper()
	var got int
	if err := bdb.NewRaw(query).Scan(context.Background(), &got); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got < least {
		t.Errorf("%s: %d, want at least %d", what, got, least)
	}
}
