package idea_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

// The trending order of a neighbourhood is reused for TrendingTTL; the
// ideas in it are read fresh every time.
func TestTrendingOrderIsReusedForAMinuteWithFreshCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		first, second := f.propose(anna, ini, "Eerste idee"), f.propose(anna, ini, "Tweede idee")
		f.support(f.resident("a"), first.ID)
		trending := func() ([]uuid.UUID, []int) {
			t.Helper()
			its, err := f.svc.Trending(f.ctx, &f.nb, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []uuid.UUID
			var counts []int
			for _, it := range its {
				ids, counts = append(ids, it.ID), append(counts, it.SupportsCount)
			}
			return ids, counts
		}
		if ids, _ := trending(); fmt.Sprint(ids) != fmt.Sprint([]uuid.UUID{first.ID, second.ID}) {
			t.Fatalf("first ranking = %v", ids)
		}
		for i := range 3 {
			f.support(f.resident(fmt.Sprint("b", i)), second.ID)
		}
		f.clock.Advance(idea.TrendingTTL - time.Second)
		ids, counts := trending()
		if fmt.Sprint(ids) != fmt.Sprint([]uuid.UUID{first.ID, second.ID}) || fmt.Sprint(counts) != "[1 3]" {
			t.Errorf("within the minute: %v with counts %v, want the old order with the new counts [1 3]", ids, counts)
		}
		f.clock.Advance(time.Second)
		if ids, counts := trending(); fmt.Sprint(ids) != fmt.Sprint([]uuid.UUID{second.ID, first.ID}) || fmt.Sprint(counts) != "[3 1]" {
			t.Errorf("after the minute: %v with counts %v, want the new order", ids, counts)
		}
	})
}
