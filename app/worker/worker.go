// Package worker runs Buurtboost's background work: it drains the
// transactional outbox (notification e-mail, search index updates), and
// runs periodic jobs (the retention sweep), until it is stopped.
package worker

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/buurtboost/buurtboost/app/outbox"
)

// Job is work done every Every: first when the worker starts, then each
// time Every has passed. A job must be safe to run in several workers at
// once and more often than Every (a restart runs it again); a failure is
// logged and the job runs again at its next time.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context) error
}

// Worker is the background loop.
type Worker struct {
	log      *slog.Logger
	interval time.Duration
	outbox   *outbox.Outbox
	jobs     []Job
}

// New returns a worker that drains ob every interval and runs jobs.
func New(log *slog.Logger, interval time.Duration, ob *outbox.Outbox, jobs ...Job) *Worker {
	return &Worker{log: log, interval: interval, outbox: ob, jobs: jobs}
}

// Run drains the outbox and runs the jobs until ctx is done, then returns
// nil once every job has stopped. Several workers may run at once (on
// PostgreSQL): each message goes to one.
func (w *Worker) Run(ctx context.Context) error {
	w.log.Info("worker started", "interval", w.interval.String(), "jobs", len(w.jobs))
	var wg sync.WaitGroup
	for _, j := range w.jobs {
		wg.Go(func() { w.every(ctx, j) })
	}
	err := w.outbox.Run(ctx, w.interval)
	wg.Wait()
	w.log.Info("worker stopped")
	return err
}

// every runs j now and every j.Every until ctx is done.
func (w *Worker) every(ctx context.Context, j Job) {
	t := time.NewTicker(j.Every)
	defer t.Stop()
	for {
		start := time.Now()
		if err := j.Run(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("job failed", "job", j.Name, "error", err)
		} else if err == nil {
			w.log.Debug("job done", "job", j.Name, "took", time.Since(start).String())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
