package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/site"
	"github.com/buurtboost/buurtboost/app/worker"
)

// app is what most commands need: configuration, a logger and the database.
type app struct {
	cfg *config.Config
	log *slog.Logger
	db  *bun.DB
}

// open loads the configuration and opens the database.
func (m *Main) open(ctx context.Context) (*app, error) {
	cfg, err := config.Load(m.Getenv)
	if err != nil {
		return nil, err
	}
	log := m.logger(cfg)
	bdb, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, log: log, db: bdb}, nil
}

func (a *app) Close() error { return a.db.Close() }

// services builds the domain services on the app's database.
func (a *app) services() *site.Services { return site.NewServices(a.cfg, a.db, clock) }

// outbox is what the worker drains, with every topic's handler.
func (a *app) outbox() (*outbox.Outbox, error) {
	return site.NewOutbox(a.cfg, a.log, a.db, a.services(), clock)
}

// jobs are the worker's periodic jobs (the retention sweep).
func (a *app) jobs() []worker.Job { return site.Jobs(a.cfg, a.log, a.services()) }

func (m *Main) logger(cfg *config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if cfg.Dev {
		opts.Level = slog.LevelDebug
	}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(m.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(m.Stderr, opts))
}

// clock is the wall clock in UTC, passed to services.
func clock() time.Time { return time.Now().UTC() }
