package db_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db"
)

// A write transaction that waits for another one waits in Go: it gives up
// when its context ends, and starts as soon as the other one ends.
func TestSQLiteWriteTransactionsQueueAtTheGate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bdb, err := db.Open(ctx, filepath.Join(t.TempDir(), "gate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if _, err := bdb.NewRaw("CREATE TABLE counter (n INTEGER NOT NULL)").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := bdb.NewRaw("INSERT INTO counter (n) VALUES (0)").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	first, err := bdb.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := bdb.BeginTx(short, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second transaction while the first runs: %v, want the context's deadline", err)
	}
	started := make(chan time.Time)
	go func() {
		tx, err := bdb.BeginTx(ctx, nil)
		started <- time.Now()
		if err == nil {
			_ = tx.Rollback()
		}
	}()
	time.Sleep(50 * time.Millisecond)
	ended := time.Now()
	if err := first.Rollback(); err != nil {
		t.Fatal(err)
	}
	if wait := (<-started).Sub(ended); wait > 20*time.Millisecond {
		t.Errorf("the waiting transaction started %s after the first ended", wait)
	}
}

// Many concurrent read-modify-write transactions lose no update.
func TestSQLiteConcurrentWriteTransactionsAreExact(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bdb, err := db.Open(ctx, filepath.Join(t.TempDir(), "exact.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	for _, q := range []string{"CREATE TABLE counter (n INTEGER NOT NULL)", "INSERT INTO counter (n) VALUES (0)"} {
		if _, err := bdb.NewRaw(q).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	const workers, each = 32, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Go(func() {
			for range each {
				errs <- bdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
					var n int
					if err := tx.NewRaw("SELECT n FROM counter").Scan(ctx, &n); err != nil {
						return err
					}
					_, err := tx.NewRaw("UPDATE counter SET n = ?", n+1).Exec(ctx)
					return err
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := bdb.NewRaw("SELECT n FROM counter").Scan(ctx, &n); err != nil || n != workers*each {
		t.Errorf("counter = %d, %v; want %d", n, err, workers*each)
	}
}
