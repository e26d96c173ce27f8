package privacy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
)

// WarningPeriod is how long before its deletion an inactive account's
// owner is warned: they keep the account by logging in within it.
const WarningPeriod = 30 * 24 * time.Hour

// Warn tells the user, inside tx, that their account will be deleted at
// deleteAt unless they log in before. main wires it to a notification
// e-mail; whatever it writes commits together with the warning's record.
type Warn func(ctx context.Context, tx bun.IDB, u account.User, deleteAt time.Time) error

// warning records that a user was warned.
type warning struct {
	bun.BaseModel `bun:"table:retention_warnings,alias:w"`

	UserID   uuid.UUID `bun:"user_id,pk,type:text"`
	WarnedAt time.Time `bun:"warned_at,notnull"`
}

// SweepResult says what a sweep did.
type SweepResult struct{ Warned, Deleted, Kept int }

// Sweep applies the retention period (ACCOUNT_RETENTION_DAYS): a user
// inactive (no login, no session seen) for retention minus WarningPeriod
// is warned once; one still inactive WarningPeriod after the warning is
// deleted as if they had asked; one who came back loses the warning. The
// last administrator is never deleted. Each user is handled in a
// transaction of their own, so one failure does not undo the others.
// retention <= 0 turns the sweep off.
func (s *Service) Sweep(ctx context.Context, retention time.Duration, warn Warn) (SweepResult, error) {
	var r SweepResult
	if retention <= 0 {
		return r, nil
	}
	if retention <= WarningPeriod {
		return r, fmt.Errorf("retention %s is not longer than the warning period %s", retention, WarningPeriod)
	}
	now := s.now().UTC()
	kept, err := s.forgetWarnings(ctx)
	if err != nil {
		return r, err
	}
	r.Kept = kept
	if r.Deleted, err = s.deleteWarned(ctx, now); err != nil {
		return r, err
	}
	r.Warned, err = s.warnInactive(ctx, now.Add(-(retention - WarningPeriod)), now, warn)
	return r, err
}

// inactiveUnwarned is the query for users not seen since ?0: created
// before it, with no login and no session seen after it, and not warned.
const inactiveUnwarned = `SELECT u.id FROM users AS u WHERE u.created_at < ?0
	AND NOT EXISTS (SELECT 1 FROM identities AS i WHERE i.user_id = u.id AND i.last_login_at >= ?0)
	AND NOT EXISTS (SELECT 1 FROM sessions AS s WHERE s.user_id = u.id AND s.last_seen_at >= ?0)
	AND NOT EXISTS (SELECT 1 FROM retention_warnings AS w WHERE w.user_id = u.id)
	ORDER BY u.id`

// forgetWarnings removes the warnings of users who logged in (or were
// seen) after being warned.
func (s *Service) forgetWarnings(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM retention_warnings WHERE EXISTS (SELECT 1 FROM identities AS i
		WHERE i.user_id = retention_warnings.user_id AND i.last_login_at > retention_warnings.warned_at)
		OR EXISTS (SELECT 1 FROM sessions AS s
		WHERE s.user_id = retention_warnings.user_id AND s.last_seen_at > retention_warnings.warned_at)`)
	if err != nil {
		return 0, fmt.Errorf("forget retention warnings: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// deleteWarned deletes the accounts warned at least WarningPeriod ago.
func (s *Service) deleteWarned(ctx context.Context, now time.Time) (int, error) {
	var ids []uuid.UUID
	err := s.db.NewSelect().Model((*warning)(nil)).Column("user_id").
		Where("warned_at <= ?", now.Add(-WarningPeriod)).Scan(ctx, &ids)
	if err != nil {
		return 0, fmt.Errorf("warned accounts: %w", err)
	}
	deleted := 0
	for _, id := range ids {
		err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			// Re-checked inside the transaction: a login since the query
			// above keeps the account.
			var w warning
			err := tx.NewSelect().Model(&w).Where("user_id = ?", id).Scan(ctx)
			if err != nil {
				return err
			}
			if active, err := seenSince(ctx, tx, id, w.WarnedAt); err != nil || active {
				return orKept(err)
			}
			return erase(ctx, tx, id, "retention", now)
		})
		switch {
		case err == nil:
			deleted++
		case errors.Is(err, errKept), errors.Is(err, errLastAdmin), errors.Is(err, errNotFound):
		default:
			return deleted, fmt.Errorf("delete inactive account %s: %w", id, err)
		}
	}
	return deleted, nil
}

// errKept rolls back the deletion of a user who came back.
var errKept = errors.New("active again")

func orKept(err error) error {
	if err != nil {
		return err
	}
	return errKept
}

func seenSince(ctx context.Context, q bun.IDB, userID uuid.UUID, since time.Time) (bool, error) {
	login, err := q.NewSelect().Table("identities").Where("user_id = ? AND last_login_at > ?", userID, since).Exists(ctx)
	if err != nil || login {
		return login, err
	}
	return q.NewSelect().Table("sessions").Where("user_id = ? AND last_seen_at > ?", userID, since).Exists(ctx)
}

// warnInactive warns every user inactive since cut who was not warned yet.
func (s *Service) warnInactive(ctx context.Context, cut, now time.Time, warn Warn) (int, error) {
	var ids []uuid.UUID
	if err := s.db.NewRaw(inactiveUnwarned, cut).Scan(ctx, &ids); err != nil {
		return 0, fmt.Errorf("inactive accounts: %w", err)
	}
	var us []account.User
	if len(ids) > 0 {
		if err := s.db.NewSelect().Model(&us).Where("id IN (?)", bun.List(ids)).OrderExpr("id").Scan(ctx); err != nil {
			return 0, fmt.Errorf("inactive accounts: %w", err)
		}
	}
	for i, u := range us {
		err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			res, err := tx.NewInsert().Model(&warning{UserID: u.ID, WarnedAt: now}).
				On("CONFLICT (user_id) DO NOTHING").Exec(ctx)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err // another sweep warned them just now
			}
			return warn(ctx, tx, u, now.Add(WarningPeriod))
		})
		if err != nil {
			return i, fmt.Errorf("warn inactive account %s: %w", u.ID, err)
		}
	}
	return len(us), nil
}
