package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/login"
	"github.com/buurtboost/buurtboost/app/municipality"
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

func (a *app) municipality() *municipality.Service { return municipality.NewService(a.db, clock) }

// accounts makes municipality staff of users who log in through the
// generic OpenID Connect provider with an address in STAFF_EMAIL_DOMAINS.
func (a *app) accounts() *account.Service {
	return account.NewService(a.db, clock, account.Options{
		StaffProvider: login.OIDCName, StaffEmailDomains: a.cfg.Login.StaffEmailDomains,
	})
}

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
