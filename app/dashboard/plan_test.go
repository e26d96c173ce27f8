package dashboard_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// recorder keeps the SQL a handle runs (a report runs queries in
// parallel).
type recorder struct {
	mu      sync.Mutex
	queries []string
}

func (r *recorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }
func (r *recorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queries = append(r.queries, e.Query)
}

// No query of a report reads a whole table that grows with use: the log,
// ideas, initiatives, status changes, activities and tasks are all reached
// through an index (SQLite's plan; the indexes are the same on
// PostgreSQL). Only the small neighbourhoods table may be scanned.
func TestReportUsesIndexes(t *testing.T) {
	t.Parallel()
	bdb := dbtest.SQLite(t)
	w := newWorld(t, bdb)
	var rec recorder
	svc := dashboard.NewService(bdb.WithQueryHook(&rec), nil)
	for _, f := range []dashboard.Filter{
		{Period: june}, {Neighbourhoods: []uuid.UUID{w.n1}, Period: june},
		{Themes: []uuid.UUID{w.t1}, Period: june},
	} {
		if _, err := svc.Report(w.ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range rec.queries {
		rows, err := bdb.QueryContext(w.ctx, "EXPLAIN QUERY PLAN "+q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			// p is a derived table (the period's distinct keys), nb the
			// neighbourhoods.
			if strings.HasPrefix(detail, "SCAN ") && detail != "SCAN nb" && detail != "SCAN p" {
				t.Errorf("%s\n  in %s", detail, q)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
}
