package idea

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
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
		_, err = tx.NewInsert().Model(&r).On("CONFLICT (target_kind, target_id, reporter_id) DO NOTHING").Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("report %s %s: %w", kind, targetID, err)
	}
	return nil
}
