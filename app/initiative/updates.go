package initiative

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
)

// DefaultUpdates is how many updates Updates returns when asked for 0.
const DefaultUpdates = 20

// PostUpdate posts news on the initiative; only its organisers may. The
// body is 1 to UpdateBodyMax characters (field "body").
func (s *Service) PostUpdate(ctx context.Context, actor account.User, id uuid.UUID, body string) (Update, error) {
	now := s.now().UTC()
	up := Update{ID: uuid.Must(uuid.NewV7()), InitiativeID: id, AuthorID: &actor.ID,
		CreatedAt: now, AuthorName: actor.DisplayName}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ini, err := asOrganiser(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if up.Body, err = checkBody(body); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&up).Exec(ctx); err != nil {
			return err
		}
		if err := notifyFollowers(ctx, tx, ini, up, now); err != nil {
			return err
		}
		return activity.Append(ctx, tx, activity.Entry{UserID: actor.ID, Kind: activity.UpdatePosted,
			NeighbourhoodID: &ini.NeighbourhoodID, InitiativeID: &ini.ID, At: now})
	})
	if err != nil {
		return Update{}, fmt.Errorf("post update on initiative %s: %w", id, err)
	}
	return up, nil
}

// Updates returns the initiative's latest updates, newest first, with their
// authors' names; limit 0 means DefaultUpdates.
func (s *Service) Updates(ctx context.Context, id uuid.UUID, limit int) ([]Update, error) {
	if limit <= 0 {
		limit = DefaultUpdates
	}
	var ups []Update
	err := s.db.NewSelect().Model(&ups).
		ColumnExpr("u.*, COALESCE(author.display_name, '') AS author_name").
		Join("LEFT JOIN users AS author ON author.id = u.author_id").
		Where("u.initiative_id = ?", id).OrderExpr("u.created_at DESC, u.id DESC").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("updates of initiative %s: %w", id, err)
	}
	return ups, nil
}
