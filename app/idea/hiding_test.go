package idea_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/moderation"
)

// update adds an organiser's update to an initiative.
func (f *fixture) update(author account.User, initiativeID uuid.UUID, body string) uuid.UUID {
	f.t.Helper()
	id := uuid.Must(uuid.NewV7())
	if _, err := f.db.ExecContext(f.ctx, "INSERT INTO updates (id, initiative_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
		id.String(), initiativeID.String(), author.ID.String(), body, f.clock.Now()); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// hiddenAs returns the item's hidden_reason and whether hidden_by is set.
func (f *fixture) hiddenAs(table string, id uuid.UUID) (string, bool) {
	f.t.Helper()
	var row struct {
		Reason string  `bun:"hidden_reason"`
		By     *string `bun:"hidden_by"`
	}
	if err := f.db.NewSelect().Table(table).Column("hidden_reason", "hidden_by").Where("id = ?", id).Scan(f.ctx, &row); err != nil {
		f.t.Fatal(err)
	}
	return row.Reason, row.By != nil
}

// listed reports whether the idea is on its initiative's list and on the
// neighbourhood's.
func (f *fixture) listed(ini, id uuid.UUID) (onInitiative, across bool) {
	f.t.Helper()
	page, err := f.svc.List(f.ctx, idea.Query{InitiativeID: ini, Sort: idea.SortNewest})
	if err != nil {
		f.t.Fatal(err)
	}
	all, err := f.svc.Across(f.ctx, idea.AcrossQuery{NeighbourhoodID: &f.nb, Sort: idea.SortNewest})
	if err != nil {
		f.t.Fatal(err)
	}
	has := func(ideas []idea.Idea) bool {
		return slices.ContainsFunc(ideas, func(it idea.Idea) bool { return it.ID == id })
	}
	return has(page.Ideas), has(all)
}

// Three residents' reports hide an initiative, idea or update pending
// review; reports from staff and a second report of the same resident do
// not count; dismissing the reports shows the item again.
func TestThreeReportsHideEveryKind(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		olga, anna := f.resident("Olga"), f.resident("Anna")
		staff := f.withRole("Sanne", account.Staff)
		ini := f.initiative("speeltuin", olga)
		it := f.propose(anna, ini, "Een bankje")
		up := f.update(olga, ini, "Zaterdag feest")
		reporters := []account.User{f.resident("R1"), f.resident("R2"), f.resident("R3")}
		for _, item := range []struct {
			kind, table string
			id          uuid.UUID
		}{{"idea", "ideas", it.ID}, {"update", "updates", up}, {"initiative", "initiatives", ini}} {
			for _, u := range []account.User{staff, reporters[0], reporters[0], reporters[1]} {
				if err := f.svc.Report(f.ctx, u, item.kind, item.id, "spam", ""); err != nil {
					t.Fatal(err)
				}
			}
			if reason, _ := f.hiddenAs(item.table, item.id); reason != "" {
				t.Fatalf("%s hidden after two residents' reports (and staff's): %q", item.kind, reason)
			}
			if err := f.svc.Report(f.ctx, reporters[2], item.kind, item.id, "insult", ""); err != nil {
				t.Fatal(err)
			}
			if reason, by := f.hiddenAs(item.table, item.id); reason != moderation.ByReports || by {
				t.Errorf("%s after the third resident: reason %q, by a person %v; want hidden pending review", item.kind, reason, by)
			}
			if n := f.count("audit_log", "action = 'content_hidden' AND subject_id = ? AND reason = ?", item.id.String(), moderation.ByReports); n != 1 {
				t.Errorf("%s: %d audit rows for hiding by reports, want 1", item.kind, n)
			}
		}
		if onIni, across := f.listed(ini, it.ID); onIni || across {
			t.Errorf("hidden idea listed: on its initiative %v, across %v", onIni, across)
		}
		_, err := f.svc.Toggle(f.ctx, reporters[0], it.ID, true)
		wantErr(t, "support a hidden idea", err, apperr.Conflict, "idea.hidden")
		_, err = f.svc.Comment(f.ctx, reporters[0], it.ID, nil, "Toch een goed idee")
		wantErr(t, "comment on a hidden idea", err, apperr.Conflict, "idea.hidden")

		// The organiser reviews the idea and the update: dismissing shows them again.
		for _, d := range []struct {
			kind, table string
			id          uuid.UUID
		}{{"idea", "ideas", it.ID}, {"update", "updates", up}} {
			if err := f.svc.DismissReports(f.ctx, olga, ini, d.kind, d.id, "Geen reclame"); err != nil {
				t.Fatal(err)
			}
			if reason, _ := f.hiddenAs(d.table, d.id); reason != "" {
				t.Errorf("%s still hidden after its reports were dismissed: %q", d.kind, reason)
			}
		}
		// The ideas of the hidden initiative stay off the lists across initiatives.
		if _, across := f.listed(ini, it.ID); across {
			t.Error("an idea of a hidden initiative is listed across initiatives")
		}
	})
}

