package outbox

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// A drainer that dies after claiming a batch (before its handler returns)
// loses nothing: the batch is due again when the lease runs out, and not
// before, so a live drainer is never raced.
func TestCrashedDrainerLeaseExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		if err := Add(ctx, db, Message{Topic: "t", Key: "k"}); err != nil {
			t.Fatal(err)
		}
		crashed := New(db, clock, log)
		if got, err := crashed.claim(ctx, "t", 10); err != nil || len(got) != 1 {
			t.Fatalf("claim: %v %v", got, err)
		}
		// ... and the process dies here.
		o := New(db, clock, log)
		var seen []Entry
		o.Register("t", Handler{Handle: func(_ context.Context, b []Entry) error {
			seen = append(seen, b...)
			return nil
		}})
		now = now.Add(Lease - time.Second)
		if n, err := o.Drain(ctx); err != nil || n != 0 {
			t.Fatalf("leased message delivered by another drainer: %d %v", n, err)
		}
		now = now.Add(time.Second)
		if n, err := o.Drain(ctx); err != nil || n != 1 {
			t.Fatalf("expired lease not delivered: %d %v", n, err)
		}
		if seen[0].Attempts != 1 {
			t.Fatalf("attempts = %d, want the crashed attempt counted", seen[0].Attempts)
		}
	})
}
