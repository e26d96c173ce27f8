package admin_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
)

func TestReportsQueue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		anna, bob, cas := f.user("Anna", account.Resident), f.user("Bob", account.Resident), f.user("Cas", account.Resident)
		ideas, it := f.reportedIdea(anna)
		cm, err := ideas.Comment(f.ctx, anna, it.ID, nil, "Iets onaardigs")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []struct {
			u            account.User
			kind, reason string
			id           string
		}{{bob, "comment", "insult", cm.ID.String()}, {cas, "comment", "other", cm.ID.String()}, {bob, "idea", "spam", it.ID.String()}} {
			text := ""
			if r.reason == "other" {
				text = "Niet aardig"
			}
			if err := ideas.Report(f.ctx, r.u, r.kind, parseID(t, r.id), r.reason, text); err != nil {
				t.Fatal(err)
			}
		}
		gs, err := f.svc.OpenReports(f.ctx, root)
		if err != nil || len(gs) != 2 || gs[0].Kind != "comment" || gs[0].Count != 2 || gs[0].Reasons["insult"] != 1 ||
			len(gs[0].Texts) != 1 || gs[0].Texts[0] != "Niet aardig" || gs[1].Kind != "idea" ||
			gs[0].Link != "/idee/"+it.ID.String() || gs[1].Link != "/idee/"+it.ID.String() {
			t.Fatalf("queue = %+v, %v", gs, err)
		}
		wantField(t, "hiding without a reason", f.svc.Hide(f.ctx, root, "comment", cm.ID, ""), "admin.reason.required")
		for range 2 { // hiding twice lowers the count once
			if err := f.svc.Hide(f.ctx, root, "comment", cm.ID, "Beledigend"); err != nil {
				t.Fatal(err)
			}
		}
		got, err := ideas.ByID(f.ctx, it.ID)
		if err != nil || got.CommentsCount != 0 {
			t.Errorf("comments_count = %d, %v; want 0", got.CommentsCount, err)
		}
		cs, _ := ideas.Comments(f.ctx, it.ID)
		if len(cs) != 1 || cs[0].HiddenReason != "Beledigend" || cs[0].Body != "" {
			t.Errorf("comments after hiding = %+v", cs)
		}
		if err := f.svc.Dismiss(f.ctx, root, "idea", it.ID, "Geen spam"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "dismissing twice", f.svc.Dismiss(f.ctx, root, "idea", it.ID, ""), apperr.NotFound, "error.not_found")
		if gs, _ := f.svc.OpenReports(f.ctx, root); len(gs) != 0 {
			t.Errorf("queue after handling = %+v", gs)
		}
		es, _ := audit.List(f.ctx, bdb, 10)
		if len(es) != 3 || es[0].Action != audit.ReportsDismissed || es[1].Action != audit.ContentHidden || es[1].Reason != "Beledigend" {
			t.Errorf("audit = %+v", es)
		}
		_, err = f.svc.OpenReports(f.ctx, f.user("Wim", account.Staff))
		wantErr(t, "staff reading the queue", err, apperr.Forbidden, "admin.forbidden")
	})
}

// An administrator who dismisses the reports that hid a comment shows it
// again, and it counts again.
func TestDismissingShowsACommentHiddenByReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root, anna := f.user("Sam Beheer", account.Admin), f.user("Anna", account.Resident)
		ideas, it := f.reportedIdea(anna)
		cm, err := ideas.Comment(f.ctx, anna, it.ID, nil, "Scherp maar eerlijk")
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"Bob", "Cas", "Dirk"} {
			if err := ideas.Report(f.ctx, f.user(name, account.Resident), "comment", cm.ID, "spam", ""); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := ideas.ByID(f.ctx, it.ID); got.CommentsCount != 0 {
			t.Fatalf("after three reports comments_count = %d, want 0 (hidden)", got.CommentsCount)
		}
		if err := f.svc.Dismiss(f.ctx, root, "comment", cm.ID, "Geen spam"); err != nil {
			t.Fatal(err)
		}
		got, _ := ideas.ByID(f.ctx, it.ID)
		cs, _ := ideas.Comments(f.ctx, it.ID)
		if got.CommentsCount != 1 || len(cs) != 1 || cs[0].HiddenReason != "" || cs[0].Body != "Scherp maar eerlijk" {
			t.Errorf("after dismissing: comments_count %d, comments %+v; want it shown and counted", got.CommentsCount, cs)
		}
	})
}

// reportedIdea is anna's idea on her initiative in a new neighbourhood, to
// report things about, with the idea service.
func (f *fixture) reportedIdea(anna account.User) (*idea.Service, idea.Idea) {
	f.t.Helper()
	m := municipality.NewService(f.db, func() time.Time { return t0 })
	if _, err := m.EnsureNeighbourhood(f.ctx, municipality.Neighbourhood{Slug: "noord", Name: "Noord"}); err != nil {
		f.t.Fatal(err)
	}
	nb, _ := m.NeighbourhoodBySlug(f.ctx, "noord")
	if _, err := m.EnsureTheme(f.ctx, municipality.Theme{Slug: "groen", LabelNL: "Groen", LabelEN: "Green"}); err != nil {
		f.t.Fatal(err)
	}
	themes, _ := m.ListThemes(f.ctx)
	ideas := idea.NewService(f.db, func() time.Time { return t0 })
	ini, err := initiative.NewService(f.db, func() time.Time { return t0 }).Create(f.ctx, anna, initiative.Input{
		Title: "Straatfeest", Summary: "Samen feesten.", Description: "Kom ook!", NeighbourhoodID: nb.ID.String(), ThemeIDs: []string{themes[0].ID.String()}})
	if err != nil {
		f.t.Fatal(err)
	}
	it, err := ideas.Propose(f.ctx, anna, ini.ID, idea.Input{Title: "Een springkussen", Description: "Voor de kinderen."})
	if err != nil {
		f.t.Fatal(err)
	}
	return ideas, it
}

func parseID(t *testing.T, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
