package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// openDatabase opens the SQLite file, migrated, and seeds it unless it is
// an earlier seed that -reuse allows to measure again.
func openDatabase(ctx context.Context, o options, out io.Writer) (*bun.DB, error) {
	_, err := os.Stat(o.dbPath)
	exists := err == nil
	if exists && !o.reuse {
		return nil, fmt.Errorf("%s exists: pass -reuse to measure it again, or remove it", o.dbPath)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	bdb, err := db.OpenSQLite(ctx, o.dbPath)
	if err != nil {
		return nil, err
	}
	if err := migrateAndSeed(ctx, bdb, o, out); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	return bdb, nil
}

func migrateAndSeed(ctx context.Context, bdb *bun.DB, o options, out io.Writer) error {
	mg, err := db.NewMigrator(bdb)
	if err != nil {
		return err
	}
	if _, err := mg.Up(ctx); err != nil {
		return err
	}
	seeded, err := bdb.NewSelect().Table("initiatives").Exists(ctx)
	if err != nil {
		return err
	}
	if seeded {
		fmt.Fprintf(out, "database: reusing %s\n", o.dbPath)
		return nil
	}
	start := time.Now()
	now := func() time.Time { return start.UTC() }
	if _, err := demo.Seed(ctx, municipality.NewService(bdb, now), account.NewService(bdb, now, account.Options{})); err != nil {
		return err
	}
	r, err := demo.SeedParticipation(ctx, bdb, o.size, start)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "database: seeded %s size in %s: %d residents, %d initiatives, %d ideas, %d supports, %d comments, %d activity rows\n",
		o.sizeName, time.Since(start).Round(100*time.Millisecond), r.Residents, r.Initiatives, r.Ideas, r.Supports, r.Comments, r.Activity)
	// Start measuring without a WAL of the whole seed in front of the file.
	_, err = bdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}