// An organiser hides a reported idea and update with a reason; a later
// dismissal of new reports does not undo a person's hiding, and the
// hidden idea stays out of every list.
func TestOrganiserHidesIdeasAndUpdates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		olga, anna, bob, carl := f.resident("Olga"), f.resident("Anna"), f.resident("Bob"), f.resident("Carl")
		ini := f.initiative("speeltuin", olga)
		other := f.initiative("moestuin", carl)
		it := f.propose(anna, ini, "Een bankje")
		f.support(bob, it.ID)
		up := f.update(olga, ini, "Mijn telefoonnummer is 0612345678")
		for _, r := range []struct {
			kind string
			id   uuid.UUID
		}{{"idea", it.ID}, {"update", up}} {
			if err := f.svc.Report(f.ctx, bob, r.kind, r.id, "personal_data", ""); err != nil {
				t.Fatal(err)
			}
			err := f.svc.HideReported(f.ctx, carl, other, r.kind, r.id, "Weg")
			wantErr(t, "hide "+r.kind+" through another initiative", err, apperr.NotFound, "idea.moderation.nothing_open")
			if err := f.svc.HideReported(f.ctx, olga, ini, r.kind, r.id, "Persoonlijke gegevens"); err != nil {
				t.Fatalf("hide %s: %v", r.kind, err)
			}
		}
		if reason, by := f.hiddenAs("ideas", it.ID); reason != "Persoonlijke gegevens" || !by {
			t.Errorf("idea: %q by a person %v", reason, by)
		}
		if reason, by := f.hiddenAs("updates", up); reason != "Persoonlijke gegevens" || !by {
			t.Errorf("update: %q by a person %v", reason, by)
		}
		if n := f.count("reports", "resolved_at IS NULL"); n != 0 {
			t.Errorf("%d open reports after hiding, want 0", n)
		}
		// A new report, dismissed: the organiser's hiding stays.
		if err := f.svc.Report(f.ctx, carl, "idea", it.ID, "spam", ""); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DismissReports(f.ctx, olga, ini, "idea", it.ID, ""); err != nil {
			t.Fatal(err)
		}
		if reason, _ := f.hiddenAs("ideas", it.ID); reason != "Persoonlijke gegevens" {
			t.Errorf("a dismissal undid the organiser's hiding: %q", reason)
		}
		if onIni, across := f.listed(ini, it.ID); onIni || across {
			t.Errorf("hidden idea listed: on its initiative %v, across %v", onIni, across)
		}
		// Bob may still withdraw his support: the count stays exact.
		if _, err := f.svc.Toggle(f.ctx, bob, it.ID, false); err != nil {
			t.Fatalf("withdraw from a hidden idea: %v", err)
		}
		if n := f.stored(it.ID).SupportsCount; n != 0 {
			t.Errorf("supports_count = %d after withdrawing, want 0", n)
		}
	})
}

