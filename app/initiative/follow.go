package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/search"
)

// Follow makes actor follow the initiative. Following again changes
// nothing. Only residents follow.
func (s *Service) Follow(ctx context.Context, actor account.User, id uuid.UUID) error {
	if actor.Role != account.Resident {
		return ErrResidentsOnly
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		where, err := neighbourhoodOf(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		f := follow{InitiativeID: id, UserID: actor.ID, CreatedAt: now}
		// The primary key decides: only the insert that adds the row
		// counts, however many requests race.
		res, err := tx.NewInsert().Model(&f).On("CONFLICT (initiative_id, user_id) DO NOTHING").Exec(ctx)
		if err != nil {
			return err
		}
		return countChange(ctx, tx, res, +1, activity.Entry{UserID: actor.ID, Kind: activity.Followed,
			NeighbourhoodID: &where, InitiativeID: &id, At: now})
	})
	if err != nil {
		return fmt.Errorf("follow initiative %s: %w", id, err)
	}
	return nil
}

// Unfollow stops actor following the initiative; not following is no
// error. Anyone may stop following, so that someone who became staff after
// following can still stop.
func (s *Service) Unfollow(ctx context.Context, actor account.User, id uuid.UUID) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		where, err := neighbourhoodOf(ctx, tx, id)
		if err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*follow)(nil)).Where("initiative_id = ? AND user_id = ?", id, actor.ID).Exec(ctx)
		if err != nil {
			return err
		}
		return countChange(ctx, tx, res, -1, activity.Entry{UserID: actor.ID, Kind: activity.Unfollowed,
			NeighbourhoodID: &where, InitiativeID: &id, At: s.now().UTC()})
	})
	if err != nil {
		return fmt.Errorf("unfollow initiative %s: %w", id, err)
	}
	return nil
}

// countChange moves followers_count of the entry's initiative by delta and
// logs the entry, but only when res says the follow row really was added or
// removed.
func countChange(ctx context.Context, tx bun.Tx, res sql.Result, delta int, e activity.Entry) error {
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return err
	}
	if _, err := tx.NewUpdate().Model((*Initiative)(nil)).Set("followers_count = followers_count + ?", delta).
		Where("id = ?", *e.InitiativeID).Exec(ctx); err != nil {
		return err
	}
	// The search index sorts initiatives by followers.
	if err := search.Enqueue(ctx, tx, search.KindInitiative, e.InitiativeID.String()); err != nil {
		return err
	}
	return activity.Append(ctx, tx, e)
}

// neighbourhoodOf returns the initiative's neighbourhood, or ErrNotFound.
func neighbourhoodOf(ctx context.Context, tx bun.Tx, id uuid.UUID) (uuid.UUID, error) {
	var nb uuid.UUID
	err := tx.NewSelect().Model((*Initiative)(nil)).Column("neighbourhood_id").Where("id = ?", id).Scan(ctx, &nb)
	if errors.Is(err, sql.ErrNoRows) {
		return uuid.Nil, ErrNotFound
	}
	return nb, err
}

// IsFollowing reports whether the user follows the initiative.
func (s *Service) IsFollowing(ctx context.Context, initiativeID, userID uuid.UUID) (bool, error) {
	ok, err := s.db.NewSelect().Model((*follow)(nil)).
		Where("initiative_id = ? AND user_id = ?", initiativeID, userID).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("is following: %w", err)
	}
	return ok, nil
}
