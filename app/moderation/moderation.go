// Package moderation hides and restores public content — initiatives,
// ideas, comments and updates — for the moderators (an initiative's
// organisers, administrators) and for the three-reports rule, and keeps
// authors' appeals against it.
//
// The hiding functions work inside the caller's transaction and do not
// check who acts: the caller (package idea for organisers, package admin
// for administrators) has decided that, and commits the hiding together
// with the resolved reports and the audit entry.
package moderation

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/search"
)

// The kinds of content that can be reported, hidden and appealed.
const (
	Initiative = "initiative"
	Idea       = "idea"
	Comment    = "comment"
	Update     = "update"
)

// Kinds returns the kinds of content moderation handles.
func Kinds() []string { return []string{Initiative, Idea, Comment, Update} }

// ByReports is the hidden_reason of an item the reports hid pending a
// moderator's review (hidden_by is NULL); pages show a localised text for
// it instead.
const ByReports = "reports"

// ReportsToHide is how many residents with open reports about an item hide
// it pending review.
const ReportsToHide = 3

// ErrNotFound: there is no item of that kind with that id.
var ErrNotFound = apperr.E(apperr.NotFound, "moderation.not_found")

// tables maps a kind to its table; the kinds are constants, never the
// caller's text, so the names are safe to put in SQL.
var tables = map[string]string{Initiative: "initiatives", Idea: "ideas", Comment: "comments", Update: "updates"}

// Concealment is what moderation stores on a hideable item; initiatives,
// ideas and updates embed it (comments have had the first two columns
// since the participation issue).
type Concealment struct {
	HiddenReason string     `bun:"hidden_reason,notnull"`
	HiddenBy     *uuid.UUID `bun:"hidden_by,type:text"` // nil when the reports hid it
	HiddenAt     *time.Time `bun:"hidden_at"`
}

// Hidden reports whether moderation hid the item.
func (c Concealment) Hidden() bool { return c.HiddenReason != "" }

// PendingReview reports whether the reports hid the item and no moderator
// has looked at it yet.
func (c Concealment) PendingReview() bool { return c.HiddenReason == ByReports && c.HiddenBy == nil }

// Hide hides the item in tx with a reason shown in its place; by is the
// moderator, nil when the reports hide it. A moderator's hiding replaces a
// pending one (their reason is what people then read); hiding an item that
// is hidden already changes nothing else. It reports whether the item was
// visible. A comment leaves its idea's comments_count exactly once: only
// the UPDATE that finds it visible lowers the count.
func Hide(ctx context.Context, tx bun.Tx, kind string, id uuid.UUID, reason string, by *uuid.UUID, now time.Time) (bool, error) {
	table, ok := tables[kind]
	if !ok {
		return false, ErrNotFound
	}
	q := tx.NewUpdate().Table(table).Set("hidden_reason = ?, hidden_by = ?", reason, by).
		Where("id = ? AND hidden_reason = ''", id)
	if kind == Comment {
		q = q.Where("deleted_at IS NULL")
	} else {
		q = q.Set("hidden_at = ?", now)
	}
	changed, err := exec(ctx, q)
	if err != nil {
		return false, err
	}
	if changed {
		return true, after(ctx, tx, kind, id, -1)
	}
	if by != nil {
		if _, err := tx.NewUpdate().Table(table).Set("hidden_reason = ?, hidden_by = ?", reason, by).
			Where("id = ? AND hidden_reason = ? AND hidden_by IS NULL", id, ByReports).Exec(ctx); err != nil {
			return false, err
		}
	}
	return false, mustExist(ctx, tx, table, id)
}

// Restore shows a hidden item again and reports whether it was hidden.
// With pendingOnly it restores only what the reports hid (their reports
// were dismissed); a moderator's hiding stays.
func Restore(ctx context.Context, tx bun.Tx, kind string, id uuid.UUID, pendingOnly bool) (bool, error) {
	table, ok := tables[kind]
	if !ok {
		return false, ErrNotFound
	}
	q := tx.NewUpdate().Table(table).Set("hidden_reason = '', hidden_by = NULL").
		Where("id = ? AND hidden_reason <> ''", id)
	if pendingOnly {
		q = q.Where("hidden_reason = ? AND hidden_by IS NULL", ByReports)
	}
	if kind == Comment {
		q = q.Where("deleted_at IS NULL")
	} else {
		q = q.Set("hidden_at = NULL")
	}
	changed, err := exec(ctx, q)
	if err != nil || !changed {
		return false, err
	}
	return true, after(ctx, tx, kind, id, +1)
}

