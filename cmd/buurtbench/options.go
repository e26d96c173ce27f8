package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"time"

	"github.com/buurtboost/buurtboost/app/demo"
)

// options are the command's flags.
type options struct {
	dbPath        string // "" for a file in a new temporary folder
	reuse         bool
	sizeName      string
	size          demo.Size
	duration      time.Duration  // per scenario and model
	concurrency   int            // clients of the closed model
	rate          int            // arrivals per second of the open model
	cpuProfile    string         // file for a CPU profile of the measuring, or ""
	search        bool           // measure the embedded search engine instead of the pages
	dashboard     bool           // measure the municipality dashboard instead of the pages
	dashboardRows int            // log rows of -dashboard
	runs          int            // reports of each view that -dashboard measures
	postgres      string         // PostgreSQL URL that -dashboard measures too, or ""
	only          *regexp.Regexp // measure only the scenarios whose names match (and the static ceiling)
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("buurtbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: buurtbench [flags]\n\nSeeds a SQLite database, serves it on 127.0.0.1 and measures the busiest pages.")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.dbPath, "db", "", "SQLite file to seed and serve (default: a file in a new temporary folder)")
	fs.BoolVar(&o.reuse, "reuse", false, "measure an existing seeded -db file again instead of refusing it (seeds it when missing)")
	fs.StringVar(&o.sizeName, "size", "bench", "bench (50 neighbourhoods, 2,000 initiatives, 100,000 ideas, 1,000,000 supports) or demo")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long each scenario runs, per model")
	fs.IntVar(&o.concurrency, "concurrency", 32, "clients of the closed model, each sending its next request when the last one is answered")
	fs.IntVar(&o.rate, "rate", 500, "requests per second of the open model, sent whether or not earlier ones were answered")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured part (server and clients) to this file, for go tool pprof")
	only := fs.String("only", "", "measure only the scenarios whose names match this regular expression (the static ceiling always runs)")
	fs.BoolVar(&o.search, "search", false, "measure the embedded search engine (full reindex, outbox indexing, queries) instead of the pages")
	fs.BoolVar(&o.dashboard, "dashboard", false, "measure the municipality dashboard on a synthetic activity log instead of the pages")
	fs.IntVar(&o.dashboardRows, "dashboard-rows", 1_000_000, "activity log rows that -dashboard seeds (50 neighbourhoods, two years)")
	fs.IntVar(&o.runs, "runs", 100, "reports of each view that -dashboard measures")
	fs.StringVar(&o.postgres, "postgres", os.Getenv("TEST_DATABASE_URL"),
		"PostgreSQL URL where -dashboard also measures, in a new schema dropped afterwards (default: $TEST_DATABASE_URL; empty: SQLite only)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	if o.only, err = regexp.Compile(*only); err != nil {
		return o, fmt.Errorf("-only: %w", err)
	}
	switch o.sizeName {
	case "bench":
		o.size = demo.BenchSize
	case "demo":
		o.size = demo.DemoSize
	default:
		return o, fmt.Errorf("-size: bench or demo, got %q", o.sizeName)
	}
	if fs.NArg() > 0 || o.duration <= 0 || o.concurrency < 1 || o.rate < 1 || o.dashboardRows < 1 || o.runs < 1 {
		fs.Usage()
		return o, errors.New("-duration, -concurrency, -rate, -dashboard-rows and -runs must be positive; no arguments")
	}
	return o, nil
}
