// Command buurtbench measures how fast Buurtboost serves its busiest pages
// on SQLite. It seeds a database of a realistic size (demo.BenchSize),
// starts the real server on a loopback port and loads it with keep-alive
// clients for a fixed time per scenario: at a fixed concurrency (closed
// model) and at a fixed arrival rate (open model, where queueing shows in
// p99). It prints requests/s and latencies per page next to a static
// ceiling — the same server returning a pre-rendered copy of a page — and
// checks that the support counters stayed exact under load. With -search it
// measures the search engine instead, and with -dashboard the municipality
// dashboard on a synthetic activity log (on PostgreSQL too with -postgres).
//
// It sends traffic only to 127.0.0.1 and stops by itself. See the README,
// section Performance.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	o, err := parseOptions(os.Args[1:], os.Stderr)
	if err == nil {
		err = bench(ctx, o, os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "buurtbench:", err)
		os.Exit(1)
	}
}
