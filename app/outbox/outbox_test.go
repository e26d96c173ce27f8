package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/sync/errgroup"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/testclock"
)

func newClock() *testclock.Clock {
	return testclock.New(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func add(t *testing.T, db *bun.DB, m outbox.Message) {
	t.Helper()
	if err := outbox.Add(context.Background(), db, m); err != nil {
		t.Fatal(err)
	}
}

func drain(t *testing.T, o *outbox.Outbox) int {
	t.Helper()
	n, err := o.Drain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func backlog(t *testing.T, o *outbox.Outbox, topic string) int {
	t.Helper()
	n, err := o.Backlog(context.Background(), topic)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// recorder is a handler that records what it delivered.
type recorder struct {
	mu   sync.Mutex
	keys []string
	fail int // fail this many calls first
}

func (r *recorder) handle(_ context.Context, batch []outbox.Entry) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("smtp: connection refused")
	}
	for _, e := range batch {
		r.keys = append(r.keys, e.Key)
	}
	return nil
}

func (r *recorder) delivered() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.keys...)
}

func TestAddIsIdempotentWhilePending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClock()
		o := outbox.New(db, c.Now, quiet())
		rec := &recorder{}
		o.Register("search", outbox.Handler{Handle: rec.handle})
		add(t, db, outbox.Message{Topic: "search", Key: "idea:1", Payload: map[string]string{"id": "1"}})
		add(t, db, outbox.Message{Topic: "search", Key: "idea:1", Payload: map[string]string{"id": "other"}})
		add(t, db, outbox.Message{Topic: "notify", Key: "idea:1"}) // another topic, another message
		if n := backlog(t, o, "search"); n != 1 {
			t.Fatalf("backlog search = %d, want 1", n)
		}
		if n := backlog(t, o, ""); n != 2 {
			t.Fatalf("backlog all = %d, want 2", n)
		}
		if n := drain(t, o); n != 1 {
			t.Fatalf("drained %d, want 1 (notify has no handler)", n)
		}
		if got := rec.delivered(); len(got) != 1 || got[0] != "idea:1" {
			t.Fatalf("delivered %v", got)
		}
		// Delivered: the same key may be added again and is delivered again.
		add(t, db, outbox.Message{Topic: "search", Key: "idea:1"})
		if n := drain(t, o); n != 1 {
			t.Fatalf("second drain delivered %d, want 1", n)
		}
		if n := backlog(t, o, "search"); n != 0 {
			t.Fatalf("backlog = %d after delivery", n)
		}
	})
}

func TestPayloadRoundTrips(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		o := outbox.New(db, newClock().Now, quiet())
		var got []outbox.Entry
		o.Register("t", outbox.Handler{Handle: func(_ context.Context, b []outbox.Entry) error {
			got = append(got, b...)
			return nil
		}})
		add(t, db, outbox.Message{Topic: "t", Key: "k", Payload: map[string]any{"n": 3, "s": "één"}})
		drain(t, o)
		if len(got) != 1 || got[0].Topic != "t" || got[0].Key != "k" || got[0].Attempts != 0 {
			t.Fatalf("entries %+v", got)
		}
		var p struct {
			N int
			S string
		}
		if err := json.Unmarshal(got[0].Payload, &p); err != nil || p.N != 3 || p.S != "één" {
			t.Fatalf("payload %s: %+v %v", got[0].Payload, p, err)
		}
	})
}

func TestNotBeforeWaits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClock()
		o := outbox.New(db, c.Now, quiet())
		rec := &recorder{}
		o.Register("notify", outbox.Handler{Handle: rec.handle})
		add(t, db, outbox.Message{Topic: "notify", Key: "later", NotBefore: c.Now().Add(24 * time.Hour)})
		add(t, db, outbox.Message{Topic: "notify", Key: "now"})
		if n := drain(t, o); n != 1 {
			t.Fatalf("drained %d, want 1", n)
		}
		c.Advance(24*time.Hour - time.Second)
		if n := drain(t, o); n != 0 {
			t.Fatalf("delivered %d a second early", n)
		}
		c.Advance(time.Second)
		if n := drain(t, o); n != 1 {
			t.Fatalf("drained %d at NotBefore, want 1", n)
		}
		if got := rec.delivered(); fmt.Sprint(got) != "[now later]" {
			t.Fatalf("delivered %v", got)
		}
	})
}

func TestRetryWithBackoff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClock()
		o := outbox.New(db, c.Now, quiet())
		rec := &recorder{fail: 3}
		var attempts []int
		o.Register("notify", outbox.Handler{Handle: func(ctx context.Context, b []outbox.Entry) error {
			attempts = append(attempts, b[0].Attempts)
			return rec.handle(ctx, b)
		}})
		add(t, db, outbox.Message{Topic: "notify", Key: "n1"})
		for i, wait := range []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second} {
			if n := drain(t, o); n != 0 {
				t.Fatalf("attempt %d delivered", i+1)
			}
			if e := lastError(t, db, "n1"); e != "smtp: connection refused" {
				t.Fatalf("last_error = %q", e)
			}
			c.Advance(wait - time.Second)
			if n := drain(t, o); n != 0 || len(attempts) != i+1 {
				t.Fatalf("retried before the backoff of %v", wait)
			}
			c.Advance(time.Second)
		}
		if n := drain(t, o); n != 1 {
			t.Fatalf("fourth attempt delivered %d", n)
		}
		if fmt.Sprint(attempts) != "[0 1 2 3]" {
			t.Fatalf("attempts seen %v", attempts)
		}
		if n := backlog(t, o, ""); n != 0 {
			t.Fatalf("backlog %d", n)
		}
	})
}

