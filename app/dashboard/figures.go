package dashboard

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/buurtboost/buurtboost/app/activity"
)

// pair is a number in the previous (index 0) and the current (1) period.
type pair [2]int

// curRow is a count per period, as most aggregates return it.
type curRow struct {
	Cur int `bun:"cur"`
	N   int `bun:"n"`
	M   int `bun:"m"`
}

func pairs(rows []curRow) (n, m pair) {
	for _, r := range rows {
		n[r.Cur], m[r.Cur] = r.N, r.M
	}
	return n, m
}

// logFigures counts the acts of each kind in the log, and the volunteer
// minutes of attendance, for both periods in one query.
func (s *Service) logFigures(ctx context.Context, f Filter, r *Report) error {
	var rows []struct {
		Cur     int    `bun:"cur"`
		Kind    string `bun:"kind"`
		N       int    `bun:"n"`
		Minutes int    `bun:"minutes"`
	}
	expr, at := curExpr("a.created_at", f.Period)
	q := s.db.NewSelect().TableExpr("activity AS a").ColumnExpr(expr, at).
		ColumnExpr("a.kind, COUNT(*) AS n, COALESCE(SUM(a.minutes), 0) AS minutes")
	q = f.onLog(span(q, "a.created_at", f.Period), "a").GroupExpr("1, a.kind")
	if err := q.Scan(ctx, &rows); err != nil {
		return err
	}
	counts := map[activity.Kind]pair{}
	var minutes pair
	for _, row := range rows {
		c := counts[activity.Kind(row.Kind)]
		c[row.Cur] = row.N
		counts[activity.Kind(row.Kind)] = c
		if activity.Kind(row.Kind) == activity.Attended {
			minutes[row.Cur] = row.Minutes
		}
	}
	for key, kind := range map[string]activity.Kind{FigInitiativesStarted: activity.InitiativeCreated,
		FigIdeas: activity.IdeaCreated, FigSupports: activity.SupportGiven, FigComments: activity.CommentPosted} {
		r.add(key, counts[kind][1], counts[kind][0])
	}
	// Each sign-up is one person on one task: a count of people.
	r.addPeople(FigVolunteerSignups, counts[activity.SignedUp][1], counts[activity.SignedUp][0])
	r.add(FigVolunteerHours, (minutes[1]+30)/60, (minutes[0]+30)/60)
	return nil
}

// participants counts distinct keys (all, new and returning) and active
// initiatives, and measures how concentrated the actions are.
func (s *Service) participants(ctx context.Context, f Filter, r *Report) error {
	var rows []curRow
	expr, at := curExpr("a.created_at", f.Period)
	q := s.db.NewSelect().TableExpr("activity AS a").ColumnExpr(expr, at).
		ColumnExpr("COUNT(DISTINCT a.actor_key) AS n, COUNT(DISTINCT a.initiative_id) AS m").
		Where("a.kind IN (?)", bun.List(kindsOf(actionKinds...)))
	q = f.onLog(span(q, "a.created_at", f.Period), "a").GroupExpr("1")
	if err := q.Scan(ctx, &rows); err != nil {
		return err
	}
	people, initiatives := pairs(rows)
	r.add(FigInitiativesActive, initiatives[1], initiatives[0])
	var fresh pair
	for i, p := range []Period{f.Period.Previous(), f.Period} {
		n, err := s.newPeople(ctx, f, p)
		if err != nil {
			return err
		}
		fresh[i] = n
	}
	for i := range 2 {
		total, parts := PeopleParts(people[i], fresh[i], people[i]-fresh[i])
		r.setPeople(FigParticipants, i, total)
		r.setPeople(FigNewParticipants, i, parts[0])
		r.setPeople(FigReturning, i, parts[1])
	}
	return s.concentration(ctx, f, r)
}

// setPeople sets one period (0 previous, 1 current) of a people figure.
func (r *Report) setPeople(key string, period int, c Cell) {
	for i := range r.Figures {
		if r.Figures[i].Key == key {
			if period == 1 {
				r.Figures[i].Current = c
			} else {
				r.Figures[i].Previous = c
			}
			return
		}
	}
	fig := Figure{Key: key, People: true}
	if period == 1 {
		fig.Current = c
	} else {
		fig.Previous = c
	}
	r.Figures = append(r.Figures, fig)
}

// newPeople counts the keys that act in p and never acted in the
// selection before it: the distinct keys of the period first, then one
// index seek per key (on actor_key, created_at) for an earlier act.
func (s *Service) newPeople(ctx context.Context, f Filter, p Period) (int, error) {
	kinds := bun.List(kindsOf(actionKinds...))
	inPeriod := s.db.NewSelect().TableExpr("activity AS a").ColumnExpr("DISTINCT a.actor_key").
		Where("a.created_at >= ? AND a.created_at < ? AND a.kind IN (?)", p.From, p.To, kinds)
	earlier := s.db.NewSelect().TableExpr("activity AS b").ColumnExpr("1").
		Where("b.actor_key = p.actor_key AND b.created_at < ? AND b.kind IN (?)", p.From, kinds)
	q := s.db.NewSelect().TableExpr("(?) AS p", f.onLog(inPeriod, "a")).ColumnExpr("COUNT(*)").
		Where("NOT EXISTS (?)", f.onLog(earlier, "b"))
	var n int
	err := q.Scan(ctx, &n)
	return n, err
}

