package worker_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/worker"
)

func TestWorkerDrainsTheOutboxUntilStopped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		ob := outbox.New(db, time.Now, log)
		got := make(chan string, 10)
		ob.Register("t", outbox.Handler{Handle: func(_ context.Context, b []outbox.Entry) error {
			for _, e := range b {
				got <- e.Key
			}
			return nil
		}})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- worker.New(log, 10*time.Millisecond, ob).Run(ctx) }()
		// Added while the worker runs: picked up on a later pass.
		if err := outbox.Add(context.Background(), db, outbox.Message{Topic: "t", Key: "k1"}); err != nil {
			t.Fatal(err)
		}
		select {
		case k := <-got:
			if k != "k1" {
				t.Fatalf("delivered %q", k)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the worker did not deliver")
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the worker did not stop")
		}
	})
}

// A job runs when the worker starts and again every period; one that
// fails runs again at its next time; Run returns once they stopped.
func TestWorkerRunsJobsUntilStopped(t *testing.T) {
	db := dbtest.SQLite(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	runs, failing := make(chan struct{}, 100), make(chan struct{}, 100)
	jobs := []worker.Job{
		{Name: "tick", Every: 20 * time.Millisecond, Run: func(context.Context) error { runs <- struct{}{}; return nil }},
		{Name: "broken", Every: 20 * time.Millisecond, Run: func(context.Context) error { failing <- struct{}{}; return errors.New("down") }},
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- worker.New(log, time.Hour, outbox.New(db, time.Now, log), jobs...).Run(ctx) }()
	for name, ch := range map[string]chan struct{}{"tick": runs, "broken": failing} {
		for i := range 3 {
			select {
			case <-ch:
			case <-time.After(10 * time.Second):
				t.Fatalf("job %s ran %d times, want 3", name, i)
			}
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the worker did not stop")
	}
}
