package initiative_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

func TestOnlyOrganisersEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		ini := f.create(anna, "Groen plein")
		outsiders := map[string]account.User{
			"another resident": f.resident("bas"),
			"staff":            f.user("medewerker", account.Staff),
			"an admin":         f.user("beheerder", account.Admin),
		}
		for who, u := range outsiders {
			in := ini.Input()
			in.Title = "Overgenomen plein"
			if _, err := f.svc.Update(f.ctx, u, ini.ID, in); !errors.Is(err, initiative.ErrNotOrganiser) {
				t.Errorf("%s edits: err = %v, want ErrNotOrganiser", who, err)
			}
			// Even a broken form tells an outsider only that they may not.
			in.Title = ""
			if _, err := f.svc.Update(f.ctx, u, ini.ID, in); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("%s sends a broken form: err = %v, want Forbidden", who, err)
			}
			if err := f.svc.SetCover(f.ctx, u, ini.ID, "covers/x.jpg"); !errors.Is(err, initiative.ErrNotOrganiser) {
				t.Errorf("%s sets the cover: err = %v, want ErrNotOrganiser", who, err)
			}
		}
		if got := f.stored(ini.ID); got.Title != "Groen plein" || got.Slug != "groen-plein" || got.CoverImage != "" {
			t.Errorf("after outsiders tried: %q %q %q; want unchanged", got.Title, got.Slug, got.CoverImage)
		}
		if _, err := f.svc.Update(f.ctx, anna, uuid.Must(uuid.NewV7()), ini.Input()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("edit of an unknown initiative: err = %v, want NotFound", err)
		}
	})
}

func TestOrganiserEditsEverything(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		ini := f.create(anna, "Groen plein")
		f.clock.Advance(time.Hour)
		in := initiative.Input{
			Title: "Groen plein", Summary: "Nieuw", Description: "Nieuwe tekst",
			NeighbourhoodID: f.nb2.String(), ThemeIDs: []string{f.themes[1].String(), f.themes[3].String()},
			Links:  initiative.Links{Facebook: "https://www.facebook.com/gp", X: "https://twitter.com/gp"},
			Status: "paused",
		}
		got, err := f.svc.Update(f.ctx, anna, ini.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		st := f.stored(ini.ID)
		if st.Summary != "Nieuw" || st.Description != "Nieuwe tekst" || st.NeighbourhoodID != f.nb2 ||
			st.Status != initiative.Paused || st.FacebookURL != "https://www.facebook.com/gp" || st.XURL != "https://twitter.com/gp" ||
			!st.UpdatedAt.Equal(t0.Add(time.Hour)) || !st.CreatedAt.Equal(t0) || st.Slug != "groen-plein" {
			t.Errorf("stored after edit = %+v", st)
		}
		if len(got.Themes) != 2 || got.Themes[0].Slug != "cultuur" || got.Themes[1].Slug != "spelen" {
			t.Errorf("themes after edit = %+v, want cultuur and spelen", got.Themes)
		}
		if n := f.count("initiative_themes", "initiative_id = ?", ini.ID); n != 2 {
			t.Errorf("%d theme rows, want 2 (groen replaced)", n)
		}

		// Archived initiatives stay editable, so organisers can revive them.
		in.Status = "archived"
		if _, err := f.svc.Update(f.ctx, anna, ini.ID, in); err != nil {
			t.Fatal(err)
		}
		in.Status, in.Summary = "active", "Weer open"
		if got, err := f.svc.Update(f.ctx, anna, ini.ID, in); err != nil || got.Status != initiative.Active || got.Summary != "Weer open" {
			t.Errorf("edit of an archived initiative = %q %q, %v; want active again", got.Status, got.Summary, err)
		}

		if err := f.svc.SetCover(f.ctx, anna, ini.ID, "covers/abc.webp"); err != nil {
			t.Fatal(err)
		}
		if got := f.stored(ini.ID); got.CoverImage != "covers/abc.webp" {
			t.Errorf("cover = %q, want covers/abc.webp", got.CoverImage)
		}
		if err := f.svc.SetCover(f.ctx, anna, ini.ID, ""); err != nil || f.stored(ini.ID).CoverImage != "" {
			t.Errorf("removing the cover: %v, cover %q", err, f.stored(ini.ID).CoverImage)
		}
		// An edit leaves the cover and the counters alone.
		if err := f.svc.SetCover(f.ctx, anna, ini.ID, "covers/def.webp"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Follow(f.ctx, f.resident("bas"), ini.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Update(f.ctx, anna, ini.ID, in); err != nil {
			t.Fatal(err)
		}
		if got := f.stored(ini.ID); got.CoverImage != "covers/def.webp" || got.FollowersCount != 1 || got.CreatedBy == nil {
			t.Errorf("after edit: cover %q, followers %d, created_by %v; want kept", got.CoverImage, got.FollowersCount, got.CreatedBy)
		}
	})
}