// concentration reads the number of actions per participant (numbers
// only: the keys never leave the database) for both periods.
func (s *Service) concentration(ctx context.Context, f Filter, r *Report) error {
	var rows []curRow
	expr, at := curExpr("a.created_at", f.Period)
	q := s.db.NewSelect().TableExpr("activity AS a").ColumnExpr(expr, at).ColumnExpr("COUNT(*) AS n").
		Where("a.kind IN (?)", bun.List(kindsOf(actionKinds...)))
	q = f.onLog(span(q, "a.created_at", f.Period), "a").GroupExpr("1, a.actor_key")
	if err := q.Scan(ctx, &rows); err != nil {
		return err
	}
	var actions [2][]int
	for _, row := range rows {
		actions[row.Cur] = append(actions[row.Cur], row.N)
	}
	r.Concentration = [2]Concentration{Concentrate(actions[1]), Concentrate(actions[0])}
	return nil
}

// publicFigures counts from the public tables: initiatives completed (the
// status last changed in the period), ideas marked planned, and how many
// of those were followed by an activity the initiative held.
func (s *Service) publicFigures(ctx context.Context, f Filter, r *Report) error {
	var rows []curRow
	expr, at := curExpr("n.updated_at", f.Period)
	q := s.db.NewSelect().TableExpr("initiatives AS n").ColumnExpr(expr, at).ColumnExpr("COUNT(*) AS n").
		Where("n.status = 'completed'")
	q = f.onInitiatives(span(q, "n.updated_at", f.Period)).GroupExpr("1")
	if err := q.Scan(ctx, &rows); err != nil {
		return err
	}
	done, _ := pairs(rows)
	r.add(FigInitiativesCompleted, done[1], done[0])
	return s.planned(ctx, f, r)
}

func (s *Service) planned(ctx context.Context, f Filter, r *Report) error {
	var rows []struct {
		Cur    int    `bun:"cur"`
		IdeaID string `bun:"idea_id"`
		Held   int    `bun:"held"`
	}
	expr, at := curExpr("sc.created_at", f.Period)
	q := s.db.NewSelect().TableExpr("idea_status_changes AS sc").ColumnExpr(expr, at).ColumnExpr("sc.idea_id").
		ColumnExpr("CASE WHEN EXISTS (SELECT 1 FROM activities AS ac WHERE ac.initiative_id = i.initiative_id" +
			" AND ac.status = 'held' AND ac.starts_at >= sc.created_at) THEN 1 ELSE 0 END AS held").
		Join("JOIN ideas AS i ON i.id = sc.idea_id").Join("JOIN initiatives AS n ON n.id = i.initiative_id").
		Where("sc.status = 'planned' AND i.removed_at IS NULL")
	q = f.onIdeas(f.onInitiatives(span(q, "sc.created_at", f.Period)))
	if err := q.Scan(ctx, &rows); err != nil {
		return err
	}
	seen := [2]map[string]bool{{}, {}}
	var planned, held pair
	for _, row := range rows {
		if was, ok := seen[row.Cur][row.IdeaID]; ok && (was || row.Held == 0) {
			continue
		} else if !ok {
			planned[row.Cur]++
		}
		seen[row.Cur][row.IdeaID] = row.Held == 1
		held[row.Cur] += row.Held
	}
	r.add(FigIdeasPlanned, planned[1], planned[0])
	r.add(FigPlannedHeld, held[1], held[0])
	return nil
}

// onIdeas restricts rows joined to ideas (alias i) to the selection's
// themes; the neighbourhood is the initiative's (onInitiatives).
func (f Filter) onIdeas(q *bun.SelectQuery) *bun.SelectQuery {
	if len(f.Themes) > 0 {
		q = q.Where("i.theme_id IN (?)", bun.List(strs(f.Themes)))
	}
	return q
}

