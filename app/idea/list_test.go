package idea_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

// listed is what the list tests know about an idea, to work out the
// expected order independently of the database.
type listed struct {
	id             uuid.UUID
	created        time.Time
	total, recent  int
	themed, status bool
}

// byKeys sorts ideas descending by keys, then by id, as every list does.
func byKeys(ls []listed, keys func(listed) []int) []uuid.UUID {
	ls = slices.Clone(ls)
	slices.SortFunc(ls, func(a, b listed) int {
		if c := slices.Compare(keys(b), keys(a)); c != 0 {
			return c
		}
		return bytes.Compare(b.id[:], a.id[:])
	})
	ids := make([]uuid.UUID, len(ls))
	for i, l := range ls {
		ids[i] = l.id
	}
	return ids
}

func expected(ls []listed, sort string) []uuid.UUID {
	switch sort {
	case idea.SortNewest:
		return byKeys(ls, func(l listed) []int { return []int{int(l.created.Unix())} })
	case idea.SortSupported:
		return byKeys(ls, func(l listed) []int { return []int{l.total} })
	}
	return byKeys(ls, func(l listed) []int { return []int{l.recent, l.total} })
}

// walk follows the cursors of a list from its first page to its last.
func walk(t *testing.T, f *fixture, q idea.Query) (ids []uuid.UUID, pages []int) {
	t.Helper()
	for {
		p, err := f.svc.List(f.ctx, q)
		if err != nil {
			t.Fatalf("list %+v: %v", q, err)
		}
		for _, it := range p.Ideas {
			ids = append(ids, it.ID)
		}
		pages = append(pages, len(p.Ideas))
		if p.Next == "" {
			return ids, pages
		}
		if len(pages) > 200 {
			t.Fatal("the walk does not end")
		}
		q.Cursor = p.Next
	}
}

// manyIdeas makes 53 ideas with ties in every sort key: three share each
// creation time, supports repeat in a short cycle, and recent and old
// supports differ. It returns the ideas as the lists should see them,
// at 20 days after t0.
func manyIdeas(t *testing.T, f *fixture) (uuid.UUID, []listed) {
	t.Helper()
	anna, olga := f.resident("Anna"), f.resident("Olga")
	supporters := []account.User{f.resident("S0"), f.resident("S1"), f.resident("S2"), f.resident("S3")}
	ini := f.initiative("speeltuin", olga)
	ls := make([]listed, 53)
	for i := range ls {
		if i%3 == 0 {
			f.clock.Advance(time.Minute)
		}
		in := idea.Input{Title: fmt.Sprintf("Idee nummer %02d", i), Description: "d"}
		if i%2 == 0 {
			in.ThemeID = f.theme.String()
		}
		it, err := f.svc.Propose(f.ctx, anna, ini, in)
		if err != nil {
			t.Fatal(err)
		}
		ls[i] = listed{id: it.ID, created: it.CreatedAt, themed: i%2 == 0, total: i % 3}
		for _, u := range supporters[:i%3] {
			f.support(u, it.ID)
		}
		if i%5 == 0 {
			if err := f.svc.SetStatus(f.ctx, olga, it.ID, idea.Planned, "Komt eraan"); err != nil {
				t.Fatal(err)
			}
			ls[i].status = true
		}
	}
	f.clock.Advance(20 * day)
	for i := range ls {
		n := (i / 2) % 3
		for _, u := range supporters[2 : 2+n] {
			f.support(u, ls[i].id)
		}
		ls[i].recent, ls[i].total = n, ls[i].total+n
	}
	f.remove(ls[7].id)
	return ini, slices.Delete(ls, 7, 8)
}

func TestListWalksEveryIdeaOnceInOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		ini, ls := manyIdeas(t, f)
		var planned, themed []listed
		for _, l := range ls {
			if l.status {
				planned = append(planned, l)
			}
			if l.themed && l.status {
				themed = append(themed, l)
			}
		}
		for _, sort := range []string{idea.SortTrending, idea.SortSupported, idea.SortNewest} {
			want := expected(ls, sort)
			for _, limit := range []int{1, 7, 0, 50, 100} {
				got, pages := walk(t, f, idea.Query{InitiativeID: ini, Sort: sort, Limit: limit})
				if !slices.Equal(got, want) {
					t.Errorf("%s by %d: walked %d ideas, want all %d once in order", sort, limit, len(got), len(want))
				}
				if first := map[int]int{1: 1, 7: 7, 0: idea.DefaultLimit, 50: 50, 100: idea.MaxLimit}[limit]; pages[0] != first {
					t.Errorf("%s by %d: first page has %d ideas, want %d", sort, limit, pages[0], first)
				}
			}
			got, _ := walk(t, f, idea.Query{InitiativeID: ini, Sort: sort, Status: idea.Planned, Limit: 2})
			if !slices.Equal(got, expected(planned, sort)) {
				t.Errorf("%s, planned only: %d ideas, want %d in order", sort, len(got), len(planned))
			}
			got, _ = walk(t, f, idea.Query{InitiativeID: ini, Sort: sort, Status: idea.Planned, ThemeID: &f.theme, Limit: 2})
			if !slices.Equal(got, expected(themed, sort)) {
				t.Errorf("%s, planned with the theme: %d ideas, want %d in order", sort, len(got), len(themed))
			}
		}
		p, err := f.svc.List(f.ctx, idea.Query{InitiativeID: ini, Limit: 1})
		if err != nil || p.Ideas[0].AuthorName != "Anna" || p.Ideas[0].RecentSupports != 2 || p.Ideas[0].InitiativeSlug != "speeltuin" {
			t.Errorf("first trending idea = %+v, %v; want Anna's with 2 recent supports", p.Ideas, err)
		}
	})
}

func TestTrendingCountsRecentSupports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		old, fresh := f.propose(anna, ini, "Oud en geliefd"), f.propose(anna, ini, "Nieuw en populair")
		for i := range 5 {
			f.support(f.resident(fmt.Sprint("oud", i)), old.ID)
		}
		f.clock.Advance(idea.TrendingWindow + day)
		f.support(f.resident("nieuw1"), fresh.ID)
		f.support(f.resident("nieuw2"), fresh.ID)
		for sort, want := range map[string][]uuid.UUID{
			idea.SortTrending:  {fresh.ID, old.ID},
			idea.SortSupported: {old.ID, fresh.ID},
			idea.SortNewest:    {fresh.ID, old.ID},
		} {
			if got, _ := walk(t, f, idea.Query{InitiativeID: ini, Sort: sort}); !slices.Equal(got, want) {
				t.Errorf("%s = %v, want %v", sort, got, want)
			}
		}
		if got, _ := walk(t, f, idea.Query{InitiativeID: ini}); got[0] != fresh.ID {
			t.Error("the default order is not trending")
		}
	})
}

func TestTrendingWalkKeepsItsWindow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		var ideas []idea.Idea
		for i := range 5 {
			ideas = append(ideas, f.propose(anna, ini, fmt.Sprintf("Idee nummer %d", i)))
		}
		for i := range 3 {
			f.support(f.resident(fmt.Sprint("a", i)), ideas[0].ID)
		}
		f.support(f.resident("b"), ideas[1].ID)
		f.support(f.resident("c"), ideas[1].ID)
		f.clock.Advance(10 * day)
		f.support(f.resident("d"), ideas[2].ID)
		f.clock.Advance(3 * day)
		first, err := f.svc.List(f.ctx, idea.Query{InitiativeID: ini, Limit: 2})
		if err != nil || len(first.Ideas) != 2 || first.Ideas[0].ID != ideas[0].ID || first.Ideas[1].ID != ideas[1].ID {
			t.Fatalf("first page = %+v, %v", first.Ideas, err)
		}
		// Two days on, the first supports have left the window; the walk
		// still ranks by the window its first page used.
		f.clock.Advance(2 * day)
		rest, _ := walk(t, f, idea.Query{InitiativeID: ini, Limit: 2, Cursor: first.Next})
		want := []uuid.UUID{ideas[2].ID, ideas[4].ID, ideas[3].ID}
		if !slices.Equal(rest, want) {
			t.Errorf("rest of the walk = %v, want %v", rest, want)
		}
	})
}

