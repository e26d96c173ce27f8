package idea_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

// Fifty browsers toggle supports on one idea at once for a hundred
// residents, 10,000 times in all. The counter must equal the rows it
// counts, never go below zero, and agree with the activity log. Errors
// are not retried: a "database is locked" is counted and reported apart,
// because it means the database setup cannot take this load.
func TestConcurrentSupportTogglesKeepTheCountExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		const residents, workers, toggles = 100, 50, 200
		users := make([]account.User, residents)
		for i := range users {
			users[i] = f.resident(fmt.Sprint("Inwoner ", i))
		}
		it := f.propose(users[0], f.initiative("speeltuin"), "Een bankje")
		var failed, busy, negative atomic.Int64
		var firstErr sync.Once
		start := time.Now()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(2026, uint64(w))) // the same choices every run
				for range toggles {
					u := users[rng.IntN(residents)]
					var n int
					var err error
					if rng.IntN(2) == 0 {
						n, err = f.svc.Support(f.ctx, u, it.ID)
					} else {
						n, err = f.svc.Withdraw(f.ctx, u, it.ID)
					}
					switch {
					case isBusy(err):
						busy.Add(1)
					case err != nil:
						failed.Add(1)
						firstErr.Do(func() { t.Errorf("first failure: %v", err) })
					case n < 0:
						negative.Add(1)
					}
				}
			})
		}
		wg.Wait()
		t.Logf("%d toggles by %d workers in %v", workers*toggles, workers, time.Since(start).Round(time.Millisecond))
		if n := busy.Load(); n > 0 {
			t.Errorf("%d toggles failed with SQLITE_BUSY (database is locked)", n)
		}
		if n := failed.Load(); n > 0 {
			t.Errorf("%d toggles failed", n)
		}
		if n := negative.Load(); n > 0 {
			t.Errorf("%d toggles returned a negative count", n)
		}
		rows := f.count("supports", "idea_id = ?", it.ID)
		counter := f.stored(it.ID).SupportsCount
		given, withdrawn := f.activities("support_given", it.ID), f.activities("support_withdrawn", it.ID)
		t.Logf("end: %d support rows, supports_count %d; log: %d given, %d withdrawn", rows, counter, given, withdrawn)
		if counter != rows || counter < 0 {
			t.Errorf("supports_count = %d, but there are %d support rows", counter, rows)
		}
		if given-withdrawn != rows {
			t.Errorf("activity log: %d given - %d withdrawn = %d, want %d", given, withdrawn, given-withdrawn, rows)
		}
		if given == 0 || withdrawn == 0 {
			t.Error("the run did not both give and withdraw supports")
		}
	})
}
