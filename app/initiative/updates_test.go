package initiative_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

func TestOrganisersPostUpdates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bas := f.resident("anna"), f.resident("bas")
		ini := f.create(anna, "Groen plein")
		if _, err := f.svc.AcceptInvite(f.ctx, bas, f.invite(anna, ini.ID)); err != nil {
			t.Fatal(err)
		}
		up, err := f.svc.PostUpdate(f.ctx, anna, ini.ID, "  De bomen zijn besteld.\n  ")
		if err != nil {
			t.Fatal(err)
		}
		if up.Body != "De bomen zijn besteld." || up.AuthorName != "anna" || up.AuthorID == nil || *up.AuthorID != anna.ID {
			t.Errorf("posted update = %+v", up)
		}
		f.clock.Advance(time.Minute)
		if _, err := f.svc.PostUpdate(f.ctx, bas, ini.ID, "Zaterdag planten we!"); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
		if _, err := f.svc.PostUpdate(f.ctx, anna, ini.ID, strings.Repeat("ö", 5000)); err != nil {
			t.Errorf("update of 5000 characters: %v", err)
		}
		ups, err := f.svc.Updates(f.ctx, ini.ID, 2)
		if err != nil || len(ups) != 2 || ups[0].AuthorName != "anna" || ups[1].Body != "Zaterdag planten we!" || ups[1].AuthorName != "bas" {
			t.Fatalf("latest two updates = %+v, %v; want anna's long one, then bas's", ups, err)
		}
		if n := f.logged(activity.UpdatePosted, ini.ID); n != 3 {
			t.Errorf("%d update_posted rows, want 3", n)
		}

		// When bas's account is deleted his update stays, without a name.
		if _, err := bdb.NewDelete().Model((*account.User)(nil)).Where("id = ?", bas.ID).Exec(f.ctx); err != nil {
			t.Fatal(err)
		}
		ups, err = f.svc.Updates(f.ctx, ini.ID, 0)
		if err != nil || len(ups) != 3 || ups[1].AuthorID != nil || ups[1].AuthorName != "" || ups[2].AuthorName != "anna" {
			t.Errorf("updates after bas left = %+v, %v; want his without author", ups, err)
		}
	})
}

func TestUpdateRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		ini := f.create(anna, "Groen plein")
		for _, u := range []account.User{f.resident("bas"), f.user("medewerker", account.Staff), f.user("beheerder", account.Admin)} {
			if _, err := f.svc.PostUpdate(f.ctx, u, ini.ID, "Hallo"); !errors.Is(err, initiative.ErrNotOrganiser) {
				t.Errorf("%s posts: err = %v, want ErrNotOrganiser", u.DisplayName, err)
			}
			if _, err := f.svc.PostUpdate(f.ctx, u, ini.ID, ""); !errors.Is(err, initiative.ErrNotOrganiser) {
				t.Errorf("%s posts nothing: err = %v, want ErrNotOrganiser", u.DisplayName, err)
			}
		}
		for body, key := range map[string]string{
			"":                           "initiative.update.body.required",
			" \n\t ":                     "initiative.update.body.required",
			strings.Repeat("ö", 5001):    "initiative.update.body.too_long",
			"Bel\x07":                    "initiative.update.body.invalid",
			"Regel een\r\nRegel\ttwee ✓": "",
		} {
			_, err := f.svc.PostUpdate(f.ctx, anna, ini.ID, body)
			if key == "" {
				if err != nil {
					t.Errorf("body %.20q: %v, want posted", body, err)
				}
				continue
			}
			if !apperr.Is(err, apperr.Invalid) || fieldsOf(err)["body"] != key {
				t.Errorf("body %.20q: err = %v, want body: %s", body, err, key)
			}
		}
		if n := f.count("updates", ""); n != 1 {
			t.Errorf("%d updates stored, want only the valid one", n)
		}
		if n := f.logged(activity.UpdatePosted, ini.ID); n != 1 {
			t.Errorf("%d update_posted rows, want 1", n)
		}
	})
}
