package dashboard_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// want is a figure worked out by hand: a number, or hidden (-1).
type want struct{ cur, prev int }

const hidden = -1

func cellIs(c dashboard.Cell, n int) bool {
	if n == hidden {
		return c.Hidden && c.N == 0
	}
	return !c.Hidden && c.N == n
}

func checkFigures(t *testing.T, r dashboard.Report, wants map[string]want) {
	t.Helper()
	for key, w := range wants {
		f := r.Figure(key)
		if !cellIs(f.Current, w.cur) || !cellIs(f.Previous, w.prev) {
			t.Errorf("%s = %v / %v, want %d / %d (-1: < 5)", key, f.Current, f.Previous, w.cur, w.prev)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The whole municipality in June against May, every figure by hand (see
// logActs), and the counts of acts again by plain SQL.
func TestReportMatchesHandCountedFixture(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		r := w.report(nil, nil)
		checkFigures(t, r, map[string]want{
			dashboard.FigInitiativesStarted: {1, 0}, dashboard.FigInitiativesActive: {2, 1},
			dashboard.FigInitiativesCompleted: {1, 0}, dashboard.FigIdeas: {3, 1}, dashboard.FigSupports: {12, 3},
			dashboard.FigComments: {7, 0}, dashboard.FigActivitiesHeld: {1, 1}, dashboard.FigVolunteerSignups: {5, 0},
			dashboard.FigVolunteerHours: {4, 0}, // 210 minutes, rounded
			// 18 people in June, 4 in May; 3 of June's were there in May, so
			// "returning" is hidden and "new" (18 - 3) with it.
			dashboard.FigParticipants: {18, hidden}, dashboard.FigNewParticipants: {hidden, hidden},
			dashboard.FigReturning: {hidden, hidden}, dashboard.FigIdeasPlanned: {2, 0}, dashboard.FigPlannedHeld: {1, 0},
		})
		prev := june.Previous()
		for key, kind := range map[string]string{dashboard.FigIdeas: "idea_created", dashboard.FigSupports: "support_given",
			dashboard.FigComments: "comment_posted", dashboard.FigInitiativesStarted: "initiative_created"} {
			q := "SELECT COUNT(*) FROM activity WHERE kind = ? AND created_at >= ? AND created_at < ?"
			cur, before := w.count(q, kind, june.From, june.To), w.count(q, kind, prev.From, prev.To)
			if f := r.Figure(key); f.Current.N != cur || f.Previous.N != before {
				t.Errorf("%s = %v / %v, plain SQL says %d / %d", key, f.Current, f.Previous, cur, before)
			}
		}
		people := w.count(`SELECT COUNT(DISTINCT actor_key) FROM activity WHERE created_at >= ? AND created_at < ?
			AND kind NOT IN ('support_withdrawn', 'unfollowed', 'signup_cancelled')`, june.From, june.To)
		if f := r.Figure(dashboard.FigParticipants); f.Current.N != people {
			t.Errorf("participants = %v, plain SQL says %d", f.Current, people)
		}
		if r.Per1000[0].Known {
			t.Error("per 1,000 residents is known although Zuid has no population")
		}
		if !r.FillRate[0].Known || !near(r.FillRate[0].Value, 0.5) {
			t.Errorf("fill rate = %+v, want 5 of 10", r.FillRate[0])
		}
		if !near(r.Responsiveness[0].Value, 20) || !near(r.Responsiveness[1].Value, 5) {
			t.Errorf("median hours to a first status = %+v, want 20 (10 and 30) and 5", r.Responsiveness)
		}
		if r.Answered[0].Current.N != 2 || r.Answered[1].Current.N != 3 {
			t.Errorf("answered %v of %v ideas, want 2 of 3", r.Answered[0].Current, r.Answered[1].Current)
		}
		checkConcentration(t, r)
		checkRankings(t, w, r)
		checkWeeks(t, w, r)
	})
}

// June's actions per participant, by hand: a1 10; a2..a10 one each; v1
// and v2 two (sign-up, attendance), v3..v5 one; b1 two, b2 and b3 one.
var juneActions = []int{10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 2, 1, 1}

func checkConcentration(t *testing.T, r dashboard.Report) {
	t.Helper()
	c := r.Concentration[0]
	// The top 10 % of 18 people is 2 (rounded up): 10 + 2 of 30 acts.
	if !c.Known || !near(c.TopShare, 12.0/30) || !near(c.Gini, giniByDifferences(juneActions)) {
		t.Errorf("concentration = %+v, want top share 0.4 and Gini %.4f", c, giniByDifferences(juneActions))
	}
	if r.Concentration[1].Known {
		t.Error("May's concentration is shown for only 4 participants")
	}
}

// giniByDifferences is the textbook definition: the mean absolute
// difference of all pairs over twice the mean (independent of the
// dashboard's sorted formula).
func giniByDifferences(xs []int) float64 {
	sum, diffs := 0.0, 0.0
	for _, a := range xs {
		sum += float64(a)
		for _, b := range xs {
			diffs += math.Abs(float64(a - b))
		}
	}
	n := float64(len(xs))
	return diffs / (2 * n * n * (sum / n))
}

func checkRankings(t *testing.T, w *world, r dashboard.Report) {
	t.Helper()
	// groen: 2 ideas + 9 supports in June, 1 + 3 in May (+7); verkeer: 1 + 3
	// against nothing (+4).
	if len(r.Themes) != 2 || r.Themes[0].ID != w.t1 || r.Themes[0].Current != 11 || r.Themes[0].Previous != 4 ||
		r.Themes[1].ID != w.t2 || r.Themes[1].Growth() != 4 {
		t.Errorf("rising themes = %+v", r.Themes)
	}
	// d1 has 9 supports in June; d3 has 3, shown as "< 5". They are the
	// only ideas supported in June, so 12 supports (shown) minus d1's 9
	// would give d3 away: d1 is hidden too.
	for name, ideas := range map[string][]dashboard.IdeaTrend{"top": r.TopIdeas, "growing": r.GrowingIdeas} {
		if len(ideas) != 2 || ideas[0].ID != w.d1 || !cellIs(ideas[0].Current, hidden) || ideas[1].ID != w.d3 ||
			!cellIs(ideas[1].Current, hidden) || ideas[0].Title != "Bomen op het plein" || !cellIs(ideas[0].Previous, 0) {
			t.Errorf("%s ideas = %+v", name, ideas)
		}
	}
}

func checkWeeks(t *testing.T, w *world, r dashboard.Report) {
	t.Helper()
	if len(r.Weeks) != 5 { // 30 days: four weeks and two days
		t.Fatalf("%d weeks, want 5", len(r.Weeks))
	}
	total := 0
	for _, wk := range r.Weeks {
		total += wk.Actions
	}
	acts := w.count(`SELECT COUNT(*) FROM activity WHERE created_at >= ? AND created_at < ?
		AND kind NOT IN ('support_withdrawn', 'unfollowed', 'signup_cancelled')`, june.From, june.To)
	// 15 to 21 June: a2..a10 and b1..b3 support.
	if total != acts || r.Weeks[2].Supports != 12 || !cellIs(r.Weeks[2].Participants, 12) {
		t.Errorf("weeks = %+v (total %d), want %d acts, 12 supports in the third week", r.Weeks, total, acts)
	}
	if len(r.Neighbourhoods) != 2 || r.Neighbourhoods[0].ID != w.n1 || r.Neighbourhoods[0].Total != 26 ||
		r.Neighbourhoods[1].Total != 4 {
		t.Errorf("small multiples = %+v, want Oost 26 and West 4 acts", r.Neighbourhoods)
	}
}

// Selections: one neighbourhood, a theme, and a neighbourhood whose every
// count of people is small.
func TestReportSelections(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		oost := w.report([]uuid.UUID{w.n1}, nil)
		checkFigures(t, oost, map[string]want{
			dashboard.FigParticipants: {15, hidden}, dashboard.FigNewParticipants: {hidden, hidden},
			dashboard.FigReturning: {hidden, hidden}, dashboard.FigIdeas: {2, 1}, dashboard.FigInitiativesCompleted: {1, 0},
		})
		// In Oost d1 is the only idea supported in June: 9 shows.
		if len(oost.TopIdeas) != 1 || !cellIs(oost.TopIdeas[0].Current, 9) {
			t.Errorf("top ideas in Oost = %+v, want d1 with 9", oost.TopIdeas)
		}
		if !oost.Per1000[0].Known || !near(oost.Per1000[0].Value, 7.5) || oost.Per1000[1].Known {
			t.Errorf("per 1,000 in Oost = %+v, want 7.5 now and unknown (hidden count) before", oost.Per1000)
		}
		// The volunteers' rows carry no theme: groen in Oost is a1..a10.
		groen := w.report([]uuid.UUID{w.n1}, []uuid.UUID{w.t1})
		checkFigures(t, groen, map[string]want{dashboard.FigParticipants: {10, hidden},
			dashboard.FigVolunteerSignups: {0, 0}, dashboard.FigSupports: {9, 3}})
		west := w.report([]uuid.UUID{w.n2}, nil)
		checkFigures(t, west, map[string]want{dashboard.FigParticipants: {hidden, 0},
			dashboard.FigNewParticipants: {hidden, 0}, dashboard.FigReturning: {hidden, 0}, dashboard.FigSupports: {3, 0}})
		if west.Per1000[0].Known || west.Concentration[0].Known || !cellIs(west.TopIdeas[0].Current, hidden) {
			t.Errorf("West reveals a small count: per 1,000 %+v, concentration %+v, top idea %+v",
				west.Per1000[0], west.Concentration[0], west.TopIdeas)
		}
		for _, f := range west.Figures {
			if _, ok := f.Change(); ok && (f.Current.Hidden || f.Previous.Hidden) {
				t.Errorf("%s shows a change next to a hidden count", f.Key)
			}
		}
		// Moderators hide d1: its title leaves the lists, its supports still count.
		w.exec("UPDATE ideas SET hidden_reason = 'Reclame' WHERE id = ?", w.d1.String())
		oost = w.report([]uuid.UUID{w.n1}, nil)
		if len(oost.TopIdeas) != 0 || oost.Figure(dashboard.FigSupports).Current.N == 0 {
			t.Errorf("after hiding d1: top ideas %+v, supports %+v; want no idea listed, supports counted",
				oost.TopIdeas, oost.Figure(dashboard.FigSupports))
		}
	})
}

