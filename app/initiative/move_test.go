package initiative_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

// An initiative that moves to another neighbourhood takes its ideas along
// in the neighbourhood's lists.
func TestMovingAnInitiativeMovesItsIdeas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		ini := f.create(anna, "Groen plein")
		ideas := idea.NewService(bdb, f.clock.Now)
		it, err := ideas.Propose(f.ctx, anna, ini.ID, idea.Input{Title: "Bankjes onder de bomen", Description: "Om te zitten."})
		if err != nil {
			t.Fatal(err)
		}
		newestIn := func(nb uuid.UUID) int {
			t.Helper()
			list, err := ideas.Newest(f.ctx, &nb, 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		if newestIn(f.nb) != 1 || newestIn(f.nb2) != 0 {
			t.Fatal("before the move the idea is not listed in the initiative's neighbourhood only")
		}
		in := f.input("Groen plein")
		in.NeighbourhoodID, in.Status = f.nb2.String(), "active"
		if _, err := f.svc.Update(f.ctx, anna, ini.ID, in); err != nil {
			t.Fatal(err)
		}
		if before, after := newestIn(f.nb), newestIn(f.nb2); before != 0 || after != 1 {
			t.Errorf("after the move: %d ideas listed in the old neighbourhood, %d in the new one; want 0 and 1", before, after)
		}
		if got := f.count("ideas", "id = ? AND neighbourhood_id = ?", it.ID, f.nb2); got != 1 {
			t.Errorf("the idea's stored neighbourhood did not move")
		}
	})
}
