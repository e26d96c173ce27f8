package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/buurtboost/buurtboost/app/demo"
)

// printReport prints what was measured as a Markdown table, ready for the
// README, with the machine and the size it was measured on.
func printReport(out io.Writer, o options, show demo.Showcase, ideas int, rows []measurement, check checks) {
	fmt.Fprintf(out, "buurtbench, %s, %s %s/%s, %d CPUs (GOMAXPROCS %d) shared by server and load generator\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(out, "size %s on SQLite; initiative %s (%d ideas, first page %d), idea with %d comments, neighbourhood %s\n",
		o.sizeName, show.InitiativeSlug, show.InitiativeIdeas, ideas, show.IdeaComments, show.NeighbourhoodSlug)
	fmt.Fprintf(out, "each scenario %s per model; closed: %d clients; open: %d requests/s\n\n", o.duration, o.concurrency, o.rate)
	fmt.Fprintln(out, "| scenario | model | requests/s | p50 | p99 | errors | of static |")
	fmt.Fprintln(out, "|---|---|---:|---:|---:|---:|---:|")
	ceiling := map[string]float64{}
	for _, m := range rows {
		if m.scenario == rows[0].scenario {
			ceiling[m.model] = m.perSecond()
		}
	}
	for _, m := range rows {
		model := fmt.Sprintf("closed, %d clients", o.concurrency)
		if m.model == "open" {
			model = fmt.Sprintf("open, %d/s", o.rate)
			if m.saturated {
				model += " (saturated)"
			}
		}
		share := 0.0
		if c := ceiling[m.model]; c > 0 {
			share = 100 * m.perSecond() / c
		}
		fmt.Fprintf(out, "| %s | %s | %.0f | %s | %s | %d | %.0f %% |\n",
			m.scenario, model, m.perSecond(), ms(m.p50), ms(m.p99), m.errors, share)
	}
	fmt.Fprintf(out, "\nsupport counts after the toggles: %d of %d ideas exact (supports_count = COUNT(*)), %d supports on them\n",
		check.supports.exact, check.supports.ideas, check.supports.supports)
	sc := check.signups
	fmt.Fprintf(out, "popular task after the sign-ups: capacity %d, %d confirmed and %d waiting (rows %d and %d): %s\n",
		sc.capacity, sc.signed, sc.waiting, sc.confirmed, sc.queued, map[bool]string{true: "exact", false: "NOT EXACT"}[sc.exact()])
	printTargets(out, rows, ceiling["closed"], check)
	for _, m := range rows {
		if m.errors > 0 {
			fmt.Fprintf(out, "first error of %s (%s): %s\n", m.scenario, m.model, m.firstError)
		}
	}
}

// The targets of the issues, at the closed model's concurrency.
const (
	targetShare    = 30 // % of the static ceiling's requests/s, for every page
	targetP99      = 25 * time.Millisecond
	targetToggles  = 2000 // support toggles per second
	togglesRowName = "support toggle"
)

// checks are the counts checked after the writes.
type checks struct {
	supports supportCheck
	signups  signupCheck
}

// printTargets says, per closed-model row, which targets it meets.
func printTargets(out io.Writer, rows []measurement, ceiling float64, check checks) {
	fmt.Fprintf(out, "targets (closed model): pages >= %d %% of static, p99 < %s, toggles >= %d/s and sign-ups >= %d/s with exact counts\n",
		targetShare, targetP99, targetToggles, targetSignups)
	for _, m := range rows[1:] {
		if m.model != "closed" {
			continue
		}
		var misses []string
		switch {
		case m.scenario == togglesRowName:
			if m.perSecond() < targetToggles || check.supports.exact != check.supports.ideas {
				misses = append(misses, fmt.Sprintf("%.0f toggles/s", m.perSecond()))
			}
		case m.scenario == signupsRowName:
			if m.perSecond() < targetSignups || !check.signups.exact() {
				misses = append(misses, fmt.Sprintf("%.0f sign-ups/s", m.perSecond()))
			}
		case ceiling > 0 && 100*m.perSecond()/ceiling < targetShare:
			misses = append(misses, fmt.Sprintf("%.0f %% of static", 100*m.perSecond()/ceiling))
		}
		if m.p99 >= targetP99 {
			misses = append(misses, "p99 "+ms(m.p99))
		}
		verdict := "met"
		if len(misses) > 0 {
			verdict = "missed: " + strings.Join(misses, ", ")
		}
		fmt.Fprintf(out, "  %s: %s\n", m.scenario, verdict)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
