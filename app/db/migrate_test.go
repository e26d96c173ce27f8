package db_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// Every migration must be reversible on both databases: down removes what
// up made, and up again restores it.
func TestMigrationsAreReversible(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		m, err := db.NewMigrator(bdb)
		if err != nil {
			t.Fatal(err)
		}
		assertAllApplied(t, m, true)
		if _, err := m.Down(ctx); err != nil {
			t.Fatalf("down: %v", err)
		}
		assertAllApplied(t, m, false)
		if tableExists(t, bdb, "neighbourhoods") {
			t.Error("neighbourhoods still exists after migrating down")
		}
		applied, err := m.Up(ctx)
		if err != nil {
			t.Fatalf("up again: %v", err)
		}
		if len(applied) == 0 {
			t.Error("up after down applied nothing")
		}
		assertAllApplied(t, m, true)
		if !tableExists(t, bdb, "neighbourhoods") {
			t.Error("neighbourhoods missing after migrating up again")
		}
		again, err := m.Up(ctx)
		if err != nil || len(again) != 0 {
			t.Errorf("second up = %v, %v; want nothing to apply", again, err)
		}
	})
}

func assertAllApplied(t *testing.T, m *db.Migrator, want bool) {
	t.Helper()
	st, err := m.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st) == 0 {
		t.Fatal("no migrations found in the embedded folder")
	}
	for _, s := range st {
		if s.Applied != want {
			t.Errorf("migration %s applied = %v, want %v", s.Name, s.Applied, want)
		}
	}
}

func tableExists(t *testing.T, bdb *bun.DB, table string) bool {
	t.Helper()
	var n int
	var err error
	if bdb.Dialect().Name().String() == "pg" {
		err = bdb.NewRaw("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?", table).Scan(context.Background(), &n)
	} else {
		err = bdb.NewRaw("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(context.Background(), &n)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n == 1
}
