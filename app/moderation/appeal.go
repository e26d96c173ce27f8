package moderation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
)

// Service keeps the appeals against hidden content: authors file them,
// administrators decide them.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns the appeals service on db; now is the clock.
func NewService(db *bun.DB, now func() time.Time) *Service { return &Service{db: db, now: now} }

// The decisions on an appeal.
const (
	Restored = "restored" // the item is shown again
	Upheld   = "upheld"   // it stays hidden
)

// Appeal is an author's objection to the hiding of their content.
type Appeal struct {
	bun.BaseModel `bun:"table:appeals,alias:ap"`

	ID             uuid.UUID  `bun:"id,pk,type:text"`
	TargetKind     string     `bun:"target_kind,notnull"`
	TargetID       uuid.UUID  `bun:"target_id,notnull,type:text"`
	AppellantID    *uuid.UUID `bun:"appellant_id,type:text"`
	Text           string     `bun:"text,notnull"`
	CreatedAt      time.Time  `bun:"created_at,notnull"`
	Decision       string     `bun:"decision,notnull"` // "" while open
	DecisionReason string     `bun:"decision_reason,notnull"`
	DecidedBy      *uuid.UUID `bun:"decided_by,type:text"`
	DecidedAt      *time.Time `bun:"decided_at"`

	// HiddenReason and Link are the item's reason and page, filled for
	// the administrators' queue.
	HiddenReason string `bun:"hidden_reason,scanonly"`
	Link         string `bun:"link,scanonly"`
}

// Open reports whether no administrator has decided the appeal yet.
func (a Appeal) Open() bool { return a.DecidedAt == nil }

// The limits of an appeal's text and a decision's reason.
const (
	maxAppeal = 2000
	maxReason = 500
)

var (
	errNotHidden  = apperr.E(apperr.Conflict, "moderation.appeal.not_hidden")
	errNotAuthor  = apperr.E(apperr.Forbidden, "moderation.appeal.not_author")
	errAppealOpen = apperr.E(apperr.Conflict, "moderation.appeal.open")
	errNotAdmin   = apperr.E(apperr.Forbidden, "moderation.appeal.not_admin")
	errDecided    = apperr.E(apperr.NotFound, "moderation.appeal.decided")
	errFinal      = apperr.E(apperr.Conflict, "moderation.appeal.final")
)

// hiddenQueries say whether an item is hidden by moderation now; a deleted
// comment cannot be appealed.
var hiddenQueries = map[string]string{
	Initiative: `SELECT hidden_reason FROM initiatives WHERE id = ?`,
	Idea:       `SELECT hidden_reason FROM ideas WHERE id = ?`,
	Comment:    `SELECT hidden_reason FROM comments WHERE id = ? AND deleted_at IS NULL`,
	Update:     `SELECT hidden_reason FROM updates WHERE id = ?`,
}

// File records actor's appeal against the hiding of the item, for the
// administrators. Only an author of hidden content may appeal, once per
// hiding: not while an appeal is open, nor after one was turned down.
func (s *Service) File(ctx context.Context, actor account.User, kind string, id uuid.UUID, text string) (Appeal, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return Appeal{}, apperr.InvalidFields(map[string]string{"text": "moderation.appeal.text.required"})
	case utf8.RuneCountInString(text) > maxAppeal:
		return Appeal{}, apperr.InvalidFields(map[string]string{"text": "moderation.appeal.text.too_long"})
	case !slices.Contains(Kinds(), kind):
		return Appeal{}, ErrNotFound
	}
	a := Appeal{ID: uuid.Must(uuid.NewV7()), TargetKind: kind, TargetID: id, AppellantID: &actor.ID,
		Text: text, CreatedAt: s.now().UTC()}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := mayAppeal(ctx, tx, actor, kind, id); err != nil {
			return err
		}
		if err := noPendingAppeal(ctx, tx, kind, id); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(&a).Exec(ctx)
		return err
	})
	if err != nil {
		return Appeal{}, fmt.Errorf("appeal %s %s: %w", kind, id, err)
	}
	return a, nil
}

// noPendingAppeal refuses a new appeal while one is open or after the
// latest was upheld (a restored item that was hidden again may be
// appealed again).
func noPendingAppeal(ctx context.Context, tx bun.Tx, kind string, id uuid.UUID) error {
	var last []Appeal
	err := tx.NewSelect().Model(&last).Where("target_kind = ? AND target_id = ?", kind, id).
		OrderExpr("created_at DESC, id DESC").Limit(1).Scan(ctx)
	switch {
	case err != nil:
		return err
	case len(last) == 0 || last[0].Decision == Restored:
		return nil
	case last[0].Open():
		return errAppealOpen
	}
	return errFinal
}

