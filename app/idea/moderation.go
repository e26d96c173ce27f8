package idea

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/moderation"
)

// errNoModeration refuses report handling to staff and administrators:
// staff never moderate, and administrators handle reports in their own
// queue (package admin), not as an initiative's organiser.
var errNoModeration = apperr.E(apperr.Forbidden, "idea.moderation.not_organiser")

// errNothingOpen answers handling an item that has no open reports on the
// initiative (handled already, or not the initiative's).
var errNothingOpen = apperr.E(apperr.NotFound, "idea.moderation.nothing_open")

// ItemReports is the open reports about one idea, comment or update of an
// initiative, as its organisers see them.
type ItemReports struct {
	Kind     string // idea, comment, update
	TargetID uuid.UUID
	Count    int
	Reasons  map[string]int // reason -> how many reports gave it
	Texts    []string       // the reporters' explanations, oldest first
	First    time.Time
	// IdeaID is the idea shown with the item: the idea itself or the
	// comment's; "" for an update.
	IdeaID string
}

// openInitiativeReports selects the open reports about the ideas, comments
// and updates of one initiative (the ? are its id three times).
const openInitiativeReports = `SELECT r.target_kind, r.target_id, r.reason, r.text, r.created_at,
 CASE r.target_kind WHEN 'idea' THEN r.target_id WHEN 'comment' THEN (SELECT idea_id FROM comments WHERE id = r.target_id) ELSE '' END AS idea_id
FROM reports AS r
WHERE r.resolved_at IS NULL AND (
 (r.target_kind = 'idea' AND r.target_id IN (SELECT id FROM ideas WHERE initiative_id = ? AND removed_at IS NULL))
 OR (r.target_kind = 'comment' AND r.target_id IN (SELECT c.id FROM comments AS c JOIN ideas AS i ON i.id = c.idea_id WHERE i.initiative_id = ?))
 OR (r.target_kind = 'update' AND r.target_id IN (SELECT id FROM updates WHERE initiative_id = ?)))
ORDER BY r.created_at, r.id LIMIT 1000`

type openRow struct {
	TargetKind string    `bun:"target_kind"`
	TargetID   uuid.UUID `bun:"target_id,type:text"`
	Reason     string    `bun:"reason"`
	Text       string    `bun:"text"`
	CreatedAt  time.Time `bun:"created_at"`
	IdeaID     string    `bun:"idea_id"`
}

// InitiativeReports returns the open reports about the initiative's ideas,
// comments and updates, one entry per item, the longest waiting first.
// Only a resident organiser of the initiative may read them.
func (s *Service) InitiativeReports(ctx context.Context, actor account.User, initiativeID uuid.UUID) ([]ItemReports, error) {
	if err := mayModerate(ctx, s.db, actor, initiativeID); err != nil {
		return nil, err
	}
	var rows []openRow
	if err := s.db.NewRaw(openInitiativeReports, initiativeID, initiativeID, initiativeID).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("open reports of initiative %s: %w", initiativeID, err)
	}
	var items []ItemReports
	at := map[string]int{}
	for _, r := range rows {
		key := r.TargetKind + ":" + r.TargetID.String()
		i, ok := at[key]
		if !ok {
			i = len(items)
			at[key] = i
			items = append(items, ItemReports{Kind: r.TargetKind, TargetID: r.TargetID, Reasons: map[string]int{}, First: r.CreatedAt, IdeaID: r.IdeaID})
		}
		it := &items[i]
		it.Count++
		it.Reasons[r.Reason]++
		if r.Text != "" {
			it.Texts = append(it.Texts, r.Text)
		}
	}
	return items, nil
}

// DismissReports resolves the open reports about an item of the
// initiative without acting on it; the organiser's reason may be empty.
// An item the reports hid pending review is shown again.
func (s *Service) DismissReports(ctx context.Context, actor account.User, initiativeID uuid.UUID, kind string, targetID uuid.UUID, reason string) error {
	reason, key := reportTextRule.check(reason)
	now := s.now().UTC()
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := mayModerate(ctx, tx, actor, initiativeID); err != nil {
			return err
		}
		if key != "" {
			return apperr.InvalidFields(map[string]string{"reason": key})
		}
		if err := ofInitiative(ctx, tx, initiativeID, kind, targetID); err != nil {
			return err
		}
		dismissed, err := moderation.Dismiss(ctx, tx, actor, kind, targetID, reason, now)
		if err == nil && !dismissed {
			err = errNothingOpen
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("dismiss reports on %s %s: %w", kind, targetID, err)
	}
	return nil
}

// HideReported hides a reported idea, comment or update of the initiative
// with a public reason, shown in its place, and resolves its reports.
func (s *Service) HideReported(ctx context.Context, actor account.User, initiativeID uuid.UUID, kind string, targetID uuid.UUID, reason string) error {
	reason, key := reasonRule.check(reason)
	now := s.now().UTC()
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := mayModerate(ctx, tx, actor, initiativeID); err != nil {
			return err
		}
		if key != "" {
			return apperr.InvalidFields(map[string]string{"reason": key})
		}
		if err := ofInitiative(ctx, tx, initiativeID, kind, targetID); err != nil {
			return err
		}
		return moderation.HideReported(ctx, tx, actor, kind, targetID, reason, now)
	})
	if err != nil {
		return fmt.Errorf("hide reported %s %s: %w", kind, targetID, err)
	}
	return nil
}

// mayModerate lets only resident organisers of the initiative moderate it.
func mayModerate(ctx context.Context, q bun.IDB, actor account.User, initiativeID uuid.UUID) error {
	if actor.Role != account.Resident {
		return errNoModeration
	}
	ok, err := isOrganiser(ctx, q, initiativeID, actor.ID)
	if err != nil || !ok {
		return orElse(err, errNoModeration)
	}
	return nil
}

// ofInitiative checks that the item belongs to the initiative, so an
// organiser cannot handle reports about another initiative's content.
func ofInitiative(ctx context.Context, q bun.IDB, initiativeID uuid.UUID, kind string, id uuid.UUID) error {
	var sel *bun.SelectQuery
	switch kind {
	case "idea":
		sel = q.NewSelect().Table("ideas").Where("id = ? AND initiative_id = ?", id, initiativeID)
	case "comment":
		sel = q.NewSelect().TableExpr("comments AS c").Join("JOIN ideas AS i ON i.id = c.idea_id").
			Where("c.id = ? AND i.initiative_id = ?", id, initiativeID)
	case "update":
		sel = q.NewSelect().Table("updates").Where("id = ? AND initiative_id = ?", id, initiativeID)
	default:
		return errNothingOpen
	}
	ok, err := sel.Exists(ctx)
	if err != nil || !ok {
		return orElse(err, errNothingOpen)
	}
	return nil
}