// after keeps what depends on the item's visibility in step: a comment's
// count on its idea, and the search index (an initiative's ideas,
// activities and tasks leave and return with it).
func after(ctx context.Context, tx bun.Tx, kind string, id uuid.UUID, delta int) error {
	switch kind {
	case Comment:
		expr := "comments_count = comments_count + 1"
		if delta < 0 {
			expr = "comments_count = comments_count - 1"
		}
		_, err := tx.NewUpdate().Table("ideas").Set(expr).
			Where("id = (SELECT idea_id FROM comments WHERE id = ?)", id).Exec(ctx)
		return err
	case Idea:
		return search.Enqueue(ctx, tx, search.KindIdea, id.String())
	case Initiative:
		if err := search.Enqueue(ctx, tx, search.KindInitiative, id.String()); err != nil {
			return err
		}
		return search.EnqueueCascade(ctx, tx, search.KindInitiative, id.String())
	}
	return nil
}

// HideIfReported hides the item pending review once ReportsToHide
// residents have open reports about it; call it in the transaction that
// adds a report, after the insert. Its reports stay open: a moderator
// reviews them, and dismissing them shows the item again. It reports
// whether this report hid the item.
func HideIfReported(ctx context.Context, tx bun.Tx, kind string, id uuid.UUID, now time.Time) (bool, error) {
	n, err := tx.NewSelect().TableExpr("reports AS r").Join("JOIN users AS u ON u.id = r.reporter_id").
		Where("r.target_kind = ? AND r.target_id = ? AND r.resolved_at IS NULL AND u.role = ?", kind, id, account.Resident).
		Count(ctx)
	if err != nil || n < ReportsToHide {
		return false, err
	}
	return Hide(ctx, tx, kind, id, ByReports, nil, now)
}

// ResolveReports closes the open reports about the item and returns how
// many there were.
func ResolveReports(ctx context.Context, tx bun.Tx, kind string, id uuid.UUID, now time.Time) (int64, error) {
	res, err := tx.NewUpdate().Table("reports").Set("resolved_at = ?", now).
		Where("target_kind = ? AND target_id = ? AND resolved_at IS NULL", kind, id).Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// authorsQueries select who wrote an item: its author, or for an
// initiative its organisers.
var authorsQueries = map[string]string{
	Initiative: `SELECT user_id FROM organisers WHERE initiative_id = ?`,
	Idea:       `SELECT author_id FROM ideas WHERE id = ? AND author_id IS NOT NULL`,
	Comment:    `SELECT author_id FROM comments WHERE id = ? AND author_id IS NOT NULL`,
	Update:     `SELECT author_id FROM updates WHERE id = ? AND author_id IS NOT NULL`,
}

// IsAuthor reports whether u wrote the item (for an initiative: organises
// it). Hidden content stays visible to its authors, and they may appeal.
func IsAuthor(ctx context.Context, q bun.IDB, kind string, id, u uuid.UUID) (bool, error) {
	query, ok := authorsQueries[kind]
	if !ok {
		return false, nil
	}
	var ids []uuid.UUID
	if err := q.NewRaw(query, id).Scan(ctx, &ids); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	for _, a := range ids {
		if a == u {
			return true, nil
		}
	}
	return false, nil
}

func exec(ctx context.Context, q *bun.UpdateQuery) (bool, error) {
	res, err := q.Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func mustExist(ctx context.Context, tx bun.Tx, table string, id uuid.UUID) error {
	ok, err := tx.NewSelect().TableExpr("?", bun.Ident(table)).Where("id = ?", id).Exists(ctx)
	if err != nil || !ok {
		return orElse(err, ErrNotFound)
	}
	return nil
}

func orElse(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// HideReported is a moderator's hiding of a reported item in tx: hidden
// with actor's public reason, its reports closed, and audited.
func HideReported(ctx context.Context, tx bun.Tx, actor account.User, kind string, id uuid.UUID, reason string, now time.Time) error {
	if _, err := Hide(ctx, tx, kind, id, reason, &actor.ID, now); err != nil {
		return err
	}
	if _, err := ResolveReports(ctx, tx, kind, id, now); err != nil {
		return err
	}
	return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ContentHidden,
		SubjectKind: kind, SubjectID: id.String(), Reason: reason, CreatedAt: now})
}

// Dismiss is a moderator's dismissal of the reports about an item in tx:
// its open reports closed, the item shown again if only the reports hid
// it, and audited. It reports false, changing nothing, when no report was
// open.
func Dismiss(ctx context.Context, tx bun.Tx, actor account.User, kind string, id uuid.UUID, reason string, now time.Time) (bool, error) {
	n, err := ResolveReports(ctx, tx, kind, id, now)
	if err != nil || n == 0 {
		return false, err
	}
	if _, err := Restore(ctx, tx, kind, id, true); err != nil {
		return false, err
	}
	return true, audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ReportsDismissed,
		SubjectKind: kind, SubjectID: id.String(), Reason: reason, CreatedAt: now})
}
