package idea_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

func TestProposeStoresCountsAndLogs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		it, err := f.svc.Propose(f.ctx, anna, ini, idea.Input{
			Title: "  Een bankje bij de vijver ", Description: "Om **even** te zitten.\n\nGraag groen.",
			ThemeID: " " + f.theme.String() + " "})
		if err != nil {
			t.Fatal(err)
		}
		if it.Title != "Een bankje bij de vijver" || it.Description != "Om **even** te zitten.\n\nGraag groen." ||
			it.Status != idea.Open || it.ThemeID == nil || *it.ThemeID != f.theme {
			t.Errorf("returned idea = %+v; want trimmed text, status open and the theme", it)
		}
		if it.AuthorName != "Anna" || it.InitiativeSlug != "speeltuin" || it.NeighbourhoodID != f.nb {
			t.Errorf("joined fields = %q, %q, %s; want Anna, speeltuin, the neighbourhood", it.AuthorName, it.InitiativeSlug, it.NeighbourhoodID)
		}
		got := f.stored(it.ID)
		if got.Title != it.Title || got.AuthorID == nil || *got.AuthorID != anna.ID || !got.CreatedAt.Equal(t0) ||
			got.FirstStatusAt != nil || got.SupportsCount != 0 {
			t.Errorf("stored idea = %+v", got)
		}
		if n := f.intColumn("initiatives", "ideas_count", ini); n != 1 {
			t.Errorf("ideas_count = %d, want 1", n)
		}
		var ev struct {
			NeighbourhoodID uuid.UUID `bun:"neighbourhood_id,type:text"`
			InitiativeID    uuid.UUID `bun:"initiative_id,type:text"`
			ThemeID         uuid.UUID `bun:"theme_id,type:text"`
		}
		err = bdb.NewSelect().Table("activity").Column("neighbourhood_id", "initiative_id", "theme_id").
			Where("kind = 'idea_created' AND idea_id = ?", it.ID).Scan(f.ctx, &ev)
		if err != nil || ev.NeighbourhoodID != f.nb || ev.InitiativeID != ini || ev.ThemeID != f.theme {
			t.Errorf("activity row = %+v, %v; want the neighbourhood, initiative and theme", ev, err)
		}
		if n := f.count("activity", ""); n != 1 {
			t.Errorf("%d activity rows, want 1", n)
		}
	})
}

func TestProposeValidatesEveryField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		long := func(n int, s string) string { return strings.Repeat(s, n) }
		tests := []struct {
			name string
			in   idea.Input
			want map[string]string
		}{
			{"everything missing", idea.Input{Title: "  ", Description: "\n"},
				map[string]string{"title": "idea.title.required", "description": "idea.description.required"}},
			{"title of four characters", idea.Input{Title: "Bank", Description: "d"},
				map[string]string{"title": "idea.title.too_short"}},
			{"title of 91 characters", idea.Input{Title: long(91, "é"), Description: "d"},
				map[string]string{"title": "idea.title.too_long"}},
			{"title on two lines", idea.Input{Title: "Een\nbank", Description: "d"},
				map[string]string{"title": "idea.text.control"}},
			{"bell in the description", idea.Input{Title: "Een bank", Description: "ding\adong"},
				map[string]string{"description": "idea.text.control"}},
			{"description of 5001 characters", idea.Input{Title: "Een bank", Description: long(5001, "ß")},
				map[string]string{"description": "idea.description.too_long"}},
			{"unknown theme", idea.Input{Title: "Een bank", Description: "d", ThemeID: uuid.NewString()},
				map[string]string{"theme_id": "idea.theme.unknown"}},
			{"theme that is no id", idea.Input{Title: "Bank", Description: long(5001, "x"), ThemeID: "groen"},
				map[string]string{"title": "idea.title.too_short", "description": "idea.description.too_long", "theme_id": "idea.theme.unknown"}},
		}
		for _, tt := range tests {
			_, err := f.svc.Propose(f.ctx, anna, ini, tt.in)
			wantFields(t, tt.name, err, tt.want)
		}
		if n := f.count("ideas", ""); n != 0 {
			t.Errorf("%d ideas stored after invalid input", n)
		}
		if n := f.intColumn("initiatives", "ideas_count", ini); n != 0 {
			t.Errorf("ideas_count = %d after invalid input, want 0", n)
		}
		// The limits themselves are allowed, counted in characters.
		it, err := f.svc.Propose(f.ctx, anna, ini, idea.Input{Title: long(90, "é"), Description: long(5000, "ß") + "\r\n\t"})
		if err != nil || len([]rune(it.Title)) != 90 {
			t.Errorf("title of 90 and description of 5000 characters: %v", err)
		}
		if _, err := f.svc.Propose(f.ctx, anna, ini, idea.Input{Title: "Ëën ☂", Description: "x"}); err != nil {
			t.Errorf("title of 5 characters: %v", err)
		}
	})
}

func TestProposeRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		archived := f.initiativeIn(f.nb, "oud", "archived")
		in := idea.Input{Title: "Een bankje", Description: "d"}
		for _, role := range []account.Role{account.Staff, account.Admin} {
			_, err := f.svc.Propose(f.ctx, f.withRole(string(role), role), ini, in)
			wantErr(t, string(role)+" proposes", err, apperr.Forbidden, "idea.propose.staff")
		}
		_, err := f.svc.Propose(f.ctx, anna, uuid.New(), in)
		wantErr(t, "unknown initiative", err, apperr.NotFound, "error.not_found")
		_, err = f.svc.Propose(f.ctx, anna, archived, in)
		wantErr(t, "archived initiative", err, apperr.Conflict, "idea.initiative.archived")
		if n := f.count("ideas", ""); n != 0 {
			t.Errorf("%d ideas stored by refused proposals", n)
		}
		if n := f.count("activity", ""); n != 0 {
			t.Errorf("%d activity rows for refused proposals", n)
		}
	})
}

func TestProposingTwiceWithinAMinuteKeepsOneIdea(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob := f.resident("Anna"), f.resident("Bob")
		ini, other := f.initiative("speeltuin"), f.initiative("markt")
		first := f.propose(anna, ini, "Één bankje bij de vijver")
		f.clock.Advance(59 * time.Second)
		again := f.propose(anna, ini, "ÉÉN BANKJE BIJ DE VIJVER ")
		if again.ID != first.ID || again.Title != first.Title {
			t.Errorf("second submission made %s %q, want the first idea %s back", again.ID, again.Title, first.ID)
		}
		if n := f.intColumn("initiatives", "ideas_count", ini); n != 1 {
			t.Errorf("ideas_count = %d after a double submission, want 1", n)
		}
		if n := f.activities("idea_created", first.ID); n != 1 || f.count("activity", "") != 1 {
			t.Errorf("activity rows = %d, want 1", n)
		}
		// Someone else, another initiative, or a minute later: new ideas.
		if it := f.propose(bob, ini, "Één bankje bij de vijver"); it.ID == first.ID {
			t.Error("another resident's idea with the same title was merged")
		}
		if it := f.propose(anna, other, "Één bankje bij de vijver"); it.ID == first.ID {
			t.Error("the same title on another initiative was merged")
		}
		f.clock.Advance(2 * time.Second)
		if it := f.propose(anna, ini, "Één bankje bij de vijver"); it.ID == first.ID {
			t.Error("the same title after more than a minute was merged")
		}
		if n := f.intColumn("initiatives", "ideas_count", ini); n != 3 {
			t.Errorf("ideas_count = %d, want 3", n)
		}
	})
}

func TestConcurrentDoubleSubmissionsMakeOneIdea(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		const clicks = 8
		dbtest.WarmPool(t, bdb, clicks) // so that the submissions overlap instead of queueing for connections
		ids := make([]uuid.UUID, clicks)
		errs := make([]error, clicks)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range clicks {
			wg.Go(func() {
				<-start
				it, err := f.svc.Propose(f.ctx, anna, ini, idea.Input{Title: "Een bankje", Description: "d"})
				ids[i], errs[i] = it.ID, err
			})
		}
		close(start)
		wg.Wait()
		for i := range clicks {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Errorf("submission %d = %s, %v; want %s like the others", i, ids[i], errs[i], ids[0])
			}
		}
		if n, c := f.count("ideas", ""), f.intColumn("initiatives", "ideas_count", ini); n != 1 || c != 1 {
			t.Errorf("%d ideas, ideas_count %d after %d simultaneous submissions; want 1 and 1", n, c, clicks)
		}
	})
}

func TestEditRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob := f.resident("Anna"), f.resident("Bob")
		ini := f.initiative("speeltuin")
		it := f.propose(anna, ini, "Een bankje")
		f.clock.Advance(59 * time.Minute)
		edited, err := f.svc.Edit(f.ctx, anna, it.ID, idea.Input{Title: "Twee bankjes", Description: "Nieuw", ThemeID: f.theme.String()})
		if err != nil || edited.Title != "Twee bankjes" || edited.ThemeID == nil || edited.AuthorName != "Anna" {
			t.Fatalf("edit within the hour = %+v, %v", edited, err)
		}
		if in := edited.Input(); in.Title != "Twee bankjes" || in.ThemeID != f.theme.String() {
			t.Errorf("edit form of the idea = %+v", in)
		}
		if got := f.stored(it.ID); got.Description != "Nieuw" || !got.UpdatedAt.Equal(t0.Add(59*time.Minute)) || !got.CreatedAt.Equal(t0) {
			t.Errorf("stored after edit = %+v", got)
		}
		_, err = f.svc.Edit(f.ctx, bob, it.ID, idea.Input{Title: "Van Bob", Description: "x"})
		wantErr(t, "someone else edits", err, apperr.Forbidden, "idea.edit.not_author")
		_, err = f.svc.Edit(f.ctx, anna, it.ID, idea.Input{Title: "Bank", Description: ""})
		wantFields(t, "invalid edit", err, map[string]string{"title": "idea.title.too_short", "description": "idea.description.required"})
		f.clock.Advance(time.Minute)
		_, err = f.svc.Edit(f.ctx, anna, it.ID, idea.Input{Title: "Drie bankjes", Description: "x"})
		wantErr(t, "edit after an hour", err, apperr.Forbidden, "idea.edit.closed")

		supported := f.propose(anna, ini, "Een boom")
		f.support(bob, supported.ID)
		_, err = f.svc.Edit(f.ctx, anna, supported.ID, idea.Input{Title: "Twee bomen", Description: "x"})
		wantErr(t, "edit after a support", err, apperr.Forbidden, "idea.edit.closed")
		if _, err := f.svc.Withdraw(f.ctx, bob, supported.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Edit(f.ctx, anna, supported.ID, idea.Input{Title: "Twee bomen", Description: "x"})
		wantErr(t, "edit after a support was withdrawn", err, apperr.Forbidden, "idea.edit.closed")
		if got := f.stored(supported.ID); got.Title != "Een boom" {
			t.Errorf("title = %q after refused edits", got.Title)
		}

		removed := f.propose(anna, ini, "Een vijver")
		f.remove(removed.ID)
		_, err = f.svc.Edit(f.ctx, anna, removed.ID, idea.Input{Title: "Twee vijvers", Description: "x"})
		wantErr(t, "edit a removed idea", err, apperr.NotFound, "error.not_found")
	})
}

func TestByIDHidesRemovedIdeas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		it := f.propose(anna, ini, "Een bankje")
		got, err := f.svc.ByID(f.ctx, it.ID)
		if err != nil || got.Title != "Een bankje" || got.InitiativeTitle != "Initiatief speeltuin" || got.AuthorName != "Anna" {
			t.Errorf("ByID = %+v, %v", got, err)
		}
		f.remove(it.ID)
		_, err = f.svc.ByID(f.ctx, it.ID)
		wantErr(t, "removed idea", err, apperr.NotFound, "error.not_found")
		_, err = f.svc.ByID(f.ctx, uuid.New())
		wantErr(t, "unknown idea", err, apperr.NotFound, "error.not_found")
	})
}
