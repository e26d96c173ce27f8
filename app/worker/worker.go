// Package worker runs Buurtboost's background work: it drains the
// transactional outbox (notification e-mail, search index updates) until
// it is stopped.
package worker

import (
	"context"
	"log/slog"
	"time"

	"github.com/buurtboost/buurtboost/app/outbox"
)

// Worker is the background loop.
type Worker struct {
	log      *slog.Logger
	interval time.Duration
	outbox   *outbox.Outbox
}

// New returns a worker that drains ob every interval.
func New(log *slog.Logger, interval time.Duration, ob *outbox.Outbox) *Worker {
	return &Worker{log: log, interval: interval, outbox: ob}
}

// Run drains the outbox until ctx is done, then returns nil. Several
// workers may run at once (on PostgreSQL): each message goes to one.
func (w *Worker) Run(ctx context.Context) error {
	w.log.Info("worker started", "interval", w.interval.String())
	err := w.outbox.Run(ctx, w.interval)
	w.log.Info("worker stopped")
	return err
}
