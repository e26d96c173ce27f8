package dashboard

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/buurtboost/buurtboost/app/activity"
)

// fromRollups computes every figure that comes from the log — the same
// ones as logFigures, participants, themes, ideas, weeks and
// smallMultiples — from the rollups of the days of the span and the log
// rows not rolled up yet, in one pass in Go.
func (s *Service) fromRollups(ctx context.Context, f Filter, r *Report) error {
	limit, rolled := rollUpThreshold+1, false
	for range 5 {
		in, err := s.readRollups(ctx, f, limit)
		if err != nil {
			return err
		}
		switch {
		case limit > 0 && len(in.waiting) == limit && !rolled:
			// More rows wait than a report should read: roll up first.
			if _, err := s.RollUp(ctx); err != nil {
				return err
			}
			rolled = true
		case limit > 0 && len(in.waiting) == limit:
			limit = 0 // they are today's: read them all
		case in.versions[0] != in.versions[1]:
			// A roll-up committed meanwhile: a row may have been read
			// both as waiting and in its day, or neither.
		default:
			// After reading the days: every id they hold is cached now.
			if err := s.keys.sync(ctx, s.db); err != nil {
				return err
			}
			t := newTally(f, s.keys.space())
			if err := t.count(in.days, in.waiting, in.firsts); err != nil {
				return err
			}
			return t.report(ctx, s.db, r)
		}
	}
	return errors.New("dashboard: the log was rolled up while reading it, five times")
}

// rollupInput is what a report reads of the rollups and the log, between
// two readings of the roll-ups' version.
type rollupInput struct {
	versions [2]int
	waiting  []logRow
	days     []rollupDay
	firsts   []firstDay
}

