package idea

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/moderation"
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
// each piece of content once; reporting it again changes nothing. The
// report that makes moderation.ReportsToHide residents hides the item
// pending review, in its transaction.
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
		// Lock the item (table is one of four constants, never the
		// caller's text) so that concurrent reports count each other on
		// PostgreSQL; SQLite's BEGIN IMMEDIATE serialises them anyway.
		res, err := tx.NewUpdate().TableExpr("?", bun.Ident(table)).Set("id = id").Where("id = ?", targetID).Exec(ctx)
		if err != nil {
			return err
		}
		if found, err := affected(res); err != nil || !found {
			return orElse(err, ErrNotFound)
		}
		res, err = tx.NewInsert().Model(&r).On("CONFLICT (target_kind, target_id, reporter_id) DO NOTHING").Exec(ctx)
		if err != nil {
			return err
		}
		if added, err := affected(res); err != nil || !added {
			return err
		}
		hid, err := moderation.HideIfReported(ctx, tx, kind, targetID, r.CreatedAt)
		if err != nil || !hid {
			return err
		}
		// The audit names the report that tipped the count, with its role.
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ContentHidden,
			SubjectKind: kind, SubjectID: targetID.String(), Reason: moderation.ByReports, CreatedAt: r.CreatedAt})
	})
	if err != nil {
		return fmt.Errorf("report %s %s: %w", kind, targetID, err)
	}
	return nil
}

// AutoHideReports is how many open reports from different residents hide
// an item pending review.
const AutoHideReports = moderation.ReportsToHide

// AutoHiddenReason is the hidden_reason of an item hidden by reports
// rather than by a person; its page shows a localised text for it.
const AutoHiddenReason = moderation.ByReports
