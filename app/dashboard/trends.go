package dashboard

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/activity"
)

// listed is how many themes and ideas a ranking shows.
const listed = 5

// themes ranks themes by the growth of their ideas and supports against
// the previous period.
func (s *Service) themes(ctx context.Context, f Filter, r *Report) error {
	var rows []ThemeTrend
	q := s.db.NewSelect().TableExpr("activity AS a").Join("JOIN themes AS t ON t.id = a.theme_id").
		ColumnExpr("t.id, t.label_nl, t.label_en").
		ColumnExpr("SUM(CASE WHEN a.created_at >= ? THEN 1 ELSE 0 END) AS current", f.Period.From).
		ColumnExpr("SUM(CASE WHEN a.created_at < ? THEN 1 ELSE 0 END) AS previous", f.Period.From).
		Where("a.kind IN (?)", bun.List(kindsOf(activity.IdeaCreated, activity.SupportGiven)))
	q = f.onLog(span(q, "a.created_at", f.Period), "a").GroupExpr("t.id, t.label_nl, t.label_en")
	if err := q.Scan(ctx, &rows); err != nil {
		return err
	}
	r.Themes = rankThemes(rows)
	return nil
}

// rankThemes orders themes by growth, then by their current count, and
// keeps the first few.
func rankThemes(rows []ThemeTrend) []ThemeTrend {
	slices.SortStableFunc(rows, func(a, b ThemeTrend) int {
		if a.Growth() != b.Growth() {
			return b.Growth() - a.Growth()
		}
		if a.Current != b.Current {
			return b.Current - a.Current
		}
		return compareIDs(a.ID, b.ID)
	})
	return rows[:min(listed, len(rows))]
}

func compareIDs(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) }

// ideaRow is an idea's supports in both periods.
type ideaRow struct {
	ID       uuid.UUID `bun:"id,type:text"`
	Title    string    `bun:"title"`
	Current  int       `bun:"current"`
	Previous int       `bun:"previous"`
}

// publicIdea selects the ideas "i" whose titles the dashboard may show:
// not removed, not hidden by moderation, nor on a hidden initiative.
const publicIdea = "i.removed_at IS NULL AND i.hidden_reason = '' AND NOT EXISTS " +
	"(SELECT 1 FROM initiatives AS hi WHERE hi.id = i.initiative_id AND hi.hidden_reason <> '')"

// ideas lists the ideas with the most supports in the period and the
// fastest-growing ones (most supports gained against the period before).
func (s *Service) ideas(ctx context.Context, f Filter, r *Report) error {
	const cur, prev = "SUM(CASE WHEN a.created_at >= ? THEN 1 ELSE 0 END)", "SUM(CASE WHEN a.created_at < ? THEN 1 ELSE 0 END)"
	base := func() *bun.SelectQuery {
		q := s.db.NewSelect().TableExpr("activity AS a").Join("JOIN ideas AS i ON i.id = a.idea_id").
			Where("a.kind = ? AND "+publicIdea, string(activity.SupportGiven))
		return f.onLog(span(q, "a.created_at", f.Period), "a")
	}
	ranked := func() *bun.SelectQuery {
		return base().ColumnExpr("i.id, i.title").
			ColumnExpr(cur+" AS current", f.Period.From).ColumnExpr(prev+" AS previous", f.Period.From).
			GroupExpr("i.id, i.title").Limit(listed)
	}
	var top, growing []ideaRow
	err := ranked().Having(cur+" > 0", f.Period.From).OrderExpr(cur+" DESC, i.id", f.Period.From).Scan(ctx, &top)
	if err != nil {
		return err
	}
	err = ranked().Having(cur+" > "+prev, f.Period.From, f.Period.From).
		OrderExpr("("+cur+" - "+prev+") DESC, i.id", f.Period.From, f.Period.From).Scan(ctx, &growing)
	if err != nil {
		return err
	}
	var supported struct {
		Previous int `bun:"previous"`
		Current  int `bun:"current"`
	}
	err = base().ColumnExpr("COUNT(DISTINCT CASE WHEN a.created_at < ? THEN a.idea_id END) AS previous", f.Period.From).
		ColumnExpr("COUNT(DISTINCT CASE WHEN a.created_at >= ? THEN a.idea_id END) AS current", f.Period.From).
		Scan(ctx, &supported)
	if err != nil {
		return err
	}
	cells := suppressIdeas(append(slices.Clone(top), growing...), [2]int{supported.Previous, supported.Current})
	r.TopIdeas, r.GrowingIdeas = ideaTrends(top, cells), ideaTrends(growing, cells)
	return nil
}

// suppressIdeas turns the listed ideas' supports into cells (previous,
// current), each idea the same in both lists. Each support is one person,
// so small counts hide. And when the lists show every idea supported in a
// period, that column adds up to the supports figure on the same page: one
// hidden cell is then protected by hiding another (PeopleParts).
func suppressIdeas(rows []ideaRow, supported [2]int) [2]map[uuid.UUID]Cell {
	seen := map[uuid.UUID]bool{}
	var unique []ideaRow
	for _, row := range rows {
		if !seen[row.ID] {
			seen[row.ID] = true
			unique = append(unique, row)
		}
	}
	var out [2]map[uuid.UUID]Cell
	for i, get := range []func(ideaRow) int{func(r ideaRow) int { return r.Previous }, func(r ideaRow) int { return r.Current }} {
		out[i] = map[uuid.UUID]Cell{}
		var ids []uuid.UUID
		var values []int
		total := 0
		for _, row := range unique {
			out[i][row.ID] = People(get(row))
			if get(row) > 0 {
				ids, values, total = append(ids, row.ID), append(values, get(row)), total+get(row)
			}
		}
		if len(values) < supported[i] {
			continue // some supported idea is not listed: no sum to subtract from
		}
		_, parts := PeopleParts(total, values...)
		for j, id := range ids {
			out[i][id] = parts[j]
		}
	}
	return out
}