// readRollups reads the days of the span, the first days before the
// period and (at most limit, 0 for all) log rows not rolled up yet, side
// by side.
func (s *Service) readRollups(ctx context.Context, f Filter, limit int) (rollupInput, error) {
	var in rollupInput
	version := func(v *int) error {
		return s.db.NewSelect().Table("activity_rollup_state").Column("version").Where("id = 1").Scan(ctx, v)
	}
	if err := version(&in.versions[0]); err != nil {
		return in, err
	}
	reads := []func() error{
		func() (err error) {
			in.waiting, err = s.waitingRows(ctx, f.Period.To, limit)
			return err
		},
		func() (err error) {
			in.firsts, err = s.firstDays(ctx, f, day(f.Period.From))
			return err
		},
	}
	// The days in a few parts at once: the database reads and sends one
	// while another is read.
	lo, hi := day(f.Period.Previous().From), day(f.Period.To)
	parts := make([][]rollupDay, dayReads)
	for i := range parts {
		from, to := lo+(hi-lo)*int32(i)/dayReads, lo+(hi-lo)*int32(i+1)/dayReads
		reads = append(reads, func() (err error) {
			parts[i], err = s.readDays(ctx, from, to)
			return err
		})
	}
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, read := range reads {
		wg.Go(func() { errs[i] = read() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return in, err
	}
	in.days = slices.Concat(parts...)
	return in, version(&in.versions[1])
}

// dayReads is how many queries read a report's days.
const dayReads = 3

// readDays reads the rollups of days from..to-1. PostgreSQL sends a bytea
// as hexadecimal text (twice its size, decoded row by row); as base64 it
// takes half the time to arrive.
func (s *Service) readDays(ctx context.Context, from, to int32) ([]rollupDay, error) {
	var days []rollupDay
	q := s.db.NewSelect().Model(&days).Where("day >= ? AND day < ?", from, to).OrderExpr("day")
	if s.db.Dialect().Name() != dialect.PG {
		return days, q.Scan(ctx)
	}
	var rows []struct {
		Day     int32  `bun:"day"`
		Entries string `bun:"entries"`
	}
	if err := q.ExcludeColumn("*").Column("day").ColumnExpr("encode(entries, 'base64') AS entries").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	days = make([]rollupDay, len(rows))
	for i, r := range rows {
		b, err := base64.StdEncoding.DecodeString(r.Entries) // ignores PostgreSQL's line breaks
		if err != nil {
			return nil, fmt.Errorf("day %d: %w", r.Day, err)
		}
		days[i] = rollupDay{Day: r.Day, Entries: b}
	}
	return days, nil
}

// waitingRows reads the log rows before to that are not rolled up yet,
// at most limit of them (0: all).
func (s *Service) waitingRows(ctx context.Context, to time.Time, limit int) ([]logRow, error) {
	var rows []logRow
	q := s.db.NewSelect().TableExpr("activity AS a").ColumnExpr("a."+logRowColumns).
		Where("NOT a.rolled_up AND a.created_at < ?", to)
	if limit > 0 {
		q = q.Limit(int64(limit))
	}
	return rows, q.Scan(ctx, &rows)
}

// firstDay is an actor's first day in a neighbourhood and theme.
type firstDay struct {
	Actor int32 `bun:"actor"`
	Day   int32 `bun:"day"`
}

// firstDays reads the first days before day `before` in the selection.
func (s *Service) firstDays(ctx context.Context, f Filter, before int32) ([]firstDay, error) {
	var rows []firstDay
	q := s.db.NewSelect().TableExpr("activity_rollup_firsts AS fd").Column("fd.actor", "fd.day").
		Where("fd.day < ?", before)
	ids := "SELECT k.id FROM activity_rollup_keys AS k WHERE k.value IN (?)"
	if len(f.Neighbourhoods) > 0 {
		q = q.Where("fd.neighbourhood IN ("+ids+")", bun.List(strs(f.Neighbourhoods)))
	}
	if len(f.Themes) > 0 {
		q = q.Where("fd.theme IN ("+ids+")", bun.List(strs(f.Themes)))
	}
	// Tens of thousands of pairs of numbers: scanned without reflection.
	sqlRows, err := q.Rows(ctx)
	if err != nil {
		return nil, err
	}
	defer sqlRows.Close()
	for sqlRows.Next() {
		var fd firstDay
		if err := sqlRows.Scan(&fd.Actor, &fd.Day); err != nil {
			return nil, err
		}
		rows = append(rows, fd)
	}
	return rows, sqlRows.Err()
}

// report turns the counts into the report's figures, rankings and series.
func (t *tally) report(ctx context.Context, db bun.IDB, r *Report) error {
	for key, kind := range map[string]activity.Kind{FigInitiativesStarted: activity.InitiativeCreated,
		FigIdeas: activity.IdeaCreated, FigSupports: activity.SupportGiven, FigComments: activity.CommentPosted} {
		n := t.kindCount(kind)
		r.add(key, n[1], n[0])
	}
	signups := t.kindCount(activity.SignedUp)
	r.addPeople(FigVolunteerSignups, signups[1], signups[0])
	r.add(FigVolunteerHours, (t.minutes[1]+30)/60, (t.minutes[0]+30)/60)
	t.people(r)
	if err := t.themeTrends(ctx, db, r); err != nil {
		return err
	}
	if err := t.rankIdeas(ctx, db, r); err != nil {
		return err
	}
	r.Weeks = make([]Week, len(t.weeks))
	for i, w := range t.weeks {
		r.Weeks[i] = Week{Start: t.weekStarts[i], Ideas: w.ideas, Supports: w.supports, Comments: w.comments,
			Actions: w.actions, Participants: People(w.participants)}
	}
	return t.smallMultiples(ctx, db, r)
}

func (t *tally) kindCount(k activity.Kind) pair {
	if n, ok := t.kinds[string(k)]; ok {
		return *n
	}
	return pair{}
}

// people counts participants (all, new, returning), active initiatives
// and the concentration of actions.
func (t *tally) people(r *Report) {
	var people, fresh, initiatives pair
	var actions [2][]int
	from := [2]int32{t.lo, t.mid}
	for p := range 2 {
		for a, n := range t.actions[p] {
			if n > 0 {
				people[p]++
				actions[p] = append(actions[p], int(n))
				if t.firstDay[a] >= from[p] {
					fresh[p]++
				}
			}
		}
	}
	for _, bits := range t.active {
		initiatives[0] += int(bits & 1)
		initiatives[1] += int(bits >> 1)
	}
	r.add(FigInitiativesActive, initiatives[1], initiatives[0])
	for p := range 2 {
		total, parts := PeopleParts(people[p], fresh[p], people[p]-fresh[p])
		r.setPeople(FigParticipants, p, total)
		r.setPeople(FigNewParticipants, p, parts[0])
		r.setPeople(FigReturning, p, parts[1])
	}
	r.Concentration = [2]Concentration{Concentrate(actions[1]), Concentrate(actions[0])}
}

// themeTrends ranks the themes with ideas or supports in the span (as
// themes does: only themes that exist).
func (t *tally) themeTrends(ctx context.Context, db bun.IDB, r *Report) error {
	ids := map[string]int32{}
	var keys []string
	for id, n := range t.themeN {
		if n != [2]int32{} {
			keys = append(keys, t.ks.key(int32(id)))
			ids[keys[len(keys)-1]] = int32(id)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	var rows []ThemeTrend
	if err := db.NewSelect().TableExpr("themes AS t").ColumnExpr("t.id, t.label_nl, t.label_en").
		Where("t.id IN (?)", bun.List(keys)).Scan(ctx, &rows); err != nil {
		return err
	}
	for i := range rows {
		n := t.themeN[ids[rows[i].ID.String()]]
		rows[i].Current, rows[i].Previous = int(n[1]), int(n[0])
	}
	r.Themes = rankThemes(rows)
	return nil
}

// smallMultiples names the neighbourhoods counted (as smallMultiples
// does: only neighbourhoods that exist).
func (t *tally) smallMultiples(ctx context.Context, db bun.IDB, r *Report) error {
	if len(t.nbIDs) == 0 {
		return nil
	}
	slot := map[string]int{}
	keys := make([]string, len(t.nbIDs))
	for i, id := range t.nbIDs {
		keys[i] = t.ks.key(id)
		slot[keys[i]] = i
	}
	var rows []NeighbourhoodSeries
	if err := db.NewSelect().TableExpr("neighbourhoods AS nb").ColumnExpr("nb.id, nb.name").
		Where("nb.id IN (?)", bun.List(keys)).Scan(ctx, &rows); err != nil {
		return err
	}
	for _, row := range rows {
		row.Actions = t.nbWeeks[slot[row.ID.String()]]
		for _, n := range row.Actions {
			row.Total += n
		}
		r.Neighbourhoods = append(r.Neighbourhoods, row)
	}
	sortSeries(r.Neighbourhoods)
	return nil
}
