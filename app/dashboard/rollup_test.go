package dashboard_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// The report from the daily rollups equals the report counted on the log
// itself, for many selections, at every stage: rolled up by a report
// itself, with rows added after the roll-up (today's, and back-dated ones
// into days already rolled up), rolled up again (merging into those days),
// by two roll-ups at once, and the next day.
func TestRollupsEqualTheLog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		removed := w.removedIdea()
		rng := rand.New(rand.NewPCG(7, 11))
		// 3,000 rows from February to today (30 June, noon): more than a
		// report reads from the log, so the first report rolls up.
		w.randomActs(rng, 3000, day(2, 1, 0), day(6, 30, 12), removed)
		w.sameReports(w.svc, "rolled up by a report", true)
		if n := w.count("SELECT COUNT(*) FROM activity WHERE NOT rolled_up AND created_at < ?", day(6, 30, 0)); n != 0 {
			t.Errorf("%d rows of complete days not rolled up after a report", n)
		}
		if n := w.count("SELECT COUNT(*) FROM activity WHERE NOT rolled_up"); n == 0 {
			t.Error("today's rows were rolled up: they belong to an incomplete day")
		}
		if acts, rolled := w.count("SELECT COALESCE(SUM(acts), 0) FROM activity_rollup"),
			w.count("SELECT COUNT(*) FROM activity WHERE rolled_up"); acts != rolled {
			t.Errorf("rollups hold %d acts, %d log rows are marked rolled up", acts, rolled)
		}

		// Today's rows, and back-dated ones into rolled-up days, by new and
		// known people, in a neighbourhood and on an idea not seen before.
		w.randomActs(rng, 200, day(6, 30, 0), day(6, 30, 12), removed)
		w.randomActs(rng, 200, day(3, 1, 0), day(6, 29, 0), removed)
		late := uuid.Must(uuid.NewV7())
		w.exec("INSERT INTO neighbourhoods (id, slug, name, population, created_at, updated_at) VALUES (?, 'noord', 'Noord', 500, ?, ?)",
			late.String(), day(1, 1, 0), day(1, 1, 0))
		for i := range 6 {
			w.log(fmt.Sprint("late", i), activity.SupportGiven, late, w.i2, &w.d3, &w.t2, day(6, 2+i, 9), 0)
		}
		w.sameReports(w.svc, "rows added after the roll-up", true)

		w.rollUp(w.svc)
		w.sameReports(w.svc, "rolled up again", false)

		// Two roll-ups at once (two processes, each with its own ids)
		// count each row once.
		w.randomActs(rng, 300, day(4, 1, 0), day(6, 30, 0), removed)
		other := dashboard.NewService(bdb, func() time.Time { return day(6, 30, 12) })
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, svc := range []*dashboard.Service{w.svc, other} {
			wg.Go(func() { _, errs[i] = svc.RollUp(w.ctx) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		w.sameReports(w.svc, "two roll-ups at once", false)
		w.sameReports(other, "two roll-ups at once, the other service", false)

		// More rows today than a report reads before rolling up: today is
		// not complete, so they are read from the log all the same.
		w.randomActs(rng, 1200, day(6, 30, 0), day(6, 30, 12), removed)
		w.sameReports(w.svc, "a busy today", false)
		if n := w.count("SELECT COUNT(*) FROM activity WHERE NOT rolled_up"); n < 1200 {
			t.Errorf("%d rows wait, want today's 1,200 and more", n)
		}

		tomorrow := dashboard.NewService(bdb, func() time.Time { return day(7, 1, 8) })
		w.rollUp(tomorrow)
		if n := w.count("SELECT COUNT(*) FROM activity WHERE NOT rolled_up"); n != 0 {
			t.Errorf("%d rows not rolled up the next day", n)
		}
		w.sameReports(tomorrow, "the next day", true)
	})
}

func (w *world) rollUp(svc *dashboard.Service) {
	w.t.Helper()
	if _, err := svc.RollUp(w.ctx); err != nil {
		w.t.Fatal(err)
	}
}

// removedIdea adds an idea that was removed: supports of it count, but it
// is in no ranking.
func (w *world) removedIdea() uuid.UUID {
	w.t.Helper()
	id := uuid.Must(uuid.NewV7())
	w.exec(`INSERT INTO ideas (id, initiative_id, title, description, theme_id, created_at, updated_at, removed_at)
		VALUES (?, ?, 'Weg ermee', 'Beschrijving', ?, ?, ?, ?)`, id.String(), w.i1.String(), w.t1.String(),
		day(2, 1, 0), day(2, 1, 0), day(3, 1, 0))
	return id
}

