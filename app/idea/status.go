package idea

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/search"
)

// errNotOrganiser refuses organisers' work to everyone else.
var errNotOrganiser = apperr.E(apperr.Forbidden, "idea.not_organiser")

// SetStatus records an organiser's decision about an idea, with the reason
// residents will read. Every change is kept in the idea's history.
func (s *Service) SetStatus(ctx context.Context, actor account.User, id uuid.UUID, status Status, reason string) error {
	now := s.now().UTC()
	fe := fieldErrors{}
	if _, ok := ParseStatus(string(status)); !ok {
		fe.add("status", "idea.status.unknown")
	}
	reason, key := reasonRule.check(reason)
	fe.add("reason", key)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := liveIdea(ctx, tx, id)
		if err != nil {
			return err
		}
		if ok, err := isOrganiser(ctx, tx, it.InitiativeID, actor.ID); err != nil || !ok {
			return orElse(err, errNotOrganiser)
		}
		if len(fe) > 0 {
			return apperr.InvalidFields(fe)
		}
		ch := StatusChange{ID: uuid.Must(uuid.NewV7()), IdeaID: id, Status: status, Reason: reason,
			ChangedBy: &actor.ID, CreatedAt: now}
		if _, err := tx.NewInsert().Model(&ch).Exec(ctx); err != nil {
			return err
		}
		_, err = tx.NewUpdate().Model((*Idea)(nil)).
			Set("status = ?, status_reason = ?, updated_at = ?", status, reason, now).
			Set("first_status_at = COALESCE(first_status_at, ?)", now).
			Where("id = ?", id).Exec(ctx)
		if err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, search.KindIdea, id.String())
	})
	if err != nil {
		return fmt.Errorf("set status of idea %s: %w", id, err)
	}
	return nil
}

// History returns the idea's status changes, oldest first, with the names
// of the organisers who made them.
func (s *Service) History(ctx context.Context, id uuid.UUID) ([]StatusChange, error) {
	var hs []StatusChange
	err := s.db.NewSelect().Model(&hs).
		ColumnExpr("sc.*").
		ColumnExpr("COALESCE(u.display_name, '') AS changed_by_name").
		Join("LEFT JOIN users AS u ON u.id = sc.changed_by").
		Where("sc.idea_id = ?", id).
		OrderExpr("sc.created_at ASC, sc.id ASC").
		Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("status history of idea %s: %w", id, err)
	}
	return hs, nil
}
