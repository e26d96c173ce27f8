package dashboard_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/dashboard"
)

// day is a moment in 2026, the fixture's year.
func day(month time.Month, d, hour int) time.Time {
	return time.Date(2026, month, d, hour, 0, 0, 0, time.UTC)
}

// June is the fixture's current period; May 2 to June 1 is the previous.
var june = dashboard.Period{From: day(6, 1, 0), To: day(7, 1, 0)}

// world is a hand-built data set whose every figure is worked out by hand
// in the tests (see the comments there).
type world struct {
	t              *testing.T
	db             *bun.DB
	ctx            context.Context
	n1, n2, n3     uuid.UUID // n1 has 2,000 residents, n2 1,000, n3 unknown
	t1, t2         uuid.UUID // themes groen, verkeer
	i1, i2, i3     uuid.UUID // i1 in n1 (groen), i2 in n2 (verkeer), i3 in n1, completed
	d1, d2, d3, d4 uuid.UUID // ideas: d1, d2 on i1 (June), d3 on i2 (June), d4 on i1 (May)
	svc            *dashboard.Service
	keys           map[string]string
}

func newWorld(t *testing.T, bdb *bun.DB) *world {
	w := &world{t: t, db: bdb, ctx: context.Background(), keys: map[string]string{},
		svc: dashboard.NewService(bdb, func() time.Time { return day(6, 30, 12) })}
	id := func() uuid.UUID { return uuid.Must(uuid.NewV7()) }
	w.n1, w.n2, w.n3, w.t1, w.t2 = id(), id(), id(), id(), id()
	w.i1, w.i2, w.i3, w.d1, w.d2, w.d3, w.d4 = id(), id(), id(), id(), id(), id(), id()
	at := day(1, 1, 0)
	pop := map[uuid.UUID]any{w.n1: 2000, w.n2: 1000, w.n3: nil}
	for i, n := range []uuid.UUID{w.n1, w.n2, w.n3} {
		w.exec("INSERT INTO neighbourhoods (id, slug, name, population, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			n.String(), []string{"oost", "west", "zuid"}[i], []string{"Oost", "West", "Zuid"}[i], pop[n], at, at)
	}
	w.exec("INSERT INTO themes (id, slug, label_nl, label_en, created_at) VALUES (?, 'groen', 'Groen', 'Green', ?), (?, 'verkeer', 'Verkeer', 'Traffic', ?)",
		w.t1.String(), at, w.t2.String(), at)
	w.initiative(w.i1, w.n1, w.t1, "active", at)
	w.initiative(w.i2, w.n2, w.t2, "active", at)
	w.initiative(w.i3, w.n1, w.t1, "completed", day(6, 15, 9))
	status10, status30, status5 := day(6, 3, 10), day(6, 4, 6), day(5, 10, 5)
	w.idea(w.d1, w.i1, w.t1, "Bomen op het plein", day(6, 3, 0), &status10) // answered after 10 h
	w.idea(w.d2, w.i1, w.t1, "Meer bankjes", day(6, 3, 0), &status30)       // after 30 h
	w.idea(w.d3, w.i2, w.t2, "Drempels in de straat", day(6, 4, 0), nil)    // no answer yet
	w.idea(w.d4, w.i1, w.t1, "Een moestuin", day(5, 10, 0), &status5)       // previous period, 5 h
	// d1 and d2 are planned; i1 holds an activity on 10 June, after d1 was
	// planned (5 June) and before d2 was (20 June): one planned idea led to
	// an activity that was held.
	w.exec("INSERT INTO idea_status_changes (id, idea_id, status, created_at) VALUES (?, ?, 'planned', ?), (?, ?, 'planned', ?)",
		id().String(), w.d1.String(), day(6, 5, 0), id().String(), w.d2.String(), day(6, 20, 0))
	w.activity(w.i1, "held", day(6, 10, 14))
	w.activity(w.i2, "held", day(5, 20, 14))    // previous period
	w.activity(w.i2, "planned", day(6, 25, 14)) // not held
	w.exec(`INSERT INTO volunteer_tasks (id, initiative_id, title, starts_at, ends_at, capacity, signed_count, created_at, updated_at)
		VALUES (?, ?, 'Opbouwen', ?, ?, 10, 5, ?, ?)`, id().String(), w.i1.String(), day(6, 12, 9), day(6, 12, 11), at, at)
	w.logActs()
	return w
}

// logActs writes the activity log. June, in n1 (theme groen): a1 starts
// i1, proposes d1 and d2 and comments 7 times (10 acts); a2..a10 each
// support d1 once; a2 also withdraws (not an act of taking part).
// Volunteers v1..v5 sign up on i1 (no theme); v1 and v2 attend, 90 and 120
// minutes; v5 cancels. June, in n2 (verkeer): b1 proposes d3, b1..b3
// support it. May, in n1: a1 proposes d4; a2, a3 and c1 support it.
func (w *world) logActs() {
	june := func(d int) time.Time { return day(6, d, 12) }
	w.log("a1", activity.InitiativeCreated, w.n1, w.i1, nil, &w.t1, june(2), 0)
	w.log("a1", activity.IdeaCreated, w.n1, w.i1, &w.d1, &w.t1, june(3), 0)
	w.log("a1", activity.IdeaCreated, w.n1, w.i1, &w.d2, &w.t1, june(3), 0)
	for i := range 7 {
		w.log("a1", activity.CommentPosted, w.n1, w.i1, &w.d1, &w.t1, june(4+i), 0)
	}
	for _, a := range []string{"a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"} {
		w.log(a, activity.SupportGiven, w.n1, w.i1, &w.d1, &w.t1, june(15), 0)
	}
	w.log("a2", activity.SupportWithdrawn, w.n1, w.i1, &w.d1, &w.t1, june(16), 0)
	for _, v := range []string{"v1", "v2", "v3", "v4", "v5"} {
		w.log(v, activity.SignedUp, w.n1, w.i1, nil, nil, june(8), 0)
	}
	w.log("v5", activity.SignupCancelled, w.n1, w.i1, nil, nil, june(9), 0)
	w.log("v1", activity.Attended, w.n1, w.i1, nil, nil, june(12), 90)
	w.log("v2", activity.Attended, w.n1, w.i1, nil, nil, june(12), 120)
	w.log("b1", activity.IdeaCreated, w.n2, w.i2, &w.d3, &w.t2, june(4), 0)
	for _, b := range []string{"b1", "b2", "b3"} {
		w.log(b, activity.SupportGiven, w.n2, w.i2, &w.d3, &w.t2, june(20), 0)
	}
	w.log("a1", activity.IdeaCreated, w.n1, w.i1, &w.d4, &w.t1, day(5, 10, 0), 0)
	for _, a := range []string{"a2", "a3", "c1"} {
		w.log(a, activity.SupportGiven, w.n1, w.i1, &w.d4, &w.t1, day(5, 11, 0), 0)
	}
}

func (w *world) exec(query string, args ...any) {
	w.t.Helper()
	if _, err := w.db.ExecContext(w.ctx, query, args...); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

func (w *world) initiative(id, nb, theme uuid.UUID, status string, updated time.Time) {
	w.t.Helper()
	w.exec(`INSERT INTO initiatives (id, slug, title, summary, description, neighbourhood_id, status, created_at, updated_at)
		VALUES (?, ?, 'Initiatief', 'Kort', 'Lang', ?, ?, ?, ?)`, id.String(), id.String(), nb.String(), status, day(1, 1, 0), updated)
	w.exec("INSERT INTO initiative_themes (initiative_id, theme_id) VALUES (?, ?)", id.String(), theme.String())
}

func (w *world) idea(id, ini, theme uuid.UUID, title string, created time.Time, firstStatus *time.Time) {
	w.t.Helper()
	w.exec(`INSERT INTO ideas (id, initiative_id, title, description, theme_id, first_status_at, created_at, updated_at)
		VALUES (?, ?, ?, 'Beschrijving', ?, ?, ?, ?)`, id.String(), ini.String(), title, theme.String(), firstStatus, created, created)
}

func (w *world) activity(ini uuid.UUID, status string, starts time.Time) {
	w.t.Helper()
	w.exec(`INSERT INTO activities (id, initiative_id, title, starts_at, ends_at, status, created_at, updated_at)
		VALUES (?, ?, 'Buurtfeest', ?, ?, ?, ?, ?)`, uuid.Must(uuid.NewV7()).String(), ini.String(), starts,
		starts.Add(2*time.Hour), status, day(1, 1, 0), day(1, 1, 0))
}

// log appends a row for the pseudonymous actor name (a fresh random key
// per name, as the real log has).
func (w *world) log(actor string, kind activity.Kind, nb, ini uuid.UUID, ideaID, theme *uuid.UUID, at time.Time, minutes int) {
	w.t.Helper()
	key, ok := w.keys[actor]
	if !ok {
		key = uuid.NewString()
		w.keys[actor] = key
	}
	ev := activity.Event{ID: uuid.Must(uuid.NewV7()), ActorKey: key, Kind: kind, NeighbourhoodID: &nb,
		InitiativeID: &ini, IdeaID: ideaID, ThemeID: theme, Minutes: minutes, CreatedAt: at}
	if _, err := w.db.NewInsert().Model(&ev).Exec(w.ctx); err != nil {
		w.t.Fatal(err)
	}
}

// report computes the report of a selection in June.
func (w *world) report(nbs, themes []uuid.UUID) dashboard.Report {
	w.t.Helper()
	r, err := w.svc.Report(w.ctx, dashboard.Filter{Neighbourhoods: nbs, Themes: themes, Period: june})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// count runs an independent plain SQL count.
func (w *world) count(query string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.NewRaw(query, args...).Scan(w.ctx, &n); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return n
}
