package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// inBulkTx runs fn in one transaction on a connection set up for writing
// many rows. On SQLite, the default 2 MB page cache and statement journals
// in files make every batch of a large transaction spill pages to disk:
// BenchSize would take many minutes instead of under one. SQLite decides
// where statement journals go when a transaction begins, so the settings
// are made before BEGIN, and put back afterwards for the connection's
// next user. PostgreSQL needs nothing.
func inBulkTx(ctx context.Context, bdb *bun.DB, fn func(context.Context, bun.Tx) error) error {
	conn, err := bdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if bdb.Dialect().Name() != dialect.SQLite {
		return conn.RunInTx(ctx, nil, fn)
	}
	var cacheSize, tempStore int
	if err := conn.NewRaw("PRAGMA cache_size").Scan(ctx, &cacheSize); err != nil {
		return err
	}
	if err := conn.NewRaw("PRAGMA temp_store").Scan(ctx, &tempStore); err != nil {
		return err
	}
	const memory, cacheKiB = 2, -512 * 1024 // negative: in KiB, so 512 MiB at most
	if err := setPragmas(ctx, conn, cacheKiB, memory); err != nil {
		return err
	}
	err = conn.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Checked at COMMIT instead of after every statement; see insert.
		if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		return fn(ctx, tx)
	})
	if perr := setPragmas(context.WithoutCancel(ctx), conn, cacheSize, tempStore); err == nil {
		err = perr
	}
	return err
}

func setPragmas(ctx context.Context, conn bun.Conn, cacheSize, tempStore int) error {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", cacheSize)); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA temp_store = %d", tempStore))
	return err
}

// insert runs q. On SQLite it runs it as INSERT OR FAIL: an INSERT that may
// ABORT needs a statement journal, a copy of every page the statement
// changes, so that it can undo just itself inside the transaction; with
// FAIL, and foreign keys checked at COMMIT (inBulkTx), SQLite keeps none.
// Any error still rolls the whole seed back.
func insert(ctx context.Context, tx bun.Tx, q *bun.InsertQuery) error {
	if tx.Dialect().Name() != dialect.SQLite {
		_, err := q.Exec(ctx)
		return err
	}
	query, ok := strings.CutPrefix(q.String(), "INSERT INTO ")
	if !ok {
		return fmt.Errorf("demo: unexpected insert %.40q", query)
	}
	// The text is complete, values included: run it without bun, which
	// would read a "?" in a comment as a placeholder.
	_, err := tx.Tx.ExecContext(ctx, "INSERT OR FAIL INTO "+query)
	return err
}
