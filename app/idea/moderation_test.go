package idea_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

func TestOrganiserHandlesReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		olga, anna, bob, carl := f.resident("Olga"), f.resident("Anna"), f.resident("Bob"), f.resident("Carl")
		ini := f.initiative("speeltuin", olga)
		other := f.initiative("moestuin", carl)
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Koop nu goedkope horloges")
		elsewhere := f.propose(anna, other, "Een kas")
		for _, r := range []struct {
			who  account.User
			kind string
			id   uuid.UUID
		}{{bob, "comment", c.ID}, {carl, "comment", c.ID}, {bob, "idea", it.ID}, {bob, "idea", elsewhere.ID}} {
			if err := f.svc.Report(f.ctx, r.who, r.kind, r.id, "spam", "reclame"); err != nil {
				t.Fatal(err)
			}
		}
		items, err := f.svc.InitiativeReports(f.ctx, olga, ini)
		if err != nil || len(items) != 2 || items[0].Kind != "comment" || items[0].Count != 2 ||
			items[0].Reasons["spam"] != 2 || len(items[0].Texts) != 2 || items[0].IdeaID != it.ID.String() ||
			items[1].TargetID != it.ID || items[1].IdeaID != it.ID.String() {
			t.Fatalf("reports = %+v, %v; want the comment (2) then the idea, not the other initiative's", items, err)
		}
		err = f.svc.HideReported(f.ctx, olga, ini, "comment", c.ID, " ")
		wantFields(t, "hide without reason", err, map[string]string{"reason": "idea.reason.required"})
		if err := f.svc.HideReported(f.ctx, olga, ini, "comment", c.ID, "Reclame"); err != nil {
			t.Fatalf("hide: %v", err)
		}
		if got := f.stored(it.ID).CommentsCount; got != 0 {
			t.Errorf("comments_count = %d after hiding, want 0", got)
		}
		if n := f.count("comments", "id = ? AND hidden_reason = 'Reclame'", c.ID); n != 1 {
			t.Errorf("comment not hidden with the reason")
		}
		if err := f.svc.DismissReports(f.ctx, olga, ini, "idea", it.ID, ""); err != nil {
			t.Fatalf("dismiss: %v", err)
		}
		err = f.svc.DismissReports(f.ctx, olga, ini, "idea", it.ID, "")
		wantErr(t, "dismiss twice", err, apperr.NotFound, "idea.moderation.nothing_open")
		if n := f.count("reports", "resolved_at IS NULL"); n != 1 {
			t.Errorf("%d open reports, want only the other initiative's", n)
		}
		if n := f.count("audit_log", "actor_id = ? AND action = 'content_hidden' AND subject_id = ? AND reason = 'Reclame'", olga.ID, c.ID.String()); n != 1 {
			t.Errorf("%d audit rows for the hiding, want 1", n)
		}
		if n := f.count("audit_log", "actor_id = ? AND action = 'reports_dismissed' AND subject_id = ?", olga.ID, it.ID.String()); n != 1 {
			t.Errorf("%d audit rows for the dismissal, want 1", n)
		}
		if items, err := f.svc.InitiativeReports(f.ctx, olga, ini); err != nil || len(items) != 0 {
			t.Errorf("reports after handling = %+v, %v; want none", items, err)
		}
	})
}

func TestOnlyResidentOrganisersModerate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		olga, anna, bob := f.resident("Olga"), f.resident("Anna"), f.resident("Bob")
		staff := f.withRole("Sanne", account.Staff)
		admin := f.withRole("Ad", account.Admin)
		ini := f.initiative("speeltuin", olga, staff, admin)
		other := f.initiative("moestuin", bob)
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Koop nu goedkope horloges")
		if err := f.svc.Report(f.ctx, bob, "comment", c.ID, "spam", ""); err != nil {
			t.Fatal(err)
		}
		// Organiser rows for staff and admins prove the role alone refuses them.
		for _, u := range []account.User{anna, staff, admin} {
			_, err := f.svc.InitiativeReports(f.ctx, u, ini)
			wantErr(t, "list by "+u.DisplayName, err, apperr.Forbidden, "idea.moderation.not_organiser")
			err = f.svc.HideReported(f.ctx, u, ini, "comment", c.ID, "Reclame")
			wantErr(t, "hide by "+u.DisplayName, err, apperr.Forbidden, "idea.moderation.not_organiser")
			err = f.svc.DismissReports(f.ctx, u, ini, "comment", c.ID, "")
			wantErr(t, "dismiss by "+u.DisplayName, err, apperr.Forbidden, "idea.moderation.not_organiser")
		}
		// Bob organises another initiative: he cannot reach this one's content through it.
		err := f.svc.HideReported(f.ctx, bob, other, "comment", c.ID, "Reclame")
		wantErr(t, "hide through another initiative", err, apperr.NotFound, "idea.moderation.nothing_open")
		err = f.svc.DismissReports(f.ctx, bob, other, "comment", c.ID, "")
		wantErr(t, "dismiss through another initiative", err, apperr.NotFound, "idea.moderation.nothing_open")
		if n := f.count("reports", "resolved_at IS NULL"); n != 1 {
			t.Errorf("%d open reports after refusals, want 1", n)
		}
		if n := f.count("audit_log", ""); n != 0 {
			t.Errorf("%d audit rows after refusals, want 0", n)
		}
		if got := f.stored(it.ID).CommentsCount; got != 1 {
			t.Errorf("comments_count = %d after refusals, want 1", got)
		}
	})
}

