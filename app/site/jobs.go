package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/privacy"
	"github.com/buurtboost/buurtboost/app/worker"
)

// RollUpEvery is how often the worker rolls the activity log up for the
// dashboard. A report rolls up by itself when many rows wait, but a whole
// log (after an upgrade, or a quiet dashboard) is better rolled up here
// than inside a staff member's request.
const RollUpEvery = time.Hour

// Jobs are the worker's periodic jobs under cfg: the dashboard's roll-up,
// and the daily retention sweep when ACCOUNT_RETENTION_DAYS is set.
func Jobs(cfg *config.Config, log *slog.Logger, svc *Services) []worker.Job {
	rollUp := func(ctx context.Context) error {
		n, err := svc.Dashboard.RollUp(ctx)
		if n > 0 {
			log.Info("dashboard roll-up", "rows", n)
		}
		return err
	}
	jobs := []worker.Job{{Name: "dashboard roll-up", Every: RollUpEvery, Run: rollUp}}
	if cfg.AccountRetentionDays <= 0 {
		return jobs
	}
	retention := time.Duration(cfg.AccountRetentionDays) * 24 * time.Hour
	sweep := func(ctx context.Context) error {
		r, err := svc.Privacy.Sweep(ctx, retention, WarnBeforeDeletion)
		if r != (privacy.SweepResult{}) {
			log.Info("retention sweep", "warned", r.Warned, "deleted", r.Deleted, "kept", r.Kept)
		}
		return err
	}
	return append(jobs, worker.Job{Name: "retention", Every: RetentionSweepEvery, Run: sweep})
}