// randomActs logs n acts of every kind between from and to: 60 people,
// the world's three neighbourhoods (and a few rows without one), themes
// or none, its ideas and the removed one, attendance minutes (some taken
// back).
func (w *world) randomActs(rng *rand.Rand, n int, from, to time.Time, removed uuid.UUID) {
	w.t.Helper()
	kinds := []activity.Kind{activity.InitiativeCreated, activity.IdeaCreated, activity.SupportGiven, activity.SupportGiven,
		activity.SupportGiven, activity.SupportWithdrawn, activity.CommentPosted, activity.Followed, activity.Unfollowed,
		activity.UpdatePosted, activity.RSVP, activity.SignedUp, activity.SignupCancelled, activity.Attended}
	ideas := []*uuid.UUID{&w.d1, &w.d2, &w.d3, &w.d4, &removed, nil}
	themes := []*uuid.UUID{&w.t1, &w.t2, nil}
	rows := make([]activity.Event, n)
	for i := range rows {
		nb, ini := []uuid.UUID{w.n1, w.n2, w.n3}[rng.IntN(3)], []uuid.UUID{w.i1, w.i2, w.i3}[rng.IntN(3)]
		kind := kinds[rng.IntN(len(kinds))]
		minutes := 0
		if kind == activity.Attended {
			minutes = 30 * (rng.IntN(7) - 1)
		}
		at := from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)))))
		actor := fmt.Sprint("r", rng.IntN(60))
		if _, ok := w.keys[actor]; !ok {
			w.keys[actor] = uuid.NewString()
		}
		rows[i] = activity.Event{ID: uuid.Must(uuid.NewV7()), ActorKey: w.keys[actor], Kind: kind, NeighbourhoodID: &nb,
			InitiativeID: &ini, IdeaID: ideas[rng.IntN(len(ideas))], ThemeID: themes[rng.IntN(len(themes))],
			Minutes: minutes, CreatedAt: at}
		if rng.IntN(50) == 0 {
			rows[i].NeighbourhoodID = nil
		}
	}
	if _, err := w.db.NewInsert().Model(&rows).Exec(w.ctx); err != nil {
		w.t.Fatal(err)
	}
}

// sameReports compares the two ways of computing the report for many
// selections and periods ending today or earlier (all of them, or a few
// for the stages in between).
func (w *world) sameReports(svc *dashboard.Service, stage string, all bool) {
	w.t.Helper()
	end := day(7, 1, 0)
	periods := map[string]dashboard.Period{
		"june": june, "year": {From: end.AddDate(-1, 0, 0), To: end}, "today": {From: day(6, 30, 0), To: end},
	}
	selections := map[string][2][]uuid.UUID{"all": {}, "Oost": {{w.n1}}, "West, verkeer": {{w.n2}, {w.t2}}}
	if all {
		maps.Copy(periods, map[string]dashboard.Period{"quarter": {From: end.AddDate(0, -3, 0), To: end},
			"one day": {From: day(6, 15, 0), To: day(6, 16, 0)}, "march": {From: day(3, 1, 0), To: day(4, 1, 0)}})
		maps.Copy(selections, map[string][2][]uuid.UUID{"Oost and West": {{w.n1, w.n2}}, "groen": {nil, {w.t1}},
			"unknown neighbourhood": {{uuid.Must(uuid.NewV7())}}, "Zuid, both themes": {{w.n3}, {w.t1, w.t2}}})
	}
	for pname, p := range periods {
		for sname, sel := range selections {
			f := dashboard.Filter{Neighbourhoods: sel[0], Themes: sel[1], Period: p}
			got, err := svc.Report(w.ctx, f)
			if err != nil {
				w.t.Fatalf("%s, %s, %s: %v", stage, pname, sname, err)
			}
			want, err := svc.ReportFromLog(w.ctx, f)
			if err != nil {
				w.t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				w.t.Errorf("%s, %s, %s: the rollups differ from the log\n%s", stage, pname, sname, reportDiff(got, want))
			}
		}
	}
}

// reportDiff names the fields of two reports that differ.
func reportDiff(got, want dashboard.Report) string {
	out := ""
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			out += fmt.Sprintf("  %s:\n    rollups %+v\n    log     %+v\n", gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
	return out
}

// A period that does not start at midnight is counted on the log, and
// agrees with the rolled-up one where both count the same rows.
func TestReportOfPartDays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		w.rollUp(w.svc)
		whole, err := w.svc.Report(w.ctx, dashboard.Filter{Period: june})
		if err != nil {
			t.Fatal(err)
		}
		// The fixture's acts are at midnight in May and at noon in June:
		// inside both the whole days and the days from 06:00.
		part, err := w.svc.Report(w.ctx, dashboard.Filter{Period: dashboard.Period{From: june.From.Add(6 * time.Hour), To: june.To.Add(6 * time.Hour)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{dashboard.FigSupports, dashboard.FigIdeas, dashboard.FigParticipants} {
			if whole.Figure(key) != part.Figure(key) {
				t.Errorf("%s: %+v from the rollups, %+v from the log", key, whole.Figure(key), part.Figure(key))
			}
		}
	})
}