// Authors appeal against a hiding; administrators decide, once.
func TestAppeals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		appeals := moderation.NewService(bdb, f.clock.Now)
		olga, anna, bob := f.resident("Olga"), f.resident("Anna"), f.resident("Bob")
		root := f.withRole("Ad", account.Admin)
		staff := f.withRole("Sanne", account.Staff)
		ini := f.initiative("speeltuin", olga)
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Een reactie")
		if _, err := appeals.File(f.ctx, anna, "idea", it.ID, "Waarom?"); keyOf(err) != "moderation.appeal.not_hidden" {
			t.Errorf("appeal against a visible idea: %v", err)
		}
		if err := f.svc.Report(f.ctx, bob, "idea", it.ID, "spam", ""); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.HideReported(f.ctx, olga, ini, "idea", it.ID, "Reclame"); err != nil {
			t.Fatal(err)
		}
		_, err := appeals.File(f.ctx, bob, "idea", it.ID, "Het is geen reclame")
		wantErr(t, "appeal by someone else", err, apperr.Forbidden, "moderation.appeal.not_author")
		_, err = appeals.File(f.ctx, anna, "idea", it.ID, "  ")
		wantFields(t, "appeal without text", err, map[string]string{"text": "moderation.appeal.text.required"})
		_, err = appeals.File(f.ctx, anna, "idea", it.ID, strings.Repeat("x", 2001))
		wantFields(t, "appeal too long", err, map[string]string{"text": "moderation.appeal.text.too_long"})
		_, err = appeals.File(f.ctx, anna, "idea", uuid.New(), "Waarom?")
		wantErr(t, "appeal against nothing", err, apperr.NotFound, "moderation.not_found")
		first, err := appeals.File(f.ctx, anna, "idea", it.ID, "Het is geen reclame, het is een bankje")
		if err != nil {
			t.Fatalf("appeal: %v", err)
		}
		_, err = appeals.File(f.ctx, anna, "idea", it.ID, "Nog een keer")
		wantErr(t, "a second open appeal", err, apperr.Conflict, "moderation.appeal.open")

		for _, u := range []account.User{olga, staff, anna} {
			if _, err := appeals.OpenAppeals(f.ctx, u); keyOf(err) != "moderation.appeal.not_admin" {
				t.Errorf("%s reads the appeals: %v", u.DisplayName, err)
			}
			if err := appeals.Decide(f.ctx, u, first.ID, true, "Ja"); keyOf(err) != "moderation.appeal.not_admin" {
				t.Errorf("%s decides an appeal: %v", u.DisplayName, err)
			}
		}
		open, err := appeals.OpenAppeals(f.ctx, root)
		if err != nil || len(open) != 1 || open[0].HiddenReason != "Reclame" || open[0].Link != "/idee/"+it.ID.String() {
			t.Fatalf("open appeals = %+v, %v", open, err)
		}
		wantFields(t, "decide without reason", appeals.Decide(f.ctx, root, first.ID, false, ""),
			map[string]string{"reason": "moderation.decision.reason.required"})
		if err := appeals.Decide(f.ctx, root, first.ID, false, "Het blijft reclame"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "decide twice", appeals.Decide(f.ctx, root, first.ID, true, "Toch"), apperr.NotFound, "moderation.appeal.decided")
		if reason, _ := f.hiddenAs("ideas", it.ID); reason != "Reclame" {
			t.Errorf("an upheld appeal changed the hiding: %q", reason)
		}
		_, err = appeals.File(f.ctx, anna, "idea", it.ID, "Nog een keer")
		wantErr(t, "appeal after it was turned down", err, apperr.Conflict, "moderation.appeal.final")
		latest, ok, err := appeals.Latest(f.ctx, "idea", it.ID)
		if err != nil || !ok || latest.Decision != moderation.Upheld || latest.DecisionReason != "Het blijft reclame" {
			t.Errorf("latest appeal = %+v, %v, %v", latest, ok, err)
		}

		// A comment hidden by an organiser, restored on appeal: visible and counted again.
		if err := f.svc.HideComment(f.ctx, olga, c.ID, "Niet aardig"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Report(f.ctx, bob, "comment", c.ID, "insult", ""); err != nil {
			t.Fatal(err)
		}
		a, err := appeals.File(f.ctx, anna, "comment", c.ID, "Het was aardig bedoeld")
		if err != nil {
			t.Fatal(err)
		}
		if err := appeals.Decide(f.ctx, root, a.ID, true, "Het was aardig"); err != nil {
			t.Fatal(err)
		}
		if reason, _ := f.hiddenAs("comments", c.ID); reason != "" {
			t.Errorf("restored comment still hidden: %q", reason)
		}
		if n := f.stored(it.ID).CommentsCount; n != 1 {
			t.Errorf("comments_count = %d after restoring, want 1", n)
		}
		if n := f.count("reports", "target_id = ? AND resolved_at IS NULL", c.ID); n != 0 {
			t.Errorf("%d open reports about the restored comment, want 0", n)
		}
		for action, id := range map[string]uuid.UUID{"appeal_upheld": it.ID, "content_restored": c.ID} {
			if n := f.count("audit_log", "actor_id = ? AND action = ? AND subject_id = ?", root.ID, action, id.String()); n != 1 {
				t.Errorf("%d audit rows %s, want 1", n, action)
			}
		}
	})
}

// A hidden comment's text stays readable for its author and for the
// moderators who review it; everyone else gets none.
func TestHiddenCommentReadableByAuthorAndModerators(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		olga, anna, bob := f.resident("Olga"), f.resident("Anna"), f.resident("Bob")
		ini := f.initiative("speeltuin", olga)
		it := f.propose(anna, ini, "Een bankje")
		c := f.comment(anna, it.ID, nil, "Koop nu horloges")
		if err := f.svc.HideComment(f.ctx, olga, c.ID, "Reclame"); err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			who    string
			viewer idea.Viewer
			want   string
		}{
			{"a visitor", idea.Viewer{}, ""},
			{"another resident", idea.Viewer{ID: bob.ID}, ""},
			{"its author", idea.Viewer{ID: anna.ID}, "Koop nu horloges"},
			{"a moderator", idea.Viewer{ID: olga.ID, Moderator: true}, "Koop nu horloges"},
		} {
			cs, err := f.svc.CommentsFor(f.ctx, it.ID, v.viewer)
			if err != nil || len(cs) != 1 || cs[0].Body != v.want || cs[0].HiddenReason != "Reclame" {
				t.Errorf("%s reads %+v, %v; want text %q with the reason", v.who, cs, err, v.want)
			}
		}
	})
}
