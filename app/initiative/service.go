package initiative

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Service keeps initiatives, their organisers, followers and updates.
type Service struct {
	db  *bun.DB
	now func() time.Time
	// newAccountInitiatives: see LimitNewAccounts.
	newAccountInitiatives int
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// conflictRetries is how often a transaction runs again after losing a race
// for a unique key (two initiatives taking the same free slug at once).
const conflictRetries = 3

// inTx runs fn in a transaction, again when it lost a race for a unique
// key: the next run sees the winner's row and picks another slug.
func (s *Service) inTx(ctx context.Context, fn func(context.Context, bun.Tx) error) error {
	var err error
	for range conflictRetries {
		err = s.db.RunInTx(ctx, nil, fn)
		if !db.IsUniqueViolation(err) {
			return err
		}
	}
	return err
}

// lockInitiative reads the initiative and locks its row for the rest of tx.
func lockInitiative(ctx context.Context, tx bun.Tx, id uuid.UUID) (Initiative, error) {
	var ini Initiative
	err := db.ForUpdate(tx.NewSelect().Model(&ini).Where("i.id = ?", id)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Initiative{}, ErrNotFound
	}
	return ini, err
}

// lockUser locks the user's row, so that one person's submissions are
// handled one at a time.
func lockUser(ctx context.Context, tx bun.Tx, id uuid.UUID) error {
	var got uuid.UUID
	return db.ForUpdate(tx.NewSelect().Model((*account.User)(nil)).Column("id").Where("id = ?", id)).Scan(ctx, &got)
}

// isOrganiser reports whether the user organises the initiative.
func isOrganiser(ctx context.Context, q bun.IDB, initiativeID, userID uuid.UUID) (bool, error) {
	return q.NewSelect().Model((*organiser)(nil)).
		Where("initiative_id = ? AND user_id = ?", initiativeID, userID).Exists(ctx)
}

// asOrganiser locks and returns the initiative when actor may act as one of
// its organisers: a resident who organises it.
func asOrganiser(ctx context.Context, tx bun.Tx, actor account.User, id uuid.UUID) (Initiative, error) {
	ini, err := lockInitiative(ctx, tx, id)
	if err != nil {
		return Initiative{}, err
	}
	if actor.Role != account.Resident {
		return Initiative{}, ErrNotOrganiser
	}
	ok, err := isOrganiser(ctx, tx, id, actor.ID)
	if err != nil {
		return Initiative{}, err
	}
	if !ok {
		return Initiative{}, ErrNotOrganiser
	}
	return ini, nil
}

func invalid(fields map[string]string) error { return apperr.InvalidFields(fields) }

// validate checks in completely, against the database too, and returns the
// cleaned input, or an error listing every wrong field.
func validate(ctx context.Context, q bun.IDB, in Input, editing bool) (clean, error) {
	c, errs := in.check(editing)
	if _, bad := errs["neighbourhood"]; !bad {
		ok, err := q.NewSelect().Model((*municipality.Neighbourhood)(nil)).Where("id = ?", c.neighbourhoodID).Exists(ctx)
		if err != nil {
			return clean{}, err
		}
		if !ok {
			errs["neighbourhood"] = "initiative.neighbourhood.unknown"
		}
	}
	var themes []municipality.Theme
	if _, bad := errs["themes"]; !bad {
		err := q.NewSelect().Model(&themes).Where("id IN (?)", bun.List(c.themeIDs)).OrderExpr("slug").Scan(ctx)
		if err != nil {
			return clean{}, err
		}
		if len(themes) != len(c.themeIDs) {
			errs["themes"] = "initiative.themes.unknown"
		}
	}
	if len(errs) > 0 {
		return clean{}, invalid(errs)
	}
	return c, nil
}
