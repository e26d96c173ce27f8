package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/idea"
)

// residentsLoggedIn is how many different residents read pages and toggle
// supports.
const residentsLoggedIn = 200

// loggedInSuffix names the scenarios of pages read by logged-in residents.
const loggedInSuffix = ", logged in"

// bench seeds (or reuses) the database, serves it and measures every
// scenario under both models. The table goes to out, progress to progress.
func bench(ctx context.Context, o options, out, progress io.Writer) error {
	dir, err := os.MkdirTemp("", "buurtbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if o.dashboard {
		return benchDashboard(ctx, o, dir, out, progress)
	}
	if o.dbPath == "" {
		o.dbPath = filepath.Join(dir, "bench.db")
	}
	bdb, err := openDatabase(ctx, o, progress)
	if err != nil {
		return err
	}
	defer bdb.Close()
	if o.search {
		return benchSearch(ctx, bdb, out, progress)
	}
	show, err := demo.FindShowcase(ctx, bdb)
	if err != nil {
		return err
	}
	s, l, err := newServer(bdb, o.dbPath, filepath.Join(dir, "uploads"))
	if err != nil {
		return err
	}
	if err := s.serveWithCeiling(l, "/initiatief/"+show.InitiativeSlug); err != nil {
		_ = l.Close()
		return err
	}
	defer s.stop()
	vol, err := prepareVolunteering(ctx, bdb, s.svc.Volunteers, show, progress)
	if err != nil {
		return err
	}
	sc, ideas, err := scenarios(ctx, s, show, vol)
	if err != nil {
		return err
	}
	stopProfile, err := startProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	rows, err := measure(ctx, s, sc, o, progress)
	if perr := stopProfile(); err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	var check checks
	if check.supports, err = checkSupports(ctx, bdb, ideas); err != nil {
		return err
	}
	if check.signups, err = checkSignups(ctx, bdb, vol.task); err != nil {
		return err
	}
	printReport(out, o, show, len(ideas), rows, check)
	return nil
}

// scenarios are the pages of the showcase, each fetched once to check it
// answers, and support toggles on the ideas of the initiative's first page.
func scenarios(ctx context.Context, s *server, show demo.Showcase, vol volunteering) ([]scenario, []uuid.UUID, error) {
	page1, err := s.svc.Ideas.List(ctx, idea.Query{InitiativeID: show.InitiativeID, Limit: idea.DefaultLimit})
	if err != nil {
		return nil, nil, err
	}
	ideas := make([]uuid.UUID, len(page1.Ideas))
	for i, it := range page1.Ideas {
		ideas[i] = it.ID
	}
	residents, err := logIn(ctx, s, residentsLoggedIn)
	if err != nil {
		return nil, nil, err
	}
	paths := []struct{ name, path string }{
		{"static ceiling", staticPath},
		{"home", "/"},
		{"neighbourhood", "/buurt/" + show.NeighbourhoodSlug},
		{fmt.Sprintf("initiative, %d ideas", len(ideas)), "/initiatief/" + show.InitiativeSlug},
		{fmt.Sprintf("idea, %d comments", show.IdeaComments), "/idee/" + show.IdeaID.String()},
		{"Meedoen (open tasks)", "/buurt/" + show.NeighbourhoodSlug + "/meedoen"},
		{activitiesRowName, "/initiatief/" + show.InitiativeSlug + "/agenda.ics"},
	}
	var out, loggedIn []scenario
	for _, p := range paths {
		if err := probe(ctx, s.base+p.path); err != nil {
			return nil, nil, err
		}
		out = append(out, page(p.name, s.base, p.path))
		if p.path != staticPath {
			loggedIn = append(loggedIn, pageAs(p.name+loggedInSuffix, s.base, p.path, residents))
		}
	}
	out = append(out, loggedIn...)
	return append(out, toggles(s.base, residents, ideas), signups(s.base, residents, vol.task)), ideas, nil
}

// probe fails unless url answers 200, so that a broken page is not
// measured as a fast one.
func probe(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, res.StatusCode)
	}
	return nil
}

// settleTime bounds the wait for the server to finish requests that a
// saturated run's clients gave up on, before the next run starts.
const settleTime = 30 * time.Second

// measure runs every scenario closed, then open, each on an idle server.
func measure(ctx context.Context, s *server, scs []scenario, o options, progress io.Writer) ([]measurement, error) {
	var rows []measurement
	for i, sc := range scs {
		if i > 0 && o.only != nil && !o.only.MatchString(sc.name) {
			continue
		}
		for _, run := range []func() measurement{
			func() measurement { return closedModel(sc, o.duration, o.concurrency) },
			func() measurement { return openModel(sc, o.duration, o.rate) },
		} {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if !s.settle(settleTime) {
				fmt.Fprintf(progress, "the server is still busy after %s; measuring anyway\n", settleTime)
			}
			m := run()
			fmt.Fprintf(progress, "ran %s (%s): %.0f requests/s, p99 %s, %d errors\n",
				m.scenario, m.model, m.perSecond(), m.p99.Round(10*time.Microsecond), m.errors)
			rows = append(rows, m)
		}
	}
	return rows, nil
}

// startProfile starts a CPU profile into path ("" for none) and returns
// the function that ends it.
func startProfile(path string) (func() error, error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
