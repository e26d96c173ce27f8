package privacy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/search"
)

// The errors of DeleteAccount.
var (
	errLastAdmin = apperr.E(apperr.Forbidden, "privacy.delete.last_admin")
	errNotFound  = apperr.E(apperr.NotFound, "error.not_found")
)

// errNotConfirmed asks the user to tick the confirmation box. A new value
// each time, so that no caller can change a shared one's fields.
func errNotConfirmed() error {
	return apperr.InvalidFields(map[string]string{"confirm": "privacy.delete.confirm.required"})
}

// DeleteAccount erases actor's account, once they confirmed it, in one
// transaction: their supports, follows, RSVPs and sign-ups are taken back
// with the counters they fed, the activity log is unlinked from them, the
// deletion is audited (without naming them) and the user row is deleted,
// which takes identities, sessions, notifications, settings and organiser
// rows with it and makes their public contributions anonymous. The last
// administrator cannot leave: someone must be able to run the platform.
func (s *Service) DeleteAccount(ctx context.Context, actor account.User, confirmed bool) error {
	if !confirmed {
		return errNotConfirmed()
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return erase(ctx, tx, actor.ID, "", s.now().UTC())
	})
	if err != nil {
		return fmt.Errorf("delete account %s: %w", actor.ID, err)
	}
	return nil
}

// erase deletes the account inside tx; reason is audited ("" when the
// user asked themselves).
func erase(ctx context.Context, tx bun.Tx, userID uuid.UUID, reason string, now time.Time) error {
	u, err := account.LockWithAdmins(ctx, tx, userID)
	if errors.Is(err, account.ErrNotFound) {
		err = errNotFound
	}
	if err != nil {
		return err
	}
	if err := keepAnAdmin(ctx, tx, u); err != nil {
		return err
	}
	steps := []func(context.Context, bun.IDB, uuid.UUID) error{
		withdrawSupports, unfollowAll, leaveActivities, leaveTasks, activity.Unlink,
	}
	for _, step := range steps {
		if err := step(ctx, tx, u.ID); err != nil {
			return err
		}
	}
	// The entry keeps no id of the person: after the deletion nothing in
	// the database may lead back to them.
	if err := audit.Append(ctx, tx, audit.Entry{ActorRole: u.Role, Action: audit.AccountDeleted,
		SubjectKind: "user", Reason: reason, CreatedAt: now}); err != nil {
		return err
	}
	_, err = tx.NewDelete().Model((*account.User)(nil)).Where("id = ?", u.ID).Exec(ctx)
	return err
}

// keepAnAdmin refuses to delete the last administrator who can act (is
// not blocked); account.LockWithAdmins locked the administrators' rows, so
// two administrators deleting themselves at once cannot both pass.
func keepAnAdmin(ctx context.Context, tx bun.Tx, u account.User) error {
	if u.Role != account.Admin {
		return nil
	}
	n, err := account.OtherActiveAdmins(ctx, tx, u.ID)
	if err == nil && n == 0 {
		return errLastAdmin
	}
	return err
}

// withdrawSupports deletes the user's supports and lowers each idea's
// supports_count by one: the primary key (idea, user) means one row per
// idea, and only rows this statement deleted are counted.
func withdrawSupports(ctx context.Context, tx bun.IDB, userID uuid.UUID) error {
	var ideas []uuid.UUID
	err := tx.NewDelete().Table("supports").Where("user_id = ?", userID).Returning("idea_id").Scan(ctx, &ideas)
	if err != nil || len(ideas) == 0 {
		return ignoreNoRows(err)
	}
	if _, err := tx.NewUpdate().Table("ideas").Set("supports_count = supports_count - 1").
		Where("id IN (?)", bun.List(ideas)).Exec(ctx); err != nil {
		return err
	}
	// The search index sorts ideas by supports.
	return enqueue(ctx, tx, search.KindIdea, ideas)
}

// unfollowAll deletes the user's follows and lowers followers_count.
func unfollowAll(ctx context.Context, tx bun.IDB, userID uuid.UUID) error {
	var inis []uuid.UUID
	err := tx.NewDelete().Table("follows").Where("user_id = ?", userID).Returning("initiative_id").Scan(ctx, &inis)
	if err != nil || len(inis) == 0 {
		return ignoreNoRows(err)
	}
	if _, err := tx.NewUpdate().Table("initiatives").Set("followers_count = followers_count - 1").
		Where("id IN (?)", bun.List(inis)).Exec(ctx); err != nil {
		return err
	}
	return enqueue(ctx, tx, search.KindInitiative, inis)
}

func enqueue(ctx context.Context, tx bun.IDB, kind search.Kind, ids []uuid.UUID) error {
	for _, id := range ids {
		if err := search.Enqueue(ctx, tx, kind, id.String()); err != nil {
			return err
		}
	}
	return nil
}

// gone is a deleted RSVP or sign-up: where it was and what it counted as.
type gone struct {
	ParentID uuid.UUID `bun:"parent_id"`
	State    string    `bun:"state"`
}

// leaveActivities deletes the user's RSVPs and lowers the activities'
// going and waiting counts. The activities are locked first, in the order
// package volunteer locks them in (one row, then its RSVPs), so that a
// concurrent RSVP waits instead of deadlocking.
//
// A place freed here is not handed to the waiting list at once: package
// volunteer does that (and tells the person) at the activity's next
// change, as its counters show a free place.
func leaveActivities(ctx context.Context, tx bun.IDB, userID uuid.UUID) error {
	return leave(ctx, tx, userID, "rsvps", "activity_id", "activities",
		map[string]string{"going": "going_count", "waiting": "waiting_count"})
}

// leaveTasks deletes the user's sign-ups and lowers the tasks' signed and
// waiting counts (a sign-up removed by the organisers counts for neither).
func leaveTasks(ctx context.Context, tx bun.IDB, userID uuid.UUID) error {
	return leave(ctx, tx, userID, "signups", "task_id", "volunteer_tasks",
		map[string]string{"confirmed": "signed_count", "waiting": "waiting_count"})
}

// leave deletes the user's rows of table (whose parentCol points into
// parentTable) and lowers the parent's counter named by each deleted row's
// state. The table and column names are constants of this file.
func leave(ctx context.Context, tx bun.IDB, userID uuid.UUID, table, parentCol, parentTable string, counters map[string]string) error {
	var parents []uuid.UUID
	err := db.ForUpdate(tx.NewSelect().Table(parentTable).Column("id").
		Where("id IN (SELECT "+parentCol+" FROM "+table+" WHERE user_id = ?)", userID).OrderExpr("id")).
		Scan(ctx, &parents)
	if err != nil || len(parents) == 0 {
		return ignoreNoRows(err)
	}
	var rows []gone
	err = tx.NewDelete().Table(table).Where("user_id = ?", userID).
		Returning(parentCol+" AS parent_id, state").Scan(ctx, &rows)
	if err != nil {
		return ignoreNoRows(err)
	}
	for _, r := range rows {
		col, ok := counters[r.State]
		if !ok {
			continue // an answer or sign-up that holds no place
		}
		if _, err := tx.NewUpdate().Table(parentTable).Set(col+" = "+col+" - 1").
			Where("id = ?", r.ParentID).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// ignoreNoRows: a DELETE … RETURNING that deleted nothing is no failure.
func ignoreNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}
