package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/dashboard/dashbench"
	"github.com/buurtboost/buurtboost/app/db"
)

// dashboardRun is one database's seeding and latencies.
type dashboardRun struct {
	database         string
	seeded, rolledUp time.Duration
	results          []dashbench.Result
}

// benchDashboard seeds a synthetic activity log into a new SQLite file in
// dir (and into a new schema of the PostgreSQL database at o.postgres,
// when set), rolls it up, and measures the dashboard's two views of the
// performance goal.
func benchDashboard(ctx context.Context, o options, dir string, out, progress io.Writer) error {
	var runs []dashboardRun
	path := o.dbPath
	if path == "" {
		path = filepath.Join(dir, "dashboard.db")
	} else if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists: -dashboard seeds a new database", path)
	}
	sqlite, err := db.OpenSQLite(ctx, path)
	if err != nil {
		return err
	}
	run, err := measureDashboard(ctx, "SQLite", sqlite, o, progress)
	_ = sqlite.Close()
	if err != nil {
		return err
	}
	runs = append(runs, run)
	if o.postgres != "" {
		run, err := measurePostgres(ctx, o, progress)
		if err != nil {
			return err
		}
		runs = append(runs, run)
	}
	printDashboard(out, o, runs)
	return nil
}

// measurePostgres measures in a new schema, dropped afterwards.
func measurePostgres(ctx context.Context, o options, progress io.Writer) (dashboardRun, error) {
	admin, err := db.OpenPostgres(ctx, o.postgres)
	if err != nil {
		return dashboardRun{}, err
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "buurtbench_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return dashboardRun{}, err
	}
	defer func() { _, _ = admin.ExecContext(context.WithoutCancel(ctx), "DROP SCHEMA "+schema+" CASCADE") }()
	pg, err := db.OpenPostgres(ctx, o.postgres, map[string]any{"search_path": schema})
	if err != nil {
		return dashboardRun{}, err
	}
	defer pg.Close()
	return measureDashboard(ctx, "PostgreSQL", pg, o, progress)
}

func measureDashboard(ctx context.Context, name string, bdb *bun.DB, o options, progress io.Writer) (dashboardRun, error) {
	run := dashboardRun{database: name}
	mg, err := db.NewMigrator(bdb)
	if err != nil {
		return run, err
	}
	if _, err := mg.Up(ctx); err != nil {
		return run, err
	}
	now := time.Now().UTC().Truncate(24 * time.Hour)
	start := time.Now()
	l, err := dashbench.Fill(ctx, bdb, o.dashboardRows, now, func(rows int) {
		if rows%100_000 == 0 {
			fmt.Fprintf(progress, "%s: %d of %d log rows\n", name, rows, o.dashboardRows)
		}
	})
	if err != nil {
		return run, err
	}
	run.seeded = time.Since(start)
	svc := dashboard.NewService(bdb, func() time.Time { return now })
	start = time.Now()
	if _, err := svc.RollUp(ctx); err != nil {
		return run, err
	}
	run.rolledUp = time.Since(start)
	if err := dashbench.Settle(ctx, bdb); err != nil {
		return run, err
	}
	fmt.Fprintf(progress, "%s: seeded in %s, rolled up in %s; measuring\n", name, run.seeded.Round(time.Second), run.rolledUp.Round(100*time.Millisecond))
	run.results, err = dashbench.Measure(ctx, svc, l.Views(), o.runs)
	return run, err
}

// printDashboard prints the latencies as a Markdown table, ready for the
// README, with the seeding times and the targets.
func printDashboard(out io.Writer, o options, runs []dashboardRun) {
	fmt.Fprintf(out, "buurtbench -dashboard, %s, %s %s/%s, %d CPUs\n", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(out, "activity log of %d rows: %d neighbourhoods, %d themes, %d people, %d days; %d reports of each view, in turn\n\n",
		o.dashboardRows, dashbench.Neighbourhoods, dashbench.Themes, dashbench.People, dashbench.Days, o.runs)
	fmt.Fprintln(out, "| database | view | p50 | p99 | target p50 | |")
	fmt.Fprintln(out, "|---|---|---:|---:|---:|---|")
	for _, r := range runs {
		for _, m := range r.results {
			verdict := "met"
			if m.P50 >= m.View.Target {
				verdict = "missed"
			}
			fmt.Fprintf(out, "| %s | %s | %s | %s | < %s | %s |\n", r.database, m.View.Name, ms(m.P50), ms(m.P99), ms(m.View.Target), verdict)
		}
	}
	fmt.Fprintln(out)
	for _, r := range runs {
		fmt.Fprintf(out, "%s: seeded in %s, rolled up in %s\n", r.database, r.seeded.Round(100*time.Millisecond), r.rolledUp.Round(100*time.Millisecond))
	}
}
