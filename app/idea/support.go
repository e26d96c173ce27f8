package idea

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/search"
)

// errSupportStaff refuses supports from municipality staff and admins:
// they watch, they do not take part.
var errSupportStaff = apperr.E(apperr.Forbidden, "idea.support.staff")

// supportRow is one resident's support for one idea.
type supportRow struct {
	bun.BaseModel `bun:"table:supports"`

	IdeaID    uuid.UUID `bun:"idea_id,pk,type:text"`
	UserID    uuid.UUID `bun:"user_id,pk,type:text"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// Support records the resident's support for the idea and returns the
// idea's number of supports. Supporting twice changes nothing.
func (s *Service) Support(ctx context.Context, actor account.User, ideaID uuid.UUID) (int, error) {
	it, err := s.Toggle(ctx, actor, ideaID, true)
	return it.SupportsCount, err
}

// Withdraw takes the resident's support back and returns the idea's number
// of supports. Withdrawing a support that is not there changes nothing.
func (s *Service) Withdraw(ctx context.Context, actor account.User, ideaID uuid.UUID) (int, error) {
	it, err := s.Toggle(ctx, actor, ideaID, false)
	return it.SupportsCount, err
}

// Toggle gives (support true) or takes back the resident's support and
// returns the idea as it is afterwards, with its new number of supports:
// what the support button shows, without reading the idea again. The
// primary key of supports decides whether the state changed: only a row
// actually inserted or deleted moves the counter and is logged, so
// concurrent double clicks count once. The counter's row is locked last
// (UPDATE … RETURNING just before COMMIT), so that many supports for one
// idea queue for as short a time as possible.
func (s *Service) Toggle(ctx context.Context, actor account.User, ideaID uuid.UUID, support bool) (Idea, error) {
	if actor.Role != account.Resident {
		return Idea{}, errSupportStaff
	}
	now := s.now().UTC()
	var it Idea
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		changed, err := setSupport(ctx, tx, ideaID, actor.ID, support, now)
		if err != nil {
			return err
		}
		if !changed { // already so, or no idea to support: say which
			if it, err = liveIdea(ctx, tx, ideaID); err == nil && support && it.Hidden() {
				return errHidden
			}
			return err
		}
		kind, expr := activity.SupportGiven, "supports_count = supports_count + 1"
		if !support {
			kind, expr = activity.SupportWithdrawn, "supports_count = supports_count - 1"
		}
		if err := logSupport(ctx, tx, kind, actor.ID, ideaID, now); err != nil {
			return err
		}
		// The search index sorts by supports.
		if err := search.Enqueue(ctx, tx, search.KindIdea, ideaID.String()); err != nil {
			return err
		}
		return tx.NewUpdate().Model(&it).Set(expr).Where("id = ?", ideaID).Returning("*").Scan(ctx)
	})
	if err != nil {
		return Idea{}, fmt.Errorf("support idea %s (%v): %w", ideaID, support, err)
	}
	return it, nil
}

// setSupport inserts or deletes the support and reports whether it did.
// Both need a live idea, and a new support one that is not hidden: the
// statement checks that itself, so the common case takes one.
func setSupport(ctx context.Context, tx bun.Tx, ideaID, userID uuid.UUID, support bool, now time.Time) (bool, error) {
	if support {
		res, err := tx.NewRaw(`INSERT INTO supports (idea_id, user_id, created_at) SELECT ?, ?, ?
			WHERE EXISTS (SELECT 1 FROM ideas WHERE id = ? AND removed_at IS NULL AND hidden_reason = '')
			ON CONFLICT (idea_id, user_id) DO NOTHING`, ideaID, userID, now, ideaID).Exec(ctx)
		if err != nil {
			return false, err
		}
		return affected(res)
	}
	res, err := tx.NewDelete().Model((*supportRow)(nil)).
		Where("idea_id = ? AND user_id = ? AND EXISTS (SELECT 1 FROM ideas WHERE id = ? AND removed_at IS NULL)", ideaID, userID, ideaID).
		Exec(ctx)
	if err != nil {
		return false, err
	}
	return affected(res)
}

// logSupport appends the support's row to the activity log, making the
// user's key on their first act.
func logSupport(ctx context.Context, tx bun.Tx, kind activity.Kind, userID, ideaID uuid.UUID, now time.Time) error {
	ok, err := activity.AppendIdeaAct(ctx, tx, kind, userID, ideaID, now)
	if err != nil || ok {
		return err
	}
	if _, err := activity.KeyOf(ctx, tx, userID, now); err != nil {
		return err
	}
	if ok, err = activity.AppendIdeaAct(ctx, tx, kind, userID, ideaID, now); err == nil && !ok {
		err = ErrNotFound
	}
	return err
}

// HasSupported reports whether the user supports the idea.
func (s *Service) HasSupported(ctx context.Context, ideaID, userID uuid.UUID) (bool, error) {
	ok, err := s.db.NewSelect().Model((*supportRow)(nil)).
		Where("idea_id = ? AND user_id = ?", ideaID, userID).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("has %s supported %s: %w", userID, ideaID, err)
	}
	return ok, nil
}

// SupportedAmong returns which of the ideas the user supports, in one
// query, for marking a list page.
func (s *Service) SupportedAmong(ctx context.Context, userID uuid.UUID, ideaIDs []uuid.UUID) (map[uuid.UUID]bool, error) {
	out := make(map[uuid.UUID]bool, len(ideaIDs))
	if len(ideaIDs) == 0 {
		return out, nil
	}
	var ids []uuid.UUID
	err := s.db.NewSelect().Model((*supportRow)(nil)).Column("idea_id").
		Where("user_id = ? AND idea_id IN (?)", userID, bun.List(ideaIDs)).Scan(ctx, &ids)
	if err != nil {
		return nil, fmt.Errorf("supports of %s: %w", userID, err)
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
