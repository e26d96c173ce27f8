package account

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db"
)

// LockWithAdmins reads the user with id and locks, for the rest of tx, the
// administrators' rows together with the user's, in id order: two changes
// to administrators at once (each checking that another administrator
// remains, with OtherActiveAdmins) then queue instead of both passing or
// deadlocking. ErrNotFound when there is no such user.
func LockWithAdmins(ctx context.Context, tx bun.Tx, id uuid.UUID) (User, error) {
	var locked []uuid.UUID
	if err := db.ForUpdate(tx.NewSelect().Model((*User)(nil)).Column("id").
		Where("role = ? OR id = ?", Admin, id).OrderExpr("id")).Scan(ctx, &locked); err != nil {
		return User{}, err
	}
	var u User
	err := tx.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	return u, err
}

// OtherActiveAdmins counts the administrators other than except who can
// act (are not blocked).
func OtherActiveAdmins(ctx context.Context, tx bun.IDB, except uuid.UUID) (int, error) {
	n, err := tx.NewSelect().Model((*User)(nil)).
		Where("role = ? AND blocked_at IS NULL AND id <> ?", Admin, except).Count(ctx)
	return int(n), err
}
