package idea_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

// queryCounter counts the queries a database handle runs.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	return ctx
}
func (c *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) { c.n.Add(1) }

// queriesOf returns how many queries fn runs on the counted handle.
func queriesOf(t *testing.T, c *queryCounter, fn func() error) int {
	t.Helper()
	before := c.n.Load()
	if err := fn(); err != nil {
		t.Fatal(err)
	}
	return int(c.n.Load() - before)
}

// Reading a page costs the same number of queries for one idea or
// comment as for forty: names and initiatives are joined, not fetched one
// by one.
func TestReadsDoNotQueryPerItem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		var counter queryCounter
		counted := idea.NewService(bdb.WithQueryHook(&counter), f.clock.Now)
		small, large := f.nb, f.neighbourhood("zuid")
		one, many := f.initiativeIn(small, "klein", "active"), f.initiativeIn(large, "groot", "active")
		lone := f.propose(f.resident("Anna"), one, "Het enige idee")
		f.comment(f.resident("Bob"), lone.ID, nil, "De enige reactie")
		var busy idea.Idea
		var ids []uuid.UUID
		for i := range 40 {
			author := f.resident(fmt.Sprint("Auteur ", i))
			it := f.propose(author, many, fmt.Sprintf("Idee nummer %02d", i))
			f.support(author, it.ID)
			ids = append(ids, it.ID)
			if i == 0 {
				busy = it
			}
			c := f.comment(author, busy.ID, nil, fmt.Sprint("Reactie ", i))
			if i%2 == 1 {
				f.comment(author, busy.ID, &c.ID, fmt.Sprint("Antwoord ", i))
			}
		}
		reader := f.resident("Lezer")
		for _, sort := range []string{idea.SortTrending, idea.SortSupported, idea.SortNewest} {
			var oneN, manyN int
			var got []idea.Idea
			oneN = queriesOf(t, &counter, func() error {
				_, err := counted.List(f.ctx, idea.Query{InitiativeID: one, Sort: sort})
				return err
			})
			manyN = queriesOf(t, &counter, func() error {
				p, err := counted.List(f.ctx, idea.Query{InitiativeID: many, Sort: sort, Limit: 50})
				got = p.Ideas
				return err
			})
			if !slices.IsSortedFunc(got, func(a, b idea.Idea) int { return bytes.Compare(b.ID[:], a.ID[:]) }) {
				t.Errorf("List by %s: ties are not broken by id, newest first", sort)
			}
			if oneN != 1 || manyN != 1 || len(got) != 40 {
				t.Errorf("List by %s: %d queries for 1 idea, %d for %d; want 1 each", sort, oneN, manyN, len(got))
			}
			oneN = queriesOf(t, &counter, func() error {
				_, err := counted.Across(f.ctx, idea.AcrossQuery{NeighbourhoodID: &small, Sort: sort})
				return err
			})
			manyN = queriesOf(t, &counter, func() error {
				var err error
				got, err = counted.Across(f.ctx, idea.AcrossQuery{NeighbourhoodID: &large, Sort: sort, Limit: 50})
				return err
			})
			if oneN != 1 || manyN != 1 || len(got) != 40 {
				t.Errorf("Across by %s: %d queries for 1 idea, %d for %d; want 1 each", sort, oneN, manyN, len(got))
			}
			// All forty tie on every key but the id: made at one moment,
			// one support each.
			if !slices.IsSortedFunc(got, func(a, b idea.Idea) int { return bytes.Compare(b.ID[:], a.ID[:]) }) {
				t.Errorf("Across by %s: ties are not broken by id, newest first", sort)
			}
		}
		var thread []idea.Comment
		oneN := queriesOf(t, &counter, func() error { _, err := counted.Comments(f.ctx, lone.ID); return err })
		manyN := queriesOf(t, &counter, func() error {
			var err error
			thread, err = counted.Comments(f.ctx, busy.ID)
			return err
		})
		replies := 0
		for _, c := range thread {
			replies += len(c.Replies)
		}
		if oneN != 2 || manyN != 2 || len(thread) != 40 || replies != 20 {
			t.Errorf("Comments: %d queries for 1 comment, %d for %d comments with %d replies; want 2 each", oneN, manyN, len(thread), replies)
		}
		oneN = queriesOf(t, &counter, func() error { _, err := counted.SupportedAmong(f.ctx, reader.ID, ids[:1]); return err })
		manyN = queriesOf(t, &counter, func() error { _, err := counted.SupportedAmong(f.ctx, reader.ID, ids); return err })
		if oneN != 1 || manyN != 1 {
			t.Errorf("SupportedAmong: %d queries for 1 idea, %d for 40; want 1 each", oneN, manyN)
		}
	})
}
