// Package db opens Buurtboost's database — the embedded SQLite file by
// default, PostgreSQL when DATABASE_URL says so — and applies the embedded
// migrations. It knows connections and schema, not domain rules.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/pgdriver"
	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"
)

// pingTimeout bounds how long start-up waits for an unreachable database.
const pingTimeout = 5 * time.Second

// queryTimeout is the longest a PostgreSQL query may wait for its answer.
const queryTimeout = time.Minute

// sqliteConns bounds the SQLite pool. Readers share the file in WAL mode,
// but every writer waits for the one write lock; SQLite's own busy wait is
// unfair under many waiters (some starve past the busy timeout), so beyond
// this many connections Go's pool queues callers in order instead.
const sqliteConns = 8

// pgIdleConns is how many PostgreSQL connections stay open between uses.
const pgIdleConns = 16

// Open connects to the database that databaseURL names: a postgres:// URL
// selects PostgreSQL, anything else is a SQLite file path. The connection is
// checked before Open returns, so a wrong URL fails at start-up.
func Open(ctx context.Context, databaseURL string) (*bun.DB, error) {
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		return OpenPostgres(ctx, databaseURL)
	}
	return OpenSQLite(ctx, sqlitePath(databaseURL))
}

func sqlitePath(databaseURL string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(databaseURL, "sqlite://"), "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// OpenPostgres connects to PostgreSQL with bun's pgdriver. Extra connection
// parameters (such as search_path in tests) come from params.
func OpenPostgres(ctx context.Context, dsn string, params ...map[string]any) (*bun.DB, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Host == "" {
		return nil, errors.New("DATABASE_URL: not a valid postgres:// URL")
	}
	// Only connecting is bounded by pingTimeout: WithTimeout would also cut
	// off any query that waits longer for a busy row.
	opts := []pgdriver.Option{pgdriver.WithDSN(dsn), pgdriver.WithDialTimeout(pingTimeout),
		pgdriver.WithReadTimeout(queryTimeout), pgdriver.WithWriteTimeout(queryTimeout)}
	for _, p := range params {
		opts = append(opts, pgdriver.WithConnParams(p))
	}
	sqldb := sql.OpenDB(pgdriver.NewConnector(opts...))
	// database/sql keeps 2 idle connections by default: a page that runs
	// its queries side by side (the dashboard's report runs about eight)
	// would connect anew, a new PostgreSQL backend each time, on every
	// request.
	sqldb.SetMaxIdleConns(pgIdleConns)
	db := bun.NewDB(sqldb, pgdialect.New())
	if err := ping(ctx, db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("DATABASE_URL: cannot reach PostgreSQL at %s: %w", u.Host, err)
	}
	return db, nil
}

// OpenSQLite opens (creating it and its folder when missing) a SQLite file
// in WAL mode with foreign keys on and a busy timeout. Transactions begin
// IMMEDIATE: they take the write lock up front instead of failing when a
// read lock cannot be upgraded under concurrent writers.
func OpenSQLite(ctx context.Context, path string) (*bun.DB, error) {
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		"&_pragma=busy_timeout(30000)&_pragma=synchronous(NORMAL)&_pragma=mmap_size(268435456)" +
		"&_txlock=immediate"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: cannot open SQLite file %s: %w", path, err)
	}
	sqldb.SetMaxOpenConns(sqliteConns)
	sqldb.SetMaxIdleConns(sqliteConns)
	db := bun.NewDB(sqldb, sqlitedialect.New())
	if err := ping(ctx, db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("DATABASE_URL: cannot open SQLite file %s: %w", path, err)
	}
	return db, nil
}

// checkWritable gives a clear error for the common mistakes: a folder that
// cannot be created, or a read-only folder or file. SQLite in WAL mode
// needs to create files next to the database, so the folder must be
// writable too.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("DATABASE_URL: cannot create folder %s for the SQLite database: %w", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".buurtboost-write-check-*")
	if err != nil {
		return fmt.Errorf("DATABASE_URL: folder %s is not writable; SQLite needs to write the database and its WAL files there", dir)
	}
	_ = probe.Close()
	_ = os.Remove(probe.Name())
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: SQLite file %s is not writable: %w", path, err)
	}
	return f.Close()
}

func ping(ctx context.Context, db *bun.DB) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return err
	}
	// A ping does not touch the file on SQLite; a real query does.
	var one int
	return db.NewRaw("SELECT 1").Scan(ctx, &one)
}

// Ping reports whether the database answers a query, for /readyz.
func Ping(ctx context.Context, db *bun.DB) error { return ping(ctx, db) }

// ForUpdate locks the rows q selects until the transaction ends, on
// PostgreSQL; SQLite's transactions hold the write lock from their start
// (BEGIN IMMEDIATE), so there it adds nothing.
func ForUpdate(q *bun.SelectQuery) *bun.SelectQuery {
	if q.DB().Dialect().Name() == dialect.PG {
		return q.For("UPDATE")
	}
	return q
}
