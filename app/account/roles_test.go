package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func TestSetRoleByEmailGrantsAndEndsSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a", Email: "Beheer@Example.com"})
		b := login(t, svc, account.Profile{Provider: "google", Subject: "g-b", Email: "ander@example.com"})
		a1 := startSession(t, svc, a.ID, "Laptop", "")
		a2 := startSession(t, svc, a.ID, "Phone", "")
		b1 := startSession(t, svc, b.ID, "Laptop", "")

		advance(time.Hour)
		u, err := svc.SetRoleByEmail(ctx, " BEHEER@example.COM ", account.Admin)
		if err != nil || u.ID != a.ID || u.Role != account.Admin {
			t.Fatalf("SetRoleByEmail = %s %s, %v; want %s admin", u.ID, u.Role, err, a.ID)
		}
		got := stored(t, bdb, a.ID)
		if got.Role != account.Admin || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("stored role %s, updated %v; want admin at t0+1h", got.Role, got.UpdatedAt)
		}
		for _, tok := range []string{a1, a2} {
			if _, _, err := svc.SessionUser(ctx, tok); !errors.Is(err, account.ErrNoSession) {
				t.Errorf("session after a role change: err = %v, want ErrNoSession", err)
			}
		}
		if u, _, err := svc.SessionUser(ctx, b1); err != nil || u.ID != b.ID {
			t.Errorf("another user's session = %s, %v; want live", u.ID, err)
		}
		if stored(t, bdb, b.ID).Role != account.Resident {
			t.Error("another user's role changed")
		}

		// Back to resident: a demotion also takes effect at once.
		a3 := startSession(t, svc, a.ID, "Laptop", "")
		if u, err := svc.SetRoleByEmail(ctx, "beheer@example.com", account.Resident); err != nil || u.Role != account.Resident {
			t.Fatalf("demote = %s, %v", u.Role, err)
		}
		if _, _, err := svc.SessionUser(ctx, a3); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("session after a demotion: err = %v, want ErrNoSession", err)
		}
		if stored(t, bdb, a.ID).Role != account.Resident {
			t.Error("demotion not stored")
		}
	})
}

func TestSetRoleByEmailUnknownOrAmbiguous(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		login(t, svc, account.Profile{Provider: "facebook", Subject: "f-1"}) // no e-mail at all

		_, err := svc.SetRoleByEmail(ctx, "niemand@example.com", account.Staff)
		if !errors.Is(err, account.ErrNotFound) || !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown address: err = %v, want ErrNotFound", err)
		}
		if _, err := svc.SetRoleByEmail(ctx, "", account.Staff); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("empty address: err = %v, want ErrNotFound", err)
		}

		g := login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Email: "anna@example.com"})
		m := login(t, svc, account.Profile{Provider: "microsoft", Subject: "m-1", Email: "Anna@Example.com"})
		gs := startSession(t, svc, g.ID, "", "")
		ms := startSession(t, svc, m.ID, "", "")
		_, err = svc.SetRoleByEmail(ctx, "anna@example.com", account.Admin)
		if !errors.Is(err, account.ErrAmbiguous) || !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("address of two users: err = %v, want ErrAmbiguous", err)
		}
		if n := count(t, bdb, "users", "role <> ?", account.Resident); n != 0 {
			t.Errorf("%d users changed role after an ambiguous address", n)
		}
		for _, tok := range []string{gs, ms} {
			if _, _, err := svc.SessionUser(ctx, tok); err != nil {
				t.Errorf("session after an ambiguous address: %v, want still live", err)
			}
		}
	})
}

func TestSetRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		tok := startSession(t, svc, a.ID, "", "")
		if err := svc.SetRole(ctx, a.ID, account.Staff); err != nil {
			t.Fatal(err)
		}
		if stored(t, bdb, a.ID).Role != account.Staff {
			t.Error("role not stored")
		}
		if _, _, err := svc.SessionUser(ctx, tok); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("session after SetRole: err = %v, want ErrNoSession", err)
		}
		if err := svc.SetRole(ctx, uuid.Must(uuid.NewV7()), account.Staff); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("SetRole of an unknown user: err = %v, want ErrNotFound", err)
		}
		if err := svc.SetRole(ctx, a.ID, account.Role("root")); err == nil {
			t.Error("an unknown role was stored")
		}
		if stored(t, bdb, a.ID).Role != account.Staff {
			t.Errorf("role after a refused change = %s, want staff", stored(t, bdb, a.ID).Role)
		}
	})
}

func TestPrivilegedListsStaffAndAdmins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, staffOpts)
		if ps, err := svc.Privileged(ctx); err != nil || len(ps) != 0 {
			t.Fatalf("privileged with only an empty database = %+v, %v", ps, err)
		}
		login(t, svc, account.Profile{Provider: "google", Subject: "r-1", Name: "Bewoner Een"})
		login(t, svc, account.Profile{Provider: "openid-connect", Subject: "r-2", Name: "Bewoner Twee", Email: "b@elders.nl"})
		login(t, svc, account.Profile{Provider: "openid-connect", Subject: "s-1", Name: "Zeger Staf", Email: "z@voorbeeld.nl"})
		s2 := login(t, svc, account.Profile{Provider: "google", Subject: "s-2", Name: "Anouk Staf"})
		a1 := login(t, svc, account.Profile{Provider: "google", Subject: "a-1", Name: "Wim Beheer"})
		if err := svc.SetRole(ctx, s2.ID, account.Staff); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetRole(ctx, a1.ID, account.Admin); err != nil {
			t.Fatal(err)
		}
		ps, err := svc.Privileged(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range ps {
			got = append(got, string(u.Role)+":"+u.DisplayName)
		}
		want := []string{"admin:Wim Beheer", "staff:Anouk Staf", "staff:Zeger Staf"}
		if len(got) != len(want) {
			t.Fatalf("privileged = %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("privileged = %q, want %q", got, want)
			}
		}
	})
}