// volunteering counts activities held and the fill rate of volunteer
// tasks that started in the period.
func (s *Service) volunteering(ctx context.Context, f Filter, r *Report) error {
	var rows []curRow
	expr, at := curExpr("ac.starts_at", f.Period)
	q := s.db.NewSelect().TableExpr("activities AS ac").ColumnExpr(expr, at).ColumnExpr("COUNT(*) AS n").
		Join("JOIN initiatives AS n ON n.id = ac.initiative_id").Where("ac.status = 'held'")
	if err := f.onInitiatives(span(q, "ac.starts_at", f.Period)).GroupExpr("1").Scan(ctx, &rows); err != nil {
		return err
	}
	held, _ := pairs(rows)
	r.add(FigActivitiesHeld, held[1], held[0])
	rows = nil
	expr, at = curExpr("vt.starts_at", f.Period)
	q = s.db.NewSelect().TableExpr("volunteer_tasks AS vt").ColumnExpr(expr, at).
		ColumnExpr("COALESCE(SUM(vt.signed_count), 0) AS n, COALESCE(SUM(vt.capacity), 0) AS m").
		Join("JOIN initiatives AS n ON n.id = vt.initiative_id")
	if err := f.onInitiatives(span(q, "vt.starts_at", f.Period)).GroupExpr("1").Scan(ctx, &rows); err != nil {
		return err
	}
	signed, capacity := pairs(rows)
	for i := range 2 {
		// A rate over fewer than MinPeople volunteers would describe them.
		if capacity[i] > 0 && !People(signed[i]).Hidden {
			r.FillRate[1-i] = Ratio{Value: float64(signed[i]) / float64(capacity[i]), Known: true}
		}
	}
	return nil
}

// ratios computes participants per 1,000 residents, when every selected
// neighbourhood has its population set and the participant count shows
// (a rate next to a known population would reveal a hidden count).
func (s *Service) ratios(ctx context.Context, f Filter, r *Report) error {
	var pop struct {
		N     int `bun:"n"`
		Known int `bun:"known"`
		Sum   int `bun:"total"`
	}
	q := s.db.NewSelect().TableExpr("neighbourhoods AS nb").
		ColumnExpr("COUNT(*) AS n, COUNT(nb.population) AS known, COALESCE(SUM(nb.population), 0) AS total")
	if len(f.Neighbourhoods) > 0 {
		q = q.Where("nb.id IN (?)", bun.List(strs(f.Neighbourhoods)))
	}
	if err := q.Scan(ctx, &pop); err != nil {
		return err
	}
	if pop.N == 0 || pop.Known < pop.N || pop.Sum == 0 {
		return nil
	}
	p := r.Figure(FigParticipants)
	for i, c := range []Cell{p.Current, p.Previous} {
		if !c.Hidden {
			r.Per1000[i] = Ratio{Value: float64(c.N) * 1000 / float64(pop.Sum), Known: true}
		}
	}
	return nil
}

// responsiveness is the median time from an idea to its first status,
// over the ideas proposed in each period. The database counts the ideas
// and sends only the one or two in the middle of each period (ordered by
// their wait), not every idea of a year.
func (s *Service) responsiveness(ctx context.Context, f Filter, r *Report) error {
	ideas := func() *bun.SelectQuery {
		q := s.db.NewSelect().TableExpr("ideas AS i").Join("JOIN initiatives AS n ON n.id = i.initiative_id").
			Where("i.removed_at IS NULL")
		return f.onIdeas(f.onInitiatives(q))
	}
	var rows []curRow
	expr, at := curExpr("i.created_at", f.Period)
	if err := span(ideas(), "i.created_at", f.Period).ColumnExpr(expr, at).
		ColumnExpr("COUNT(*) AS n, COUNT(i.first_status_at) AS m").GroupExpr("1").Scan(ctx, &rows); err != nil {
		return err
	}
	proposed, answered := pairs(rows)
	wait := "julianday(i.first_status_at) - julianday(i.created_at)"
	if s.db.Dialect().Name() == dialect.PG {
		wait = "i.first_status_at - i.created_at"
	}
	for i, p := range []Period{f.Period.Previous(), f.Period} {
		if answered[i] == 0 {
			continue
		}
		var middle []struct {
			CreatedAt     time.Time `bun:"created_at"`
			FirstStatusAt time.Time `bun:"first_status_at"`
		}
		// The middle one of an odd count, the middle two of an even one.
		q := ideas().ColumnExpr("i.created_at, i.first_status_at").
			Where("i.created_at >= ? AND i.created_at < ? AND i.first_status_at IS NOT NULL", p.From, p.To).
			OrderExpr(wait + ", i.id").Offset(int64((answered[i] - 1) / 2)).Limit(int64(2 - answered[i]%2))
		if err := q.Scan(ctx, &middle); err != nil {
			return err
		}
		var sum time.Duration
		for _, m := range middle {
			sum += m.FirstStatusAt.Sub(m.CreatedAt)
		}
		r.Responsiveness[1-i] = Ratio{Value: (sum / time.Duration(len(middle))).Hours(), Known: true}
	}
	r.Answered = [2]Figure{
		{Key: "answered", Current: Shown(answered[1]), Previous: Shown(answered[0])},
		{Key: "proposed", Current: Shown(proposed[1]), Previous: Shown(proposed[0])},
	}
	return nil
}
