package web

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// pageQueries counts the queries bun runs, as a query hook.
type pageQueries struct{ n atomic.Int64 }

func (q *pageQueries) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }
func (q *pageQueries) AfterQuery(context.Context, *bun.QueryEvent)                        { q.n.Add(1) }

// Two seeds that differ in how much each page lists: the small one has two
// initiatives, a showcase initiative with 3 ideas and an idea with 3
// comments; the large one lists full pages (6 initiatives and 12 ideas on
// the home page, 20 ideas, 50 comments). Both list at least one item of
// each kind, because an empty list rightly saves the query that would
// complete its items.
var (
	fewItems  = demo.Size{Neighbourhoods: 8, Residents: 20, Initiatives: 2, Ideas: 4, Supports: 10, Comments: 3}
	manyItems = demo.Size{Neighbourhoods: 8, Residents: 200, Initiatives: 40, Ideas: 400, Supports: 4000, Comments: 1000}
)

// pageVisit is a page and how many queries it took, for a visitor and for
// a logged-in resident, and how much it listed.
type pageVisit struct {
	path                string
	anonymous, loggedIn int
	links               int
}

// Every page takes as many queries whatever it lists: nothing is loaded
// one item at a time (no N+1).
func TestPagesQueryAsOftenWhateverTheyList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		small := visitPages(t, bdb, fewItems)
		t.Run("many", func(t *testing.T) {
			large := visitPages(t, dbOfSameKind(t, bdb), manyItems)
			for i := range small {
				s, l := small[i], large[i]
				t.Logf("%-12s anonymous %d, logged in %d queries (lists %d vs %d links)",
					kindOf(i), l.anonymous, l.loggedIn, s.links, l.links)
				if s.links >= l.links {
					t.Errorf("%s: the large seed lists %d links, the small one %d: the test compares nothing", kindOf(i), l.links, s.links)
				}
				if s.anonymous != l.anonymous || s.loggedIn != l.loggedIn {
					t.Errorf("%s: %d/%d queries (anonymous/logged in) listing few items, %d/%d listing many",
						kindOf(i), s.anonymous, s.loggedIn, l.anonymous, l.loggedIn)
				}
			}
		})
	})
}

func kindOf(i int) string { return []string{"home", "neighbourhood", "initiative", "idea"}[i] }

// dbOfSameKind returns a fresh database of the kind bdb is.
func dbOfSameKind(t *testing.T, bdb *bun.DB) *bun.DB {
	if bdb.Dialect().Name().String() == "pg" {
		return dbtest.Postgres(t)
	}
	return dbtest.SQLite(t)
}

// visitPages seeds bdb at size and counts the queries of the home,
// neighbourhood, initiative and idea pages of its showcase.
func visitPages(t *testing.T, bdb *bun.DB, size demo.Size) []pageVisit {
	t.Helper()
	ctx := context.Background()
	counter := &pageQueries{}
	// The server's services run on a copy of bdb with the hook; the seed
	// goes around it.
	s := newTestServerOn(t, bdb.WithQueryHook(counter), nil)
	if _, err := demo.SeedParticipation(ctx, bdb, size, time.Now()); err != nil {
		t.Fatal(err)
	}
	show, err := demo.FindShowcase(ctx, bdb)
	if err != nil {
		t.Fatal(err)
	}
	cookie := residentCookie(t, bdb, show.NeighbourhoodSlug)
	var out []pageVisit
	for _, path := range []string{"/", "/buurt/" + show.NeighbourhoodSlug, "/initiatief/" + show.InitiativeSlug, "/idee/" + show.IdeaID.String()} {
		v := pageVisit{path: path}
		v.anonymous, v.links = countedGet(t, s, counter, path, nil)
		v.loggedIn, _ = countedGet(t, s, counter, path, map[string]string{"Cookie": cookie})
		out = append(out, v)
	}
	return out
}

// countedGet fetches path and returns how many queries it took and how
// many links to initiatives, ideas and comments the page has.
func countedGet(t *testing.T, s *Server, counter *pageQueries, path string, header map[string]string) (int, int) {
	t.Helper()
	before := counter.n.Load()
	res := do(t, s, http.MethodGet, path, header, nil)
	queries := int(counter.n.Load() - before)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	doc := document(t, res)
	links := doc.Find(`a[href^="/initiatief/"], a[href^="/idee/"], [id^="reactie-"]`).Length()
	return queries, links
}

// residentCookie logs in a demo resident of the neighbourhood, whose home
// page then lists that neighbourhood, and returns the session cookie.
func residentCookie(t *testing.T, bdb *bun.DB, neighbourhood string) string {
	t.Helper()
	ctx := context.Background()
	n, err := municipality.NewService(bdb, time.Now).NeighbourhoodBySlug(ctx, neighbourhood)
	if err != nil {
		t.Fatal(err)
	}
	a := account.NewService(bdb, time.Now, account.Options{})
	users, err := a.UsersOfProvider(ctx, demo.ResidentProvider)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.NeighbourhoodID != nil && *u.NeighbourhoodID == n.ID {
			token, err := a.StartSession(ctx, u.ID, "test", "")
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("bb_session=%s", token)
		}
	}
	t.Fatalf("no demo resident lives in %s", neighbourhood)
	return ""
}
