// Package dbtest gives store tests a fresh, migrated database of each kind:
// a SQLite file always, and PostgreSQL whenever TEST_DATABASE_URL is set.
// Every test gets its own SQLite file or PostgreSQL schema, so tests may run
// in parallel.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db"
)

// EnvPostgres names the variable that points the tests at PostgreSQL.
const EnvPostgres = "TEST_DATABASE_URL"

// Each runs fn as two subtests, "sqlite" and "postgres", each with a fresh
// migrated database. The postgres subtest is skipped, with a message saying
// so, when TEST_DATABASE_URL is not set.
func Each(t *testing.T, fn func(t *testing.T, db *bun.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, Postgres(t))
	})
}

// SQLite returns a migrated database in a new file under t.TempDir().
func SQLite(t testing.TB) *bun.DB {
	t.Helper()
	bdb, err := db.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { _ = bdb.Close() })
	migrate(t, bdb)
	return bdb
}

// Postgres returns a migrated database in a new schema of the PostgreSQL
// database at TEST_DATABASE_URL, dropped when the test ends. It skips the
// test when the variable is not set.
func Postgres(t testing.TB) *bun.DB {
	t.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		t.Skip("PostgreSQL not tested: set " + EnvPostgres + " (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run this test against PostgreSQL too")
	}
	ctx := context.Background()
	admin, err := db.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	schema := "test_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	// Tests need no durability: without waiting for each commit's flush
	// the contended-row tests run many times faster.
	bdb, err := db.OpenPostgres(ctx, dsn, map[string]any{"search_path": schema, "synchronous_commit": "off"})
	if err != nil {
		t.Fatalf("open postgres schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		_ = bdb.Close()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	migrate(t, bdb)
	return bdb
}

func migrate(t testing.TB, bdb *bun.DB) {
	t.Helper()
	m, err := db.NewMigrator(bdb)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// WarmPool opens n connections at once and returns them to the pool idle,
// so that the goroutines of a concurrency test really overlap instead of
// the first finishing while the others are still connecting. A bounded
// pool (SQLite) is warmed to its bound: asking for more would wait forever.
func WarmPool(t testing.TB, bdb *bun.DB, n int) {
	t.Helper()
	if max := bdb.Stats().MaxOpenConnections; max > 0 && n > max {
		n = max
	}
	bdb.SetMaxIdleConns(n)
	conns := make([]bun.Conn, n)
	for i := range conns {
		c, err := bdb.Conn(context.Background()) // each held, so each is new
		if err != nil {
			t.Fatalf("open connection: %v", err)
		}
		conns[i] = c
	}
	for _, c := range conns {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