func ideaTrends(rows []ideaRow, cells [2]map[uuid.UUID]Cell) []IdeaTrend {
	out := make([]IdeaTrend, len(rows))
	for i, row := range rows {
		out[i] = IdeaTrend{ID: row.ID, Title: row.Title, Current: cells[1][row.ID], Previous: cells[0][row.ID]}
	}
	return out
}

// weeks is the time series of the period: ideas, supports, comments and
// all actions per week, and the distinct participants of each week.
func (s *Service) weeks(ctx context.Context, f Filter, r *Report) error {
	starts := weekStarts(f.Period)
	bucket, args := s.bucketExpr("a.created_at", f.Period.From)
	var rows []struct {
		Week         int `bun:"week"`
		Ideas        int `bun:"ideas"`
		Supports     int `bun:"supports"`
		Comments     int `bun:"comments"`
		Actions      int `bun:"actions"`
		Participants int `bun:"participants"`
	}
	q := s.db.NewSelect().TableExpr("activity AS a").ColumnExpr(bucket+" AS week", args...).
		ColumnExpr("SUM(CASE WHEN a.kind = ? THEN 1 ELSE 0 END) AS ideas", string(activity.IdeaCreated)).
		ColumnExpr("SUM(CASE WHEN a.kind = ? THEN 1 ELSE 0 END) AS supports", string(activity.SupportGiven)).
		ColumnExpr("SUM(CASE WHEN a.kind = ? THEN 1 ELSE 0 END) AS comments", string(activity.CommentPosted)).
		ColumnExpr("COUNT(*) AS actions, COUNT(DISTINCT a.actor_key) AS participants").
		Where("a.created_at >= ? AND a.created_at < ? AND a.kind IN (?)", f.Period.From, f.Period.To, bun.List(kindsOf(actionKinds...)))
	if err := f.onLog(q, "a").GroupExpr("1").Scan(ctx, &rows); err != nil {
		return err
	}
	r.Weeks = make([]Week, len(starts))
	for i, st := range starts {
		r.Weeks[i] = Week{Start: st}
	}
	for _, row := range rows {
		row.Week = clampWeek(row.Week, len(starts))
		r.Weeks[row.Week] = Week{Start: starts[row.Week], Ideas: row.Ideas, Supports: row.Supports,
			Comments: row.Comments, Actions: row.Actions, Participants: People(row.Participants)}
	}
	return nil
}

// smallMultiples is the actions per week of each neighbourhood in the
// selection (every neighbourhood when none is selected).
func (s *Service) smallMultiples(ctx context.Context, f Filter, r *Report) error {
	starts := weekStarts(f.Period)
	bucket, args := s.bucketExpr("a.created_at", f.Period.From)
	var rows []struct {
		ID      uuid.UUID `bun:"id,type:text"`
		Name    string    `bun:"name"`
		Week    int       `bun:"week"`
		Actions int       `bun:"actions"`
	}
	q := s.db.NewSelect().TableExpr("activity AS a").Join("JOIN neighbourhoods AS nb ON nb.id = a.neighbourhood_id").
		ColumnExpr("nb.id, nb.name").ColumnExpr(bucket+" AS week", args...).ColumnExpr("COUNT(*) AS actions").
		Where("a.created_at >= ? AND a.created_at < ? AND a.kind IN (?)", f.Period.From, f.Period.To, bun.List(kindsOf(actionKinds...)))
	if err := f.onLog(q, "a").GroupExpr("nb.id, nb.name, 3").Scan(ctx, &rows); err != nil {
		return err
	}
	byID := map[uuid.UUID]int{}
	for _, row := range rows {
		i, ok := byID[row.ID]
		if !ok {
			i = len(r.Neighbourhoods)
			byID[row.ID] = i
			r.Neighbourhoods = append(r.Neighbourhoods, NeighbourhoodSeries{ID: row.ID, Name: row.Name, Actions: make([]int, len(starts))})
		}
		r.Neighbourhoods[i].Actions[clampWeek(row.Week, len(starts))] += row.Actions
		r.Neighbourhoods[i].Total += row.Actions
	}
	sortSeries(r.Neighbourhoods)
	return nil
}

// sortSeries orders the small multiples by name.
func sortSeries(series []NeighbourhoodSeries) {
	slices.SortFunc(series, func(a, b NeighbourhoodSeries) int {
		if a.Name < b.Name {
			return -1
		} else if a.Name > b.Name {
			return 1
		}
		return compareIDs(a.ID, b.ID)
	})
}

// clampWeek keeps a computed week number inside the period, whatever the
// database's rounding at its edges.
func clampWeek(w, weeks int) int { return max(0, min(w, weeks-1)) }
