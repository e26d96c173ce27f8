package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buurtboost/buurtboost/app/demo"
)

// tiny has the shape of BenchSize (a full page of ideas, an idea with 50
// comments) in a second of seeding.
var tiny = demo.Size{Neighbourhoods: 3, Residents: 40, Initiatives: 3, Ideas: 30, Supports: 200, Comments: 60}

func tinyOptions(t *testing.T) options {
	return options{dbPath: filepath.Join(t.TempDir(), "bench.db"), sizeName: "tiny", size: tiny,
		duration: 200 * time.Millisecond, concurrency: 4, rate: 40}
}

// A short run measures every scenario under both models without errors
// (so sessions and CSRF tokens work) and finds the counts exact.
func TestBenchMeasuresEveryScenario(t *testing.T) {
	o := tinyOptions(t)
	var out bytes.Buffer
	if err := bench(context.Background(), o, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	rows := 0
	for _, line := range strings.Split(report, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) != 7 || !strings.HasPrefix(cells[1], "closed") && !strings.HasPrefix(cells[1], "open") {
			continue
		}
		rows++
		if cells[5] != "0" {
			t.Errorf("errors in %q", line)
		}
	}
	if rows != 30 {
		t.Errorf("%d measured rows, want 15 scenarios × 2 models:\n%s", rows, report)
	}
	for _, want := range []string{"| static ceiling | closed, 4 clients |", "| home | open, 40/s", "| neighbourhood |",
		"| initiative, 20 ideas |", "| idea, 50 comments |", "| home, logged in |", "| idea, 50 comments, logged in |", "| support toggle |",
		"| Meedoen (open tasks) |", "| initiative iCal feed, 500 activities |", "| task sign-up |", "popular task after the sign-ups: capacity 50, ",
		"): exact", "20 of 20 ideas exact"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// An existing database is only measured again when asked to.
func TestBenchReusesOnlyWhenAsked(t *testing.T) {
	o := tinyOptions(t)
	o.duration = 50 * time.Millisecond
	if err := bench(context.Background(), o, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := bench(context.Background(), o, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "-reuse") {
		t.Errorf("second run on the same file: %v, want a refusal naming -reuse", err)
	}
	o.reuse = true
	var progress bytes.Buffer
	if err := bench(context.Background(), o, io.Discard, &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "reusing") || strings.Contains(progress.String(), "seeded") {
		t.Errorf("reuse run said:\n%s", progress.String())
	}
}

func TestOptions(t *testing.T) {
	o, err := parseOptions(nil, io.Discard)
	if err != nil || o.size != demo.BenchSize || o.duration != 10*time.Second || o.concurrency != 32 || o.rate != 500 {
		t.Errorf("defaults: %+v, %v", o, err)
	}
	for _, args := range [][]string{{"-size", "huge"}, {"-rate", "0"}, {"extra"}, {"-nope"}} {
		if _, err := parseOptions(args, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

// -dashboard seeds a log, rolls it up and prints a row per view and
// database (PostgreSQL when TEST_DATABASE_URL is set).
func TestBenchDashboard(t *testing.T) {
	o, err := parseOptions([]string{"-dashboard", "-dashboard-rows", "3000", "-runs", "3"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := bench(context.Background(), o, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	databases := []string{"SQLite"}
	if o.postgres != "" {
		databases = append(databases, "PostgreSQL")
	}
	for _, d := range databases {
		for _, want := range []string{"| " + d + " | neighbourhood, quarter | ", "| " + d + " | municipality, year | ", d + ": seeded in "} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, out.String())
			}
		}
	}
	if !strings.Contains(out.String(), "activity log of 3000 rows") {
		t.Errorf("report does not say the size:\n%s", out.String())
	}
}
