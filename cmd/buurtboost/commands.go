package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/worker"
)

func (m *Main) migrate(ctx context.Context, args []string) error {
	fs := m.flags("migrate", "migrate up|down|status", "up      applies every pending migration (the release step in production)\ndown    rolls back the last group of migrations applied\nstatus  lists every migration and whether it has been applied")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "up" && fs.Arg(0) != "down" && fs.Arg(0) != "status") {
		fs.Usage()
		return errUsage
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	mg, err := db.NewMigrator(a.db)
	if err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "up":
		return m.report(mg.Up(ctx))("applied", "nothing to apply: the database is up to date")
	case "down":
		return m.report(mg.Down(ctx))("rolled back", "nothing to roll back")
	}
	st, err := mg.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range st {
		state := "pending"
		if s.Applied {
			state = "applied"
		}
		fmt.Fprintf(m.Stdout, "%-8s %s_%s\n", state, s.Name, s.Comment)
	}
	return nil
}

// report prints the migrations a step touched, or none.
func (m *Main) report(names []string, err error) func(verb, none string) error {
	return func(verb, none string) error {
		if err != nil {
			return err
		}
		if len(names) == 0 {
			fmt.Fprintln(m.Stdout, none)
		}
		for _, n := range names {
			fmt.Fprintln(m.Stdout, verb, n)
		}
		return nil
	}
}

func (m *Main) seed(ctx context.Context, args []string) error {
	fs := m.flags("seed", "seed --demo", "Fills the database with the demo municipality \"Gemeente Voorbeeld\":\nneighbourhoods, themes, demo users and, when there are no initiatives\nyet, a year of residents' initiatives, ideas, supports and comments.\nRunning it twice changes nothing.")
	withDemo := fs.Bool("demo", false, "seed the demo municipality")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*withDemo {
		fs.Usage()
		return errUsage
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.services()
	res, err := demo.SeedAll(ctx, a.db, svc.Municipality, svc.Accounts, clock())
	if err != nil {
		return err
	}
	if err := demo.SeedVolunteering(ctx, a.db, clock()); err != nil {
		return err
	}
	if err := a.indexSeed(ctx); err != nil {
		return err
	}
	p := res.Participation
	fmt.Fprintf(m.Stdout, "seeded: settings %v, %d neighbourhoods, %d themes, %d demo users added; "+
		"participation: %d residents, %d initiatives, %d ideas, %d supports, %d comments added\n",
		res.Settings, res.Neighbourhoods, res.Themes, res.Users,
		p.Residents, p.Initiatives, p.Ideas, p.Supports, p.Comments)
	return nil
}

func (m *Main) worker(ctx context.Context, args []string) error {
	fs := m.flags("worker", "worker", "Runs the background worker until SIGTERM or SIGINT.")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	// Unsubscribe links in e-mails are signed with the session secret.
	if err := a.cfg.EnsureSessionSecret(); err != nil {
		return err
	}
	ob, err := a.outbox()
	if err != nil {
		return err
	}
	return worker.New(a.log, workerInterval, ob, a.jobs()...).Run(ctx)
}

func (m *Main) version(_ context.Context, args []string) error {
	fs := m.flags("version", "version", "Prints the version of this binary.")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "buurtboost", buildVersion())
	return nil
}

// buildVersion is the module version and, when built from a checkout, the
// commit it was built from.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v + " " + info.GoVersion
}