func TestThirdResidentReportHidesCommentPendingReview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		olga, anna := f.resident("Olga"), f.resident("Anna")
		r1, r2, r3 := f.resident("Bob"), f.resident("Carl"), f.resident("Dina")
		staff := f.withRole("Sanne", account.Staff)
		ini := f.initiative("speeltuin", olga)
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Koop nu goedkope horloges")
		hiddenReason := func() string {
			var s string
			if err := bdb.NewSelect().Table("comments").Column("hidden_reason").Where("id = ?", c.ID).Scan(f.ctx, &s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		// Two residents, one of them twice, and a staff member: not yet three residents.
		for _, u := range []account.User{r1, r2, r2, staff} {
			if err := f.svc.Report(f.ctx, u, "comment", c.ID, "spam", ""); err != nil {
				t.Fatal(err)
			}
		}
		if got := hiddenReason(); got != "" || f.stored(it.ID).CommentsCount != 1 {
			t.Fatalf("hidden %q after two residents' reports, want visible", got)
		}
		if err := f.svc.Report(f.ctx, r3, "comment", c.ID, "insult", ""); err != nil {
			t.Fatal(err)
		}
		if got := hiddenReason(); got != idea.AutoHiddenReason || f.stored(it.ID).CommentsCount != 0 {
			t.Fatalf("after the third resident: hidden %q, count %d", got, f.stored(it.ID).CommentsCount)
		}
		if n := f.count("audit_log", "action = 'content_hidden' AND subject_id = ?", c.ID.String()); n != 1 {
			t.Errorf("%d audit rows for the automatic hiding, want 1", n)
		}
		if n := f.count("reports", "resolved_at IS NULL"); n != 4 {
			t.Errorf("%d open reports, want all 4 kept for review", n)
		}
		// Dismissing the reports shows the comment again, counted once.
		if err := f.svc.DismissReports(f.ctx, olga, ini, "comment", c.ID, "Geen reclame"); err != nil {
			t.Fatal(err)
		}
		if got := hiddenReason(); got != "" || f.stored(it.ID).CommentsCount != 1 {
			t.Errorf("after dismissal: hidden %q, count %d; want visible and counted", got, f.stored(it.ID).CommentsCount)
		}
	})
}

func TestOrganiserConfirmsAutomaticHiding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		olga, anna := f.resident("Olga"), f.resident("Anna")
		ini := f.initiative("speeltuin", olga)
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Koop nu goedkope horloges")
		for _, name := range []string{"Bob", "Carl", "Dina"} {
			if err := f.svc.Report(f.ctx, f.resident(name), "comment", c.ID, "spam", ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.svc.HideReported(f.ctx, olga, ini, "comment", c.ID, "Reclame"); err != nil {
			t.Fatal(err)
		}
		if n := f.count("comments", "id = ? AND hidden_reason = 'Reclame' AND hidden_by = ?", c.ID, olga.ID); n != 1 {
			t.Error("the organiser's reason did not replace the automatic one")
		}
		if got := f.stored(it.ID).CommentsCount; got != 0 {
			t.Errorf("comments_count = %d, want 0 (lowered once)", got)
		}
		if n := f.count("reports", "resolved_at IS NULL"); n != 0 {
			t.Errorf("%d open reports after the organiser's decision", n)
		}
	})
}
