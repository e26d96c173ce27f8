package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/site"
	"github.com/buurtboost/buurtboost/app/worker"
)

// workerInterval is how often the background worker wakes.
const workerInterval = 5 * time.Second

func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.flags("serve", "serve", "Runs the web server on PORT. On the embedded SQLite default it also\napplies pending migrations, seeds the demo municipality into an empty\ndatabase on localhost, and runs the background worker in-process.")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.cfg.EnsureSessionSecret(); err != nil {
		return err
	}
	if err := a.prepareDatabase(ctx); err != nil {
		return err
	}
	srv, err := site.NewServer(a.cfg, a.log, a.db, a.services())
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", ":"+strconv.Itoa(a.cfg.Port))
	if err != nil {
		return fmt.Errorf("PORT: cannot listen on %d: %w", a.cfg.Port, err)
	}
	a.log.Info("serving", "url", a.cfg.BaseURL.String(), "addr", l.Addr().String(), "postgres", a.cfg.IsPostgres())
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return srv.Serve(gctx, l) })
	if !a.cfg.IsPostgres() {
		ob, err := a.outbox()
		if err != nil {
			return err
		}
		g.Go(func() error { return worker.New(a.log, workerInterval, ob, a.jobs()...).Run(gctx) })
	}
	err = g.Wait()
	a.log.Info("stopped")
	return err
}

// prepareDatabase migrates the embedded SQLite database (and seeds it with
// the demo municipality when it is empty and the site is local). On
// PostgreSQL, migrating is the release step: serve refuses to run against
// a schema that is behind.
func (a *app) prepareDatabase(ctx context.Context) error {
	mg, err := db.NewMigrator(a.db)
	if err != nil {
		return err
	}
	if a.cfg.IsPostgres() {
		return a.checkMigrated(ctx, mg)
	}
	applied, err := mg.Up(ctx)
	if err != nil {
		return err
	}
	for _, name := range applied {
		a.log.Info("migrated", "migration", name)
	}
	svc := a.services()
	n, err := svc.Municipality.CountNeighbourhoods(ctx)
	if err != nil || n > 0 || !a.cfg.IsLocal() {
		return err
	}
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
	a.log.Info("empty database: seeded the demo municipality", "neighbourhoods", res.Neighbourhoods, "themes", res.Themes,
		"initiatives", res.Participation.Initiatives, "ideas", res.Participation.Ideas)
	return nil
}

var errPending = errors.New("the database schema is behind: run 'buurtboost migrate up' first")

func (a *app) checkMigrated(ctx context.Context, mg *db.Migrator) error {
	st, err := mg.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range st {
		if !s.Applied {
			return fmt.Errorf("%w (pending: %s)", errPending, s.Name+"_"+s.Comment)
		}
	}
	return nil
}