func mayAppeal(ctx context.Context, tx bun.Tx, actor account.User, kind string, id uuid.UUID) error {
	var reasons []string
	if err := tx.NewRaw(hiddenQueries[kind], id).Scan(ctx, &reasons); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if len(reasons) == 0 {
		return ErrNotFound
	}
	if reasons[0] == "" {
		return errNotHidden
	}
	ok, err := IsAuthor(ctx, tx, kind, id, actor.ID)
	if err != nil || !ok {
		return orElse(err, errNotAuthor)
	}
	return nil
}

// Latest returns the newest appeal about the item, for its author's view
// of it; false when there is none.
func (s *Service) Latest(ctx context.Context, kind string, id uuid.UUID) (Appeal, bool, error) {
	var as []Appeal
	err := s.db.NewSelect().Model(&as).Where("target_kind = ? AND target_id = ?", kind, id).
		OrderExpr("created_at DESC, id DESC").Limit(1).Scan(ctx)
	if err != nil {
		return Appeal{}, false, fmt.Errorf("latest appeal on %s %s: %w", kind, id, err)
	}
	if len(as) == 0 {
		return Appeal{}, false, nil
	}
	return as[0], true, nil
}

// openQueue selects the open appeals with the hidden reason of their item
// and the page it is on, the longest waiting first.
const openQueue = `SELECT ap.*, COALESCE(
 CASE ap.target_kind
  WHEN 'initiative' THEN (SELECT hidden_reason FROM initiatives WHERE id = ap.target_id)
  WHEN 'idea' THEN (SELECT hidden_reason FROM ideas WHERE id = ap.target_id)
  WHEN 'comment' THEN (SELECT hidden_reason FROM comments WHERE id = ap.target_id)
  ELSE (SELECT hidden_reason FROM updates WHERE id = ap.target_id) END, '') AS hidden_reason,
 COALESCE(CASE ap.target_kind
  WHEN 'initiative' THEN (SELECT '/initiatief/' || slug FROM initiatives WHERE id = ap.target_id)
  WHEN 'idea' THEN '/idee/' || ap.target_id
  WHEN 'comment' THEN (SELECT '/idee/' || idea_id || '#reactie-' || id FROM comments WHERE id = ap.target_id)
  ELSE (SELECT '/initiatief/' || i.slug FROM updates AS u JOIN initiatives AS i ON i.id = u.initiative_id WHERE u.id = ap.target_id)
 END, '') AS link
FROM appeals AS ap WHERE ap.decided_at IS NULL ORDER BY ap.created_at, ap.id LIMIT 500`

// OpenAppeals returns the appeals waiting for an administrator.
func (s *Service) OpenAppeals(ctx context.Context, actor account.User) ([]Appeal, error) {
	if !isAdmin(actor) {
		return nil, errNotAdmin
	}
	var as []Appeal
	if err := s.db.NewRaw(openQueue).Scan(ctx, &as); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("open appeals: %w", err)
	}
	return as, nil
}

// Decide settles an open appeal: restore shows the item again (and closes
// its reports), otherwise it stays hidden. The reason is shown to the
// author and kept in the audit log.
func (s *Service) Decide(ctx context.Context, actor account.User, appealID uuid.UUID, restore bool, reason string) error {
	if !isAdmin(actor) {
		return errNotAdmin
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return apperr.InvalidFields(map[string]string{"reason": "moderation.decision.reason.required"})
	case utf8.RuneCountInString(reason) > maxReason:
		return apperr.InvalidFields(map[string]string{"reason": "moderation.decision.reason.too_long"})
	}
	decision, action := Upheld, audit.AppealUpheld
	if restore {
		decision, action = Restored, audit.ContentRestored
	}
	now := s.now().UTC()
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var a Appeal
		err := tx.NewUpdate().Model(&a).
			Set("decision = ?, decision_reason = ?, decided_by = ?, decided_at = ?", decision, reason, actor.ID, now).
			Where("id = ? AND decided_at IS NULL", appealID).Returning("*").Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return errDecided
		}
		if err != nil {
			return err
		}
		if restore {
			if _, err := Restore(ctx, tx, a.TargetKind, a.TargetID, false); err != nil {
				return err
			}
			if _, err := ResolveReports(ctx, tx, a.TargetKind, a.TargetID, now); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: action,
			SubjectKind: a.TargetKind, SubjectID: a.TargetID.String(), Reason: reason, CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("decide appeal %s: %w", appealID, err)
	}
	return nil
}

func isAdmin(u account.User) bool { return u.Role == account.Admin && !u.Blocked() }
