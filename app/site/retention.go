package site

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/notify"
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
