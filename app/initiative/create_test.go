package initiative_test

import (
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

func TestCreateStoresInitiativeOrganiserThemesAndActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		in := f.input("Groen Plein in de Vogelbuurt!")
		in.NeighbourhoodID = f.nb2.String()
		// verkeer first: the activity row carries the first theme chosen.
		in.ThemeIDs = []string{f.themes[2].String(), f.themes[0].String()}
		in.Links.Instagram = "https://www.instagram.com/groenplein"
		ini, err := f.svc.Create(f.ctx, anna, in)
		if err != nil {
			t.Fatal(err)
		}
		got := f.stored(ini.ID)
		if got.Slug != "groen-plein-in-de-vogelbuurt" || got.Title != "Groen Plein in de Vogelbuurt!" ||
			got.NeighbourhoodID != f.nb2 || got.Status != initiative.Active || got.CreatedBy == nil ||
			*got.CreatedBy != anna.ID || !got.CreatedAt.Equal(t0) || got.FollowersCount != 0 ||
			got.InstagramURL != "https://www.instagram.com/groenplein" {
			t.Errorf("stored initiative = %+v", got)
		}
		if len(ini.Themes) != 2 || ini.Themes[0].Slug != "groen" || ini.Themes[1].Slug != "verkeer" {
			t.Errorf("themes = %+v, want groen and verkeer (by slug)", ini.Themes)
		}
		if n := f.count("initiative_themes", "initiative_id = ?", ini.ID); n != 2 {
			t.Errorf("%d theme rows, want 2", n)
		}
		orgs, err := f.svc.Organisers(f.ctx, ini.ID)
		if err != nil || len(orgs) != 1 || orgs[0].ID != anna.ID || orgs[0].DisplayName != "anna" {
			t.Errorf("organisers = %+v, %v; want anna", orgs, err)
		}
		var ev activity.Event
		if err := bdb.NewSelect().Model(&ev).Where("initiative_id = ?", ini.ID).Scan(f.ctx); err != nil {
			t.Fatalf("activity row: %v", err)
		}
		if ev.Kind != activity.InitiativeCreated || ev.NeighbourhoodID == nil || *ev.NeighbourhoodID != f.nb2 ||
			ev.ThemeID == nil || *ev.ThemeID != f.themes[2] || !ev.CreatedAt.Equal(t0) {
			t.Errorf("activity = %+v; want initiative_created in vogelbuurt with theme verkeer", ev)
		}
	})
}

func TestStaffAndAdminsCannotCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		for _, role := range []account.Role{account.Staff, account.Admin} {
			u := f.user("kijker-"+string(role), role)
			_, err := f.svc.Create(f.ctx, u, f.input("Groen plein"))
			if !apperr.Is(err, apperr.Forbidden) || !errors.Is(err, initiative.ErrResidentsOnly) {
				t.Errorf("%s creates: err = %v, want ErrResidentsOnly", role, err)
			}
		}
		if n := f.count("initiatives", ""); n != 0 {
			t.Errorf("%d initiatives, want 0", n)
		}
	})
}

func TestDuplicateSubmissionWithinAMinuteReturnsTheFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bas := f.resident("anna"), f.resident("bas")
		first := f.create(anna, "Groen plein")

		f.clock.Advance(59 * time.Second)
		again := f.create(anna, "  groen PLEIN ")
		if again.ID != first.ID || again.Slug != first.Slug || len(again.Themes) != 1 {
			t.Errorf("resubmitted after 59s: got %s (%s), want the first %s with its themes", again.ID, again.Slug, first.ID)
		}
		if n := f.logged(activity.InitiativeCreated, first.ID); n != 1 {
			t.Errorf("%d initiative_created rows, want 1", n)
		}
		// Someone else's initiative or another title is no duplicate.
		if other := f.create(bas, "Groen plein"); other.ID == first.ID {
			t.Error("another person's initiative with the same title was taken for a duplicate")
		}
		if other := f.create(anna, "Groen pleintje"); other.ID == first.ID {
			t.Error("another title was taken for a duplicate")
		}

		f.clock.Advance(time.Second) // a minute after the first
		later := f.create(anna, "Groen plein")
		if later.ID == first.ID || later.Slug != "groen-plein-3" {
			t.Errorf("resubmitted after a minute: got %s (%s), want a new initiative groen-plein-3", later.ID, later.Slug)
		}
		if n := f.count("initiatives", "created_by = ?", anna.ID); n != 3 {
			t.Errorf("anna has %d initiatives, want 3", n)
		}
	})
}

func TestConcurrentDuplicateSubmissionsMakeOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		dbtest.WarmPool(t, bdb, 5)
		inis, errs := parallel(5, func(int) (initiative.Initiative, error) {
			return f.svc.Create(f.ctx, anna, f.input("Groen plein"))
		})
		for i := range inis {
			if errs[i] != nil {
				t.Fatalf("submission %d: %v", i, errs[i])
			}
			if inis[i].ID != inis[0].ID {
				t.Errorf("submission %d made %s, the first %s", i, inis[i].ID, inis[0].ID)
			}
		}
		if n := f.count("initiatives", ""); n != 1 {
			t.Errorf("%d initiatives after five simultaneous submissions, want 1", n)
		}
	})
}

// An account younger than a day may start one initiative; the second is
// refused with a field message until the account is a day old.
func TestNewAccountsStartFewInitiatives(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		f.svc.LimitNewAccounts(initiative.NewAccountInitiatives)
		anna := f.resident("anna")
		if _, err := f.svc.Create(f.ctx, anna, f.input("Groen plein")); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(2 * time.Hour)
		_, err := f.svc.Create(f.ctx, anna, f.input("Speeltuin opknappen"))
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Fields["title"] != "initiative.new_account_limit" {
			t.Fatalf("second initiative of a new account: err = %v", err)
		}
		f.clock.Advance(initiative.NewAccountAge)
		if _, err := f.svc.Create(f.ctx, anna, f.input("Speeltuin opknappen")); err != nil {
			t.Fatalf("after a day: %v", err)
		}
	})
}
