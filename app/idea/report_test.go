package idea_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

func TestReportsOncePerReporterAndTarget(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob := f.resident("Anna"), f.resident("Bob")
		staff := f.withRole("Sanne", account.Staff)
		ini := f.initiative("speeltuin")
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Koop nu goedkope horloges")
		update := uuid.Must(uuid.NewV7())
		if _, err := bdb.NewInsert().Table("updates").Model(&map[string]any{"id": update, "initiative_id": ini,
			"body": "Nieuws", "created_at": t0}).Exec(f.ctx); err != nil {
			t.Fatal(err)
		}
		reports := []struct {
			who          account.User
			kind         string
			id           uuid.UUID
			reason, text string
		}{
			{bob, "comment", c.ID, "spam", ""},
			{bob, "comment", c.ID, "insult", "tweede keer"}, // no-op
			{staff, "comment", c.ID, "other", "  Reclame. "},
			{bob, "idea", it.ID, "personal_data", "Er staat een telefoonnummer in.\nZie regel 2."},
			{bob, "initiative", ini, "insult", ""},
			{bob, "update", update, "spam", strings.Repeat("ü", 1000)},
		}
		for _, r := range reports {
			if err := f.svc.Report(f.ctx, r.who, r.kind, r.id, r.reason, r.text); err != nil {
				t.Errorf("report %s by %s: %v", r.kind, r.who.DisplayName, err)
			}
		}
		if n := f.count("reports", ""); n != 5 {
			t.Errorf("%d reports stored, want 5", n)
		}
		var first idea.Report
		if err := bdb.NewSelect().Model(&first).Where("target_id = ? AND reporter_id = ?", c.ID, bob.ID).Scan(f.ctx); err != nil ||
			first.Reason != "spam" || first.TargetKind != "comment" || !first.CreatedAt.Equal(t0) {
			t.Errorf("first report = %+v, %v; want the spam report kept", first, err)
		}
		var other idea.Report
		if err := bdb.NewSelect().Model(&other).Where("reporter_id = ?", staff.ID).Scan(f.ctx); err != nil || other.Text != "Reclame." {
			t.Errorf("staff report = %+v, %v; want the trimmed text", other, err)
		}
	})
}

func TestReportRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		it := f.propose(anna, f.initiative("speeltuin"), "Een bankje")
		tests := []struct {
			name, kind   string
			id           uuid.UUID
			reason, text string
			fields       map[string]string
		}{
			{"other without text", "idea", it.ID, "other", " ", map[string]string{"text": "idea.report.text.required"}},
			{"text of 1001 characters", "idea", it.ID, "spam", strings.Repeat("x", 1001), map[string]string{"text": "idea.report.text.too_long"}},
			{"unknown kind and reason", "user", it.ID, "boring", "", map[string]string{
				"kind": "idea.report.kind.unknown", "reason": "idea.report.reason.unknown"}},
			{"control characters", "idea", it.ID, "spam", "a\x1bb", map[string]string{"text": "idea.text.control"}},
		}
		for _, tt := range tests {
			wantFields(t, tt.name, f.svc.Report(f.ctx, anna, tt.kind, tt.id, tt.reason, tt.text), tt.fields)
		}
		for _, kind := range idea.ReportKinds() {
			err := f.svc.Report(f.ctx, anna, kind, uuid.New(), "spam", "")
			wantErr(t, "report an unknown "+kind, err, apperr.NotFound, "error.not_found")
		}
		err := f.svc.Report(f.ctx, anna, "comment", it.ID, "spam", "")
		wantErr(t, "an idea's id reported as a comment", err, apperr.NotFound, "error.not_found")
		if n := f.count("reports", ""); n != 0 {
			t.Errorf("%d reports stored by refused reports", n)
		}
	})
}
