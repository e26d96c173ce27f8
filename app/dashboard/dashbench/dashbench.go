// Package dashbench measures the municipality dashboard on a synthetic
// activity log of a given size: 50 neighbourhoods, 8 themes, 2,000
// initiatives with 10 ideas each and 20,000 people acting over the two
// years before a moment. BenchmarkReport (app/dashboard) and buurtbench
// -dashboard use it; nothing in the application does.
package dashbench

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/buurtboost/buurtboost/app/dashboard"
)

// The shape of the log.
const (
	Neighbourhoods = 50
	Themes         = 8
	Initiatives    = 2000 // 40 per neighbourhood
	IdeasEach      = 10
	People         = 20000
	Days           = 730
)

// kinds cycle through the log: supports three times as often as the rest.
var kinds = []string{"idea_created", "support_given", "support_given", "support_given", "comment_posted", "followed", "signed_up"}

// Log is what Fill made.
type Log struct {
	Now            time.Time // every row is before it
	Neighbourhoods []uuid.UUID
	Rows           int
}

// Views are the two views of the performance goal: one neighbourhood over
// a quarter, and the whole municipality over a year (each against the
// period before), ending at l.Now.
func (l Log) Views() []View {
	return []View{
		{Name: "neighbourhood, quarter", Target: 50 * time.Millisecond, Filter: dashboard.Filter{
			Neighbourhoods: l.Neighbourhoods[:1], Period: dashboard.Period{From: l.Now.AddDate(0, -3, 0), To: l.Now}}},
		{Name: "municipality, year", Target: 200 * time.Millisecond, Filter: dashboard.Filter{
			Period: dashboard.Period{From: l.Now.AddDate(-1, 0, 0), To: l.Now}}},
	}
}

// View is a selection to measure and the p50 it should stay under.
type View struct {
	Name   string
	Target time.Duration
	Filter dashboard.Filter
}

// Fill writes the neighbourhoods, themes, initiatives, ideas and n log rows
// (the same rows for the same n and now, ids aside) into an empty migrated
// database. progress, when not nil, hears the rows written so far.
func Fill(ctx context.Context, bdb *bun.DB, n int, now time.Time, progress func(rows int)) (Log, error) {
	l := Log{Now: now, Rows: n}
	w := &filler{ctx: ctx, db: bdb, now: now}
	var themes, initiatives, ideas []uuid.UUID
	for i := range Neighbourhoods {
		id := newID()
		l.Neighbourhoods = append(l.Neighbourhoods, id)
		w.add("INSERT INTO neighbourhoods (id, slug, name, population, created_at, updated_at) VALUES", "(?, ?, ?, 5000, ?, ?)",
			id.String(), fmt.Sprint("n", i), fmt.Sprint("Buurt ", i), now, now)
	}
	for i := range Themes {
		id := newID()
		themes = append(themes, id)
		w.add("INSERT INTO themes (id, slug, label_nl, label_en, created_at) VALUES", "(?, ?, ?, ?, ?)",
			id.String(), fmt.Sprint("t", i), fmt.Sprint("Thema ", i), fmt.Sprint("Theme ", i), now)
	}
	w.flush()
	start := now.AddDate(0, 0, -Days)
	// Initiative m is in neighbourhood m % 50; its ideas are spread over
	// the two years, half of them answered within three days.
	for m := range Initiatives {
		id := newID()
		initiatives = append(initiatives, id)
		w.add("INSERT INTO initiatives (id, slug, title, summary, description, neighbourhood_id, status, created_at, updated_at) VALUES",
			"(?, ?, ?, 'Kort', 'Lang', ?, 'active', ?, ?)", id.String(), fmt.Sprint("bench-", m), fmt.Sprint("Initiatief ", m),
			l.Neighbourhoods[m%Neighbourhoods].String(), start, start)
	}
	w.flush()
	for m, ini := range initiatives {
		w.add("INSERT INTO initiative_themes (initiative_id, theme_id) VALUES", "(?, ?)", ini.String(), themes[m%Themes].String())
	}
	w.flush()
	for j := range Initiatives * IdeasEach {
		id := newID()
		ideas = append(ideas, id)
		created := start.Add(time.Duration((j*7727)%(Days*24)) * time.Hour)
		var answered any
		if j%2 == 0 {
			answered = created.Add(time.Duration(j%72) * time.Hour)
		}
		w.add("INSERT INTO ideas (id, initiative_id, title, description, theme_id, first_status_at, created_at, updated_at) VALUES",
			"(?, ?, ?, 'Beschrijving', ?, ?, ?, ?)", id.String(), initiatives[j/IdeasEach].String(), fmt.Sprint("Idee ", j),
			themes[j%Themes].String(), answered, created, created)
	}
	w.flush()
	// Rows are written in the order of time, as the log grows, evenly over
	// the two years.
	for i := range n {
		nb := (i * 31) % Neighbourhoods
		m := nb + Neighbourhoods*((i*17)%(Initiatives/Neighbourhoods))
		var idea any
		if k := kinds[i%len(kinds)]; k == "idea_created" || k == "support_given" || k == "comment_posted" {
			idea = ideas[m*IdeasEach+(i*7)%IdeasEach].String()
		}
		w.add("INSERT INTO activity (id, actor_key, kind, neighbourhood_id, initiative_id, idea_id, theme_id, created_at) VALUES",
			"(?, ?, ?, ?, ?, ?, ?, ?)", newID().String(), fmt.Sprint("k", (i*7919)%People), kinds[i%len(kinds)],
			l.Neighbourhoods[nb].String(), initiatives[m].String(), idea, themes[(i*13)%Themes].String(),
			start.Add(time.Duration(int64(i)*Days*24*3600_000/int64(n))*time.Millisecond))
		if w.rows == batch {
			w.flush()
			if progress != nil {
				progress(i + 1)
			}
		}
	}
	w.flush()
	if w.err != nil {
		return l, w.err
	}
	return l, analyze(ctx, bdb)
}