// A one-day period is one (short) week: the series still works.
func TestReportOfOneDay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		r, err := w.svc.Report(w.ctx, dashboard.Filter{Period: dashboard.Period{From: day(6, 15, 0), To: day(6, 16, 0)}})
		if err != nil {
			t.Fatal(err)
		}
		// 15 June: a2..a10 support d1.
		if len(r.Weeks) != 1 || r.Weeks[0].Supports != 9 || r.Figure(dashboard.FigSupports).Current.N != 9 {
			t.Errorf("one day: weeks %+v, supports %v", r.Weeks, r.Figure(dashboard.FigSupports).Current)
		}
	})
}

// The median wait for a first status, over an odd and an even number of
// answered ideas (the database sends the middle ones only).
func TestResponsivenessMedian(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		w := newWorld(t, bdb)
		// June had d1 (10 h) and d2 (30 h) answered; add 2 h and 100 h, then 3 h.
		for i, hours := range []int{2, 100, 3} {
			answered := day(6, 20+i, 0).Add(time.Duration(hours) * time.Hour)
			w.idea(uuid.Must(uuid.NewV7()), w.i1, w.t1, fmt.Sprint("Idee ", i), day(6, 20+i, 0), &answered)
			r := w.report(nil, nil)
			// 2 10 30: 10; 2 10 30 100: (10 + 30) / 2; 2 3 10 30 100: 10.
			want := []float64{10, 20, 10}[i]
			if !r.Responsiveness[0].Known || !near(r.Responsiveness[0].Value, want) {
				t.Errorf("with %d more: median %+v hours, want %v", i+1, r.Responsiveness[0], want)
			}
			if r.Answered[0].Current.N != 3+i {
				t.Errorf("with %d more: %v answered, want %d", i+1, r.Answered[0].Current, 3+i)
			}
		}
	})
}
