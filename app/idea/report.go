package idea

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
)

// ReportKinds returns the kinds of content that can be reported.
func ReportKinds() []string { return []string{"initiative", "idea", "comment", "update"} }

// ReportReasons returns the reasons a report can give, in form order.
func ReportReasons() []string { return []string{"spam", "insult", "personal_data", "other"} }

// reportTable maps a report kind to the table its targets live in.
func reportTable(kind string) string {
	switch kind {
	case "initiative":
		return "initiatives"
	case "idea":
		return "ideas"
	case "comment":
		return "comments"
	case "update":
		return "updates"
	}
	return ""
}

// Report files the user's report about content for the moderators. Text
// explains the report and is required for reason "other". A user reports
// each piece of content once; reporting it again changes nothing.
func (s *Service) Report(ctx context.Context, actor account.User, kind string, targetID uuid.UUID, reason, text string) error {
	fe := fieldErrors{}
	table := reportTable(kind)
	if table == "" {
		fe.add("kind", "idea.report.kind.unknown")
	}
	if !slices.Contains(ReportReasons(), reason) {
		fe.add("reason", "idea.report.reason.unknown")
	}
	text, key := reportTextRule.check(text)
	fe.add("text", key)
	if reason == "other" && text == "" {
		fe.add("text", "idea.report.text.required")
	}
	if len(fe) > 0 {
		return apperr.InvalidFields(fe)
	}
	r := Report{ID: uuid.Must(uuid.NewV7()), TargetKind: kind, TargetID: targetID, ReporterID: &actor.ID,
		Reason: reason, Text: text, CreatedAt: s.now().UTC()}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// table is one of four constants, never the caller's text.
		ok, err := tx.NewSelect().TableExpr("?", bun.Ident(table)).Where("id = ?", targetID).Exists(ctx)
		if err != nil || !ok {
			return orElse(err, ErrNotFound)
		}
		if kind == "comment" {
			// Lock the comment so that concurrent reports count each other
			// (SQLite's BEGIN IMMEDIATE serialises them anyway).
			if _, err := tx.NewUpdate().Table("comments").Set("id = id").Where("id = ?", targetID).Exec(ctx); err != nil {
				return err
			}
		}
		res, err := tx.NewInsert().Model(&r).On("CONFLICT (target_kind, target_id, reporter_id) DO NOTHING").Exec(ctx)
		if err != nil {
			return err
		}
		if added, err := affected(res); err != nil || !added || kind != "comment" {
			return err
		}
		return autoHideComment(ctx, tx, actor, targetID, r.CreatedAt)
	})
	if err != nil {
		return fmt.Errorf("report %s %s: %w", kind, targetID, err)
	}
	return nil
}

// AutoHideReports is how many open reports from different residents hide
// a comment pending review.
const AutoHideReports = 3

// AutoHiddenReason is the hidden_reason of a comment hidden by reports
// rather than by a person; its page shows a localised text for it.
const AutoHiddenReason = "reports"

// autoHideComment hides a visible comment once AutoHideReports residents
// have open reports about it, in the transaction of the report that makes
// the count. Its reports stay open: an organiser or administrator reviews
// them, and dismissing them shows the comment again.
func autoHideComment(ctx context.Context, tx bun.Tx, actor account.User, id uuid.UUID, now time.Time) error {
	n, err := tx.NewSelect().TableExpr("reports AS r").Join("JOIN users AS u ON u.id = r.reporter_id").
		Where("r.target_kind = 'comment' AND r.target_id = ? AND r.resolved_at IS NULL AND u.role = ?", id, account.Resident).
		Count(ctx)
	if err != nil || n < AutoHideReports {
		return err
	}
	c, _, err := liveComment(ctx, tx, id)
	if errors.Is(err, ErrNotFound) {
		return nil // its idea was removed: nothing shows it
	}
	if err != nil {
		return err
	}
	if !c.Visible() {
		return nil
	}
	if err := conceal(ctx, tx, c, "hidden_reason = ?, hidden_by = NULL", AutoHiddenReason); err != nil {
		return err
	}
	// The audit names the report that tipped the count, with its role.
	return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ContentHidden,
		SubjectKind: "comment", SubjectID: id.String(), Reason: AutoHiddenReason, CreatedAt: now})
}
