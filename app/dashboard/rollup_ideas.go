package dashboard

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// rankIdeas lists the ideas with the most supports in the period and the
// fastest-growing ones, as ideas does: ideas that exist and are not
// removed, ties broken by id.
func (t *tally) rankIdeas(ctx context.Context, db bun.IDB, r *Report) error {
	lv := &liveIdeas{db: db, ks: t.ks, titles: map[int32]string{}, checked: map[int32]bool{}}
	top, err := t.bestIdeas(ctx, lv, func(n [2]int32) int32 { return n[1] })
	if err != nil {
		return err
	}
	growing, err := t.bestIdeas(ctx, lv, func(n [2]int32) int32 { return n[1] - n[0] })
	if err != nil {
		return err
	}
	listed := map[int32]bool{}
	var rows [2][]ideaRow
	for i, ids := range [][]int32{top, growing} {
		for _, id := range ids {
			listed[id] = true
			u, err := uuid.Parse(t.ks.key(id))
			if err != nil {
				return err
			}
			rows[i] = append(rows[i], ideaRow{ID: u, Title: lv.titles[id], Current: int(t.ideaN[id][1]), Previous: int(t.ideaN[id][0])})
		}
	}
	// suppressIdeas asks how many ideas were supported in each period, to
	// know whether the lists show them all: whether one more exists is
	// enough to tell.
	var supported [2]int
	for p := range 2 {
		var others []int32
		for id, n := range t.ideaN {
			if n[p] > 0 {
				if listed[int32(id)] {
					supported[p]++
				} else {
					others = append(others, int32(id))
				}
			}
		}
		more, err := lv.any(ctx, others)
		if err != nil {
			return err
		}
		if more {
			supported[p]++
		}
	}
	cells := suppressIdeas(append(slices.Clone(rows[0]), rows[1]...), supported)
	r.TopIdeas, r.GrowingIdeas = ideaTrends(rows[0], cells), ideaTrends(rows[1], cells)
	return nil
}

// bestIdeas returns the listed ideas of highest positive score (ties by
// id) that are live: it checks the best few and more when removed ideas
// drop out.
func (t *tally) bestIdeas(ctx context.Context, lv *liveIdeas, score func([2]int32) int32) ([]int32, error) {
	var cands []int32
	for id, n := range t.ideaN {
		if id != 0 && score(n) > 0 {
			cands = append(cands, int32(id))
		}
	}
	order := func(a, b int32) int {
		return cmp.Or(cmp.Compare(score(t.ideaN[b]), score(t.ideaN[a])), strings.Compare(t.ks.key(a), t.ks.key(b)))
	}
	for n := 2 * listed; ; n *= 2 {
		best := firstN(cands, n, order)
		live, err := lv.filter(ctx, best)
		if err != nil {
			return nil, err
		}
		if len(live) >= listed || len(best) == len(cands) {
			return live[:min(listed, len(live))], nil
		}
	}
}

// firstN returns the first n of xs in order, sorted, in one pass.
func firstN(xs []int32, n int, order func(a, b int32) int) []int32 {
	best := make([]int32, 0, n+1)
	for _, x := range xs {
		if len(best) == n && order(x, best[n-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, x, order)
		best = slices.Insert(best, i, x)
		if len(best) > n {
			best = best[:n]
		}
	}
	return best
}

// liveIdeas finds out which ideas exist and may be shown (publicIdea),
// with their titles, asking the database once per idea.
type liveIdeas struct {
	db      bun.IDB
	ks      *keySpace
	titles  map[int32]string
	checked map[int32]bool
}

// filter returns the live ones of ids, in order.
func (lv *liveIdeas) filter(ctx context.Context, ids []int32) ([]int32, error) {
	var ask []string
	byKey := map[string]int32{}
	for _, id := range ids {
		if !lv.checked[id] {
			ask = append(ask, lv.ks.key(id))
			byKey[lv.ks.key(id)] = id
		}
	}
	if len(ask) > 0 {
		var rows []struct {
			ID    string `bun:"id"`
			Title string `bun:"title"`
		}
		if err := lv.db.NewSelect().TableExpr("ideas AS i").ColumnExpr("i.id, i.title").
			Where("i.id IN (?) AND "+publicIdea, bun.List(ask)).Scan(ctx, &rows); err != nil {
			return nil, err
		}
		for _, id := range byKey {
			lv.checked[id] = true
		}
		for _, row := range rows {
			lv.titles[byKey[row.ID]] = row.Title
		}
	}
	var live []int32
	for _, id := range ids {
		if _, ok := lv.titles[id]; ok {
			live = append(live, id)
		}
	}
	return live, nil
}

// any reports whether one of ids is live, asking a few at a time.
func (lv *liveIdeas) any(ctx context.Context, ids []int32) (bool, error) {
	for chunk := range slices.Chunk(ids, 32) {
		live, err := lv.filter(ctx, chunk)
		if err != nil || len(live) > 0 {
			return len(live) > 0, err
		}
	}
	return false, nil
}