func TestListRefusesBadQueries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		for i := range 3 {
			f.propose(anna, ini, fmt.Sprintf("Idee nummer %d", i))
		}
		newest, err := f.svc.List(f.ctx, idea.Query{InitiativeID: ini, Sort: idea.SortNewest, Limit: 1})
		if err != nil || newest.Next == "" {
			t.Fatalf("newest = %+v, %v", newest, err)
		}
		enc := base64.RawURLEncoding.EncodeToString
		for name, cur := range map[string]string{
			"not base64":             "!!!",
			"not JSON":               enc([]byte("hallo")),
			"no id":                  enc([]byte(`{"s":"newest","c":"2026-03-02T09:00:00Z"}`)),
			"another sort's cursor":  newest.Next,
			"an id that is not uuid": enc([]byte(`{"s":"supported","i":"x"}`)),
		} {
			_, err := f.svc.List(f.ctx, idea.Query{InitiativeID: ini, Sort: idea.SortSupported, Cursor: cur})
			wantFields(t, name, err, map[string]string{"cursor": "idea.list.cursor.invalid"})
		}
		_, err = f.svc.List(f.ctx, idea.Query{InitiativeID: ini, Sort: idea.SortNewest,
			Cursor: enc([]byte(`{"s":"newest","i":"` + uuid.NewString() + `"}`))})
		wantFields(t, "newest cursor without a time", err, map[string]string{"cursor": "idea.list.cursor.invalid"})
		_, err = f.svc.List(f.ctx, idea.Query{InitiativeID: ini, Sort: "random", Status: "maybe"})
		wantFields(t, "unknown sort and status", err, map[string]string{"sort": "idea.list.sort.unknown", "status": "idea.status.unknown"})
		_, err = f.svc.Across(f.ctx, idea.AcrossQuery{Sort: "random"})
		wantFields(t, "unknown sort across", err, map[string]string{"sort": "idea.list.sort.unknown"})
	})
}

func TestAcrossInitiatives(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob := f.resident("Anna"), f.resident("Bob")
		zuid := f.neighbourhood("zuid")
		speeltuin, markt := f.initiative("speeltuin"), f.initiativeIn(zuid, "markt", "active")
		archived := f.initiativeIn(zuid, "oud", "active")
		a := f.propose(anna, speeltuin, "Een bankje")
		f.clock.Advance(time.Minute)
		b := f.propose(anna, markt, "Een kraam")
		f.clock.Advance(time.Minute)
		c := f.propose(anna, markt, "Een podium")
		gone := f.propose(anna, markt, "Een tent")
		f.remove(gone.ID)
		f.support(bob, a.ID)
		f.support(anna, a.ID)
		f.support(bob, b.ID)
		// An idea on an initiative that is archived later stays out.
		hidden := f.propose(anna, archived, "Een feest")
		f.support(bob, hidden.ID)
		if _, err := bdb.NewRaw("UPDATE initiatives SET status = 'archived' WHERE id = ?", archived).Exec(f.ctx); err != nil {
			t.Fatal(err)
		}
		ids := func(its []idea.Idea, err error) []uuid.UUID {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			out := make([]uuid.UUID, len(its))
			for i, it := range its {
				out[i] = it.ID
			}
			return out
		}
		tests := []struct {
			name string
			got  []uuid.UUID
			want []uuid.UUID
		}{
			{"newest everywhere", ids(f.svc.Newest(f.ctx, nil, 10)), []uuid.UUID{c.ID, b.ID, a.ID}},
			{"most supported everywhere", ids(f.svc.MostSupported(f.ctx, nil, 10)), []uuid.UUID{a.ID, b.ID, c.ID}},
			{"trending everywhere", ids(f.svc.Trending(f.ctx, nil, 10)), []uuid.UUID{a.ID, b.ID, c.ID}},
			{"trending in zuid", ids(f.svc.Trending(f.ctx, &zuid, 10)), []uuid.UUID{b.ID, c.ID}},
			{"newest in noord", ids(f.svc.Across(f.ctx, idea.AcrossQuery{NeighbourhoodID: &f.nb, Sort: idea.SortNewest})), []uuid.UUID{a.ID}},
			{"newest, one", ids(f.svc.Newest(f.ctx, nil, 1)), []uuid.UUID{c.ID}},
		}
		for _, tt := range tests {
			if !slices.Equal(tt.got, tt.want) {
				t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
			}
		}
		its, err := f.svc.Across(f.ctx, idea.AcrossQuery{Sort: idea.SortSupported, Limit: 1})
		if err != nil || len(its) != 1 || its[0].InitiativeSlug != "speeltuin" || its[0].InitiativeTitle != "Initiatief speeltuin" ||
			its[0].NeighbourhoodID != f.nb || its[0].AuthorName != "Anna" || its[0].SupportsCount != 2 {
			t.Errorf("across = %+v, %v; want the bankje with its initiative and author", its, err)
		}
	})
}
