package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/privacy"
	"github.com/buurtboost/buurtboost/app/worker"
)

// RetentionSweepEvery is how often the worker applies
// ACCOUNT_RETENTION_DAYS. Running it more often (a restart, a second
// worker) does no harm: a user is warned once, and deleted once.
const RetentionSweepEvery = 24 * time.Hour

// WarnBeforeDeletion is the retention sweep's privacy.Warn: the notice
// that the account will be deleted, e-mailed through the outbox in the
// sweep's transaction, whatever the user's e-mail settings. A user without
// an e-mail address cannot be told, and is not.
func WarnBeforeDeletion(ctx context.Context, tx bun.IDB, u account.User, deleteAt time.Time) error {
	if u.Email == nil || *u.Email == "" {
		return nil
	}
	return notify.Queue(ctx, tx, notify.AccountDeletionNotice(u.ID, deleteAt))
}

// Jobs are the worker's periodic jobs under cfg: the daily retention sweep
// when ACCOUNT_RETENTION_DAYS is set.
func Jobs(cfg *config.Config, log *slog.Logger, svc *Services) []worker.Job {
	if cfg.AccountRetentionDays <= 0 {
		return nil
	}
	retention := time.Duration(cfg.AccountRetentionDays) * 24 * time.Hour
	sweep := func(ctx context.Context) error {
		r, err := svc.Privacy.Sweep(ctx, retention, WarnBeforeDeletion)
		if r != (privacy.SweepResult{}) {
			log.Info("retention sweep", "warned", r.Warned, "deleted", r.Deleted, "kept", r.Kept)
		}
		return err
	}
	return []worker.Job{{Name: "retention", Every: RetentionSweepEvery, Run: sweep}}
}
