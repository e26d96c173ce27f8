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
	var count int
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if it, err = liveIdea(ctx, tx, ideaID); err != nil {
			return err
		}
		changed, err := setSupport(ctx, tx, ideaID, actor.ID, support, now)
		if err != nil {
			return err
		}
		if !changed {
			return tx.NewSelect().Model((*Idea)(nil)).Column("supports_count").
				Where("id = ?", ideaID).Scan(ctx, &count)
		}
		kind, expr := activity.SupportGiven, "supports_count = supports_count + 1"
		if !support {
			kind, expr = activity.SupportWithdrawn, "supports_count = supports_count - 1"
		}
		if err := activity.Append(ctx, tx, it.logEntry(kind, actor.ID, now)); err != nil {
			return err
		}
		// The search index sorts by supports.
		if err := search.Enqueue(ctx, tx, search.KindIdea, ideaID.String()); err != nil {
			return err
		}
		return tx.NewUpdate().Model((*Idea)(nil)).Set(expr).Where("id = ?", ideaID).
			Returning("supports_count").Scan(ctx, &count)
	})
	if err != nil {
		return Idea{}, fmt.Errorf("support idea %s (%v): %w", ideaID, support, err)
	}
	it.SupportsCount = count
	return it, nil
}

func setSupport(ctx context.Context, tx bun.Tx, ideaID, userID uuid.UUID, support bool, now time.Time) (bool, error) {
	if support {
		row := supportRow{IdeaID: ideaID, UserID: userID, CreatedAt: now}
		res, err := tx.NewInsert().Model(&row).On("CONFLICT (idea_id, user_id) DO NOTHING").Exec(ctx)
		if err != nil {
			return false, err
		}
		return affected(res)
	}
	res, err := tx.NewDelete().Model((*supportRow)(nil)).
		Where("idea_id = ? AND user_id = ?", ideaID, userID).Exec(ctx)
	if err != nil {
		return false, err
	}
	return affected(res)
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