func lastError(t *testing.T, db *bun.DB, key string) string {
	t.Helper()
	var s string
	if err := db.NewSelect().Table("outbox").Column("last_error").Where("msg_key = ?", key).Scan(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBackoffIsCapped(t *testing.T) {
	for attempts, want := range map[int]time.Duration{
		1: 10 * time.Second, 2: 20 * time.Second, 3: 40 * time.Second, 9: 2560 * time.Second,
		10: time.Hour, 50: time.Hour, 1000: time.Hour,
	} {
		if got := outbox.Backoff(attempts); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", attempts, got, want)
		}
	}
}

func TestPanickingHandlerIsRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClock()
		o := outbox.New(db, c.Now, quiet())
		calls := 0
		o.Register("t", outbox.Handler{Handle: func(context.Context, []outbox.Entry) error {
			calls++
			if calls == 1 {
				panic("boom")
			}
			return nil
		}})
		add(t, db, outbox.Message{Topic: "t", Key: "k"})
		if n := drain(t, o); n != 0 {
			t.Fatal("a panicking delivery counted as delivered")
		}
		c.Advance(outbox.FirstRetry)
		if n := drain(t, o); n != 1 || calls != 2 {
			t.Fatalf("delivered %d in %d calls", n, calls)
		}
	})
}

// A message added again while a drainer is delivering it is delivered once
// more, so the change that caused the second Add is not lost.
func TestAddDuringDeliveryDeliversAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		o := outbox.New(db, newClock().Now, quiet())
		calls := 0
		o.Register("search", outbox.Handler{Handle: func(ctx context.Context, _ []outbox.Entry) error {
			calls++
			if calls == 1 {
				return outbox.Add(ctx, db, outbox.Message{Topic: "search", Key: "idea:1"})
			}
			return nil
		}})
		add(t, db, outbox.Message{Topic: "search", Key: "idea:1"})
		drain(t, o)
		drain(t, o)
		if calls != 2 {
			t.Fatalf("handler called %d times, want 2", calls)
		}
		if n := backlog(t, o, ""); n != 0 {
			t.Fatalf("backlog %d", n)
		}
	})
}

func TestBatchesDrainEverythingDue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		o := outbox.New(db, newClock().Now, quiet())
		rec := &recorder{}
		sizes := []int{}
		o.Register("t", outbox.Handler{Batch: 7, Handle: func(ctx context.Context, b []outbox.Entry) error {
			sizes = append(sizes, len(b))
			return rec.handle(ctx, b)
		}})
		for i := range 30 {
			add(t, db, outbox.Message{Topic: "t", Key: fmt.Sprint(i)})
		}
		if n := drain(t, o); n != 30 {
			t.Fatalf("drained %d", n)
		}
		if fmt.Sprint(sizes) != "[7 7 7 7 2]" {
			t.Fatalf("batch sizes %v", sizes)
		}
		if got := rec.delivered(); got[0] != "0" || got[29] != "29" {
			t.Fatalf("not in order of adding: %v", got)
		}
	})
}

// Four drainers work the same outbox at once (on PostgreSQL each on its own
// connections, so SKIP LOCKED is what keeps them apart): every message is
// delivered exactly once.
func TestConcurrentDrainersDeliverOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		const messages, drainers = 400, 4
		dbtest.WarmPool(t, db, 2*drainers)
		c := newClock()
		for i := range messages {
			add(t, db, outbox.Message{Topic: "t", Key: fmt.Sprint(i)})
		}
		var mu sync.Mutex
		seen := map[string]int{}
		handle := func(_ context.Context, b []outbox.Entry) error {
			time.Sleep(2 * time.Millisecond) // overlap with the other drainers
			mu.Lock()
			defer mu.Unlock()
			for _, e := range b {
				seen[e.Key]++
			}
			return nil
		}
		var g errgroup.Group
		for range drainers {
			o := outbox.New(db, c.Now, quiet())
			o.Register("t", outbox.Handler{Batch: 5, Handle: handle})
			g.Go(func() error {
				_, err := o.Drain(context.Background())
				return err
			})
		}
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if len(seen) != messages {
			t.Fatalf("%d of %d messages delivered", len(seen), messages)
		}
		for k, n := range seen {
			if n != 1 {
				t.Fatalf("message %s delivered %d times", k, n)
			}
		}
	})
}

func TestRunStopsWithContext(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		o := outbox.New(db, time.Now, quiet())
		done := make(chan struct{})
		o.Register("t", outbox.Handler{Handle: func(context.Context, []outbox.Entry) error {
			close(done)
			return nil
		}})
		add(t, db, outbox.Message{Topic: "t", Key: "k"})
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- o.Run(ctx, 10*time.Millisecond) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not deliver")
		}
		cancel()
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	})
}