// Settle gathers the planner's statistics after a roll-up of the whole
// log, as PostgreSQL's autovacuum does on its own after so many changed
// rows (and clears the old row versions the roll-up left in the index of
// rows waiting to be rolled up).
func Settle(ctx context.Context, bdb *bun.DB) error {
	query := "ANALYZE"
	if bdb.Dialect().Name() == dialect.PG {
		query = "VACUUM ANALYZE activity, activity_rollup, activity_rollup_firsts, activity_rollup_keys"
	}
	_, err := bdb.ExecContext(ctx, query)
	return err
}

// analyze gathers the planner's statistics of the tables Fill wrote (on
// PostgreSQL only those: a bare ANALYZE would visit every schema).
func analyze(ctx context.Context, bdb *bun.DB) error {
	query := "ANALYZE"
	if bdb.Dialect().Name() == dialect.PG {
		query = "ANALYZE activity, ideas, initiatives, initiative_themes, neighbourhoods, themes"
	}
	_, err := bdb.ExecContext(ctx, query)
	return err
}

func newID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

// batch is how many rows one INSERT writes.
const batch = 1000

// filler collects rows of one INSERT and writes them in batches.
type filler struct {
	ctx    context.Context
	db     *bun.DB
	now    time.Time
	head   string
	values strings.Builder
	args   []any
	rows   int
	err    error
}

func (w *filler) add(head, row string, args ...any) {
	if w.head != head || w.rows == batch {
		w.flush()
		w.head = head
	}
	if w.rows > 0 {
		w.values.WriteString(", ")
	}
	w.values.WriteString(row)
	w.args = append(w.args, args...)
	w.rows++
}

func (w *filler) flush() {
	if w.rows > 0 && w.err == nil {
		_, w.err = w.db.ExecContext(w.ctx, w.head+" "+w.values.String(), w.args...)
	}
	w.values.Reset()
	w.args, w.rows = w.args[:0], 0
}

// Result is the latencies of one view.
type Result struct {
	View     View
	P50, P99 time.Duration
	Runs     int
}

// Measure computes each view's report runs times in turn and returns the
// median and 99th percentile of each.
func Measure(ctx context.Context, svc *dashboard.Service, views []View, runs int) ([]Result, error) {
	out := make([]Result, len(views))
	lat := make([][]time.Duration, len(views))
	for range runs {
		for i, v := range views {
			t0 := time.Now()
			if _, err := svc.Report(ctx, v.Filter); err != nil {
				return nil, fmt.Errorf("%s: %w", v.Name, err)
			}
			lat[i] = append(lat[i], time.Since(t0))
		}
	}
	for i, v := range views {
		slices.Sort(lat[i])
		out[i] = Result{View: v, P50: lat[i][len(lat[i])/2], P99: lat[i][(len(lat[i])*99)/100], Runs: runs}
	}
	return out, nil
}
