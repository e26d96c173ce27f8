package account_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func TestUpdateProfile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		nb := neighbourhood(t, bdb, now, "centrum")
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a", Name: "Anna"})
		if a.NeighbourhoodAsked || a.NeighbourhoodID != nil {
			t.Fatalf("new user = %+v; want no neighbourhood, not asked", a)
		}

		advance(time.Hour)
		u, err := svc.UpdateProfile(ctx, a.ID, account.ProfileInput{Name: "  Anna\u200b van Dijk ", NeighbourhoodID: &nb, EmailConsent: true})
		if err != nil {
			t.Fatal(err)
		}
		got := stored(t, bdb, a.ID)
		for _, x := range []account.User{u, got} {
			if x.DisplayName != "Anna van Dijk" || x.NeighbourhoodID == nil || *x.NeighbourhoodID != nb ||
				!x.EmailConsent || !x.NeighbourhoodAsked || !x.UpdatedAt.Equal(t0.Add(time.Hour)) || x.Role != account.Resident {
				t.Errorf("after UpdateProfile: %+v", x)
			}
		}

		// A later login keeps the name the user chose.
		if u := login(t, svc, account.Profile{Provider: "google", Subject: "g-a", Name: "Anna Provider"}); u.DisplayName != "Anna van Dijk" {
			t.Errorf("name after a later login = %q, want the chosen one", u.DisplayName)
		}

		// No neighbourhood clears it; asked stays true.
		if _, err := svc.UpdateProfile(ctx, a.ID, account.ProfileInput{Name: "Anna"}); err != nil {
			t.Fatal(err)
		}
		if got := stored(t, bdb, a.ID); got.NeighbourhoodID != nil || !got.NeighbourhoodAsked || got.EmailConsent {
			t.Errorf("after clearing: %+v", got)
		}
	})
}

func TestUpdateProfileRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		nb := neighbourhood(t, bdb, now, "centrum")
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a", Name: "Anna"})
		before := stored(t, bdb, a.ID)
		advance(time.Hour)

		_, err := svc.UpdateProfile(ctx, a.ID, account.ProfileInput{Name: " \u200b ", NeighbourhoodID: &nb, EmailConsent: true})
		if !apperr.Is(err, apperr.Invalid) || fieldsOf(err)["name"] != "account.name.required" {
			t.Errorf("empty name: err = %v (fields %v), want Invalid on name", err, fieldsOf(err))
		}
		long := strings.Repeat("Ĳ", account.MaxNameLen+1)
		_, err = svc.UpdateProfile(ctx, a.ID, account.ProfileInput{Name: long, NeighbourhoodID: &nb})
		if !apperr.Is(err, apperr.Invalid) || fieldsOf(err)["name"] != "account.name.too_long" {
			t.Errorf("%d-character name: err = %v (fields %v), want Invalid on name", len([]rune(long)), err, fieldsOf(err))
		}
		unknown := uuid.Must(uuid.NewV7())
		_, err = svc.UpdateProfile(ctx, a.ID, account.ProfileInput{Name: "Anna B", NeighbourhoodID: &unknown, EmailConsent: true})
		if !apperr.Is(err, apperr.Invalid) || fieldsOf(err)["neighbourhood"] != "account.neighbourhood.unknown" {
			t.Errorf("unknown neighbourhood: err = %v (fields %v), want Invalid on neighbourhood", err, fieldsOf(err))
		}
		if after := stored(t, bdb, a.ID); !sameUser(before, after) {
			t.Errorf("refused updates changed the user:\nbefore %+v\nafter  %+v", before, after)
		}

		_, err = svc.UpdateProfile(ctx, uuid.Must(uuid.NewV7()), account.ProfileInput{Name: "Niemand"})
		if !errors.Is(err, account.ErrNotFound) {
			t.Errorf("unknown user: err = %v, want ErrNotFound", err)
		}
	})
}

func TestSetNeighbourhood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		nb := neighbourhood(t, bdb, now, "noord")
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a", Name: "Anna"})
		b := login(t, svc, account.Profile{Provider: "google", Subject: "g-b", Name: "Bram"})

		advance(time.Hour)
		if err := svc.SetNeighbourhood(ctx, a.ID, &nb); err != nil {
			t.Fatal(err)
		}
		got := stored(t, bdb, a.ID)
		if got.NeighbourhoodID == nil || *got.NeighbourhoodID != nb || !got.NeighbourhoodAsked ||
			!got.UpdatedAt.Equal(t0.Add(time.Hour)) || got.DisplayName != "Anna" {
			t.Errorf("after SetNeighbourhood: %+v", got)
		}

		// Skipping the question records that it was asked.
		if err := svc.SetNeighbourhood(ctx, b.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got := stored(t, bdb, b.ID); got.NeighbourhoodID != nil || !got.NeighbourhoodAsked {
			t.Errorf("after skipping: %+v; want asked, no neighbourhood", got)
		}
		if err := svc.SetNeighbourhood(ctx, a.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got := stored(t, bdb, a.ID); got.NeighbourhoodID != nil || !got.NeighbourhoodAsked {
			t.Errorf("after clearing: %+v", got)
		}

		before := stored(t, bdb, a.ID)
		advance(time.Hour)
		unknown := uuid.Must(uuid.NewV7())
		err := svc.SetNeighbourhood(ctx, a.ID, &unknown)
		if !apperr.Is(err, apperr.Invalid) || fieldsOf(err)["neighbourhood"] != "account.neighbourhood.unknown" {
			t.Errorf("unknown neighbourhood: err = %v (fields %v), want Invalid on neighbourhood", err, fieldsOf(err))
		}
		if after := stored(t, bdb, a.ID); !sameUser(before, after) {
			t.Errorf("a refused SetNeighbourhood changed the user: %+v", after)
		}
		if err := svc.SetNeighbourhood(ctx, uuid.Must(uuid.NewV7()), &nb); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("unknown user: err = %v, want ErrNotFound", err)
		}
	})
}

// sameUser compares two stored rows, times by instant.
func sameUser(a, b account.User) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) || !a.UpdatedAt.Equal(b.UpdatedAt) {
		return false
	}
	a.CreatedAt, a.UpdatedAt, b.CreatedAt, b.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}
