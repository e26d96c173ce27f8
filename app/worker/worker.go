// Package worker runs Buurtboost's background work: for now a loop that
// starts, reports that it is idle, and stops cleanly. The search and
// notification issues give it an outbox to drain.
package worker

import (
	"context"
	"log/slog"
	"time"
)

// Worker is the background loop.
type Worker struct {
	log      *slog.Logger
	interval time.Duration
}

// New returns a worker that wakes every interval.
func New(log *slog.Logger, interval time.Duration) *Worker {
	return &Worker{log: log, interval: interval}
}

// Run loops until ctx is done, then returns nil.
func (w *Worker) Run(ctx context.Context) error {
	w.log.Info("worker started", "interval", w.interval.String())
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			w.log.Info("worker stopped")
			return nil
		case <-t.C:
			w.log.Debug("worker idle: no jobs yet")
		}
	}
}
