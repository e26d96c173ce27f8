package db

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"

	"github.com/buurtboost/buurtboost/migrations"
)

// Migrator wraps bun's migrator with Buurtboost's embedded migrations and
// the dialect's template data.
type Migrator struct{ m *migrate.Migrator }

// NewMigrator prepares the migrations for db.
func NewMigrator(db *bun.DB) (*Migrator, error) {
	ms, err := migrations.New()
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	m := migrate.NewMigrator(db, ms,
		migrate.WithTemplateData(migrations.DialectFor(db.Dialect().Name())),
		migrate.WithMarkAppliedOnSuccess(true))
	return &Migrator{m: m}, nil
}

// Up applies every pending migration as one group, under a lock so that two
// processes starting together do not both migrate. It returns the names of
// the migrations applied.
func (mg *Migrator) Up(ctx context.Context) ([]string, error) {
	if err := mg.m.Init(ctx); err != nil {
		return nil, fmt.Errorf("init migrations table: %w", err)
	}
	if err := mg.m.Lock(ctx); err != nil {
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	defer func() { _ = mg.m.Unlock(ctx) }()
	group, err := mg.m.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate up: %w", err)
	}
	return names(group), nil
}

// Down rolls back the last group of migrations applied.
func (mg *Migrator) Down(ctx context.Context) ([]string, error) {
	if err := mg.m.Init(ctx); err != nil {
		return nil, fmt.Errorf("init migrations table: %w", err)
	}
	if err := mg.m.Lock(ctx); err != nil {
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	defer func() { _ = mg.m.Unlock(ctx) }()
	group, err := mg.m.Rollback(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	return names(group), nil
}

// Status describes one migration: its name and whether it has been applied.
type Status struct {
	Name    string
	Comment string
	Applied bool
}

// Status lists every migration in order with whether it has been applied.
func (mg *Migrator) Status(ctx context.Context) ([]Status, error) {
	if err := mg.m.Init(ctx); err != nil {
		return nil, fmt.Errorf("init migrations table: %w", err)
	}
	ms, err := mg.m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]Status, 0, len(ms))
	for _, m := range ms {
		out = append(out, Status{Name: m.Name, Comment: m.Comment, Applied: m.IsApplied()})
	}
	return out, nil
}

func names(g *migrate.MigrationGroup) []string {
	if g == nil {
		return nil
	}
	out := make([]string, 0, len(g.Migrations))
	for _, m := range g.Migrations {
		out = append(out, m.Name+"_"+m.Comment)
	}
	return out
}
