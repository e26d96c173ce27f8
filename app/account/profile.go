package account

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// ProfileInput is what a user may change about themselves.
type ProfileInput struct {
	Name            string
	NeighbourhoodID *uuid.UUID
	EmailConsent    bool
}

// UpdateProfile validates and saves the user's own settings.
func (s *Service) UpdateProfile(ctx context.Context, userID uuid.UUID, in ProfileInput) (User, error) {
	name, err := CleanName(in.Name)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := checkNeighbourhood(ctx, tx, in.NeighbourhoodID); err != nil {
			return err
		}
		if u, err = userByID(ctx, tx, userID); err != nil {
			return err
		}
		u.DisplayName, u.NeighbourhoodID, u.EmailConsent = name, in.NeighbourhoodID, in.EmailConsent
		u.NeighbourhoodAsked, u.UpdatedAt = true, s.now().UTC()
		_, err := tx.NewUpdate().Model(&u).
			Column("display_name", "neighbourhood_id", "email_consent", "neighbourhood_asked", "updated_at").
			WherePK().Exec(ctx)
		return err
	})
	return u, err
}

// SetNeighbourhood records the answer to "which is your neighbourhood?",
// asked once after the first login; nil means the user skipped it.
func (s *Service) SetNeighbourhood(ctx context.Context, userID uuid.UUID, nb *uuid.UUID) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := checkNeighbourhood(ctx, tx, nb); err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*User)(nil)).
			Set("neighbourhood_id = ?, neighbourhood_asked = ?, updated_at = ?", nb, true, s.now().UTC()).
			Where("id = ?", userID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

func checkNeighbourhood(ctx context.Context, tx bun.Tx, id *uuid.UUID) error {
	if id == nil {
		return nil
	}
	var found string
	err := tx.NewSelect().Table("neighbourhoods").Column("id").Where("id = ?", *id).Scan(ctx, &found)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.InvalidFields(map[string]string{"neighbourhood": "account.neighbourhood.unknown"})
	}
	return err
}
