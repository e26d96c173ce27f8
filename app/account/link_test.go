package account_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func TestLinkAddsAnIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		advance(time.Minute)
		ms := account.Profile{Provider: "microsoft", Subject: "m-a"}
		if err := svc.Link(ctx, a.ID, ms); err != nil {
			t.Fatalf("link: %v", err)
		}
		ids, err := svc.Identities(ctx, a.ID)
		if err != nil || len(ids) != 2 || ids[0].Provider != "google" || ids[1].Provider != "microsoft" ||
			ids[1].Subject != "m-a" || ids[1].UserID != a.ID || !ids[1].CreatedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("identities after link = %+v, %v; want google then microsoft", ids, err)
		}
		if u := login(t, svc, ms); u.ID != a.ID {
			t.Errorf("login through the linked identity gave user %s, want %s", u.ID, a.ID)
		}
		if n := count(t, bdb, "users", ""); n != 1 {
			t.Errorf("users = %d, want 1", n)
		}

		// Linking the same identity again is a no-op.
		if err := svc.Link(ctx, a.ID, ms); err != nil {
			t.Errorf("linking an identity the user already has: %v", err)
		}
		if n := count(t, bdb, "identities", "user_id = ?", a.ID); n != 2 {
			t.Errorf("identities after linking twice = %d, want 2", n)
		}
	})
}

func TestLinkRefusesAnotherUsersIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		bp := account.Profile{Provider: "facebook", Subject: "f-b"}
		b := login(t, svc, bp)
		err := svc.Link(ctx, a.ID, bp)
		if !errors.Is(err, account.ErrIdentityTaken) || !apperr.Is(err, apperr.AlreadyExists) {
			t.Fatalf("linking another user's identity: err = %v, want ErrIdentityTaken", err)
		}
		if n := count(t, bdb, "identities", "user_id = ?", a.ID); n != 1 {
			t.Errorf("a has %d identities, want 1", n)
		}
		if u := login(t, svc, bp); u.ID != b.ID {
			t.Errorf("the identity moved to user %s, want it to stay with %s", u.ID, b.ID)
		}
	})
}

func TestUnlinkRefusesTheLastIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		gp := account.Profile{Provider: "google", Subject: "g-a"}
		a := login(t, svc, gp)
		ids, err := svc.Identities(ctx, a.ID)
		if err != nil || len(ids) != 1 {
			t.Fatalf("identities = %+v, %v", ids, err)
		}
		err = svc.Unlink(ctx, a.ID, ids[0].ID)
		if !errors.Is(err, account.ErrLastIdentity) || !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("unlinking the last identity: err = %v, want ErrLastIdentity", err)
		}
		if n := count(t, bdb, "identities", "id = ?", ids[0].ID); n != 1 {
			t.Fatal("the last identity was deleted")
		}
		if u := login(t, svc, gp); u.ID != a.ID {
			t.Errorf("login after a refused unlink gave user %s, want %s", u.ID, a.ID)
		}
	})
}

func TestUnlinkOneOfTwo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		gp := account.Profile{Provider: "google", Subject: "g-a"}
		a := login(t, svc, gp)
		advance(time.Minute)
		ms := account.Profile{Provider: "microsoft", Subject: "m-a"}
		if err := svc.Link(ctx, a.ID, ms); err != nil {
			t.Fatal(err)
		}
		ids, _ := svc.Identities(ctx, a.ID)
		if len(ids) != 2 {
			t.Fatalf("identities = %+v", ids)
		}
		if err := svc.Unlink(ctx, a.ID, ids[0].ID); err != nil {
			t.Fatalf("unlink one of two: %v", err)
		}
		left, err := svc.Identities(ctx, a.ID)
		if err != nil || len(left) != 1 || left[0].ID != ids[1].ID {
			t.Fatalf("identities after unlink = %+v, %v; want only microsoft", left, err)
		}
		if u := login(t, svc, ms); u.ID != a.ID {
			t.Errorf("the remaining identity logs in as %s, want %s", u.ID, a.ID)
		}
		if u := login(t, svc, gp); u.ID == a.ID {
			t.Error("the unlinked identity still logs in as the user")
		}
		err = svc.Unlink(ctx, a.ID, ids[1].ID)
		if !errors.Is(err, account.ErrLastIdentity) {
			t.Errorf("unlinking what is now the last identity: err = %v, want ErrLastIdentity", err)
		}
		if n := count(t, bdb, "identities", "user_id = ?", a.ID); n != 1 {
			t.Errorf("identities = %d, want 1", n)
		}
	})
}

func TestUnlinkUnknownOrForeignIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		b := login(t, svc, account.Profile{Provider: "google", Subject: "g-b"})
		for _, u := range []account.User{a, b} {
			if err := svc.Link(ctx, u.ID, account.Profile{Provider: "microsoft", Subject: "m-" + u.ID.String()}); err != nil {
				t.Fatal(err)
			}
		}

		err := svc.Unlink(ctx, a.ID, uuid.Must(uuid.NewV7()))
		if !errors.Is(err, account.ErrNotFound) || !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unlinking an unknown identity: err = %v, want ErrNotFound", err)
		}

		bIDs, _ := svc.Identities(ctx, b.ID)
		for _, id := range bIDs {
			if err := svc.Unlink(ctx, a.ID, id.ID); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("a unlinking b's identity %s: err = %v, want ErrNotFound", id.Provider, err)
			}
		}
		if n := count(t, bdb, "identities", "user_id = ?", b.ID); n != 2 {
			t.Errorf("b has %d identities after a's attempts, want 2", n)
		}
		if n := count(t, bdb, "identities", "user_id = ?", a.ID); n != 2 {
			t.Errorf("a has %d identities, want 2", n)
		}
	})
}

func TestUsersOfProvider(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		login(t, svc, account.Profile{Provider: "demo", Subject: "d-1", Name: "Wim"})
		anna := login(t, svc, account.Profile{Provider: "demo", Subject: "d-2", Name: "Anna"})
		if err := svc.Link(ctx, anna.ID, account.Profile{Provider: "google", Subject: "g-anna"}); err != nil {
			t.Fatal(err)
		}
		login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Name: "Bram"})
		us, err := svc.UsersOfProvider(ctx, "demo")
		if err != nil || len(us) != 2 || us[0].DisplayName != "Anna" || us[1].DisplayName != "Wim" {
			t.Fatalf("demo users = %+v, %v; want Anna then Wim", us, err)
		}
		if us, err := svc.UsersOfProvider(ctx, "facebook"); err != nil || len(us) != 0 {
			t.Errorf("users of a provider nobody used = %+v, %v", us, err)
		}
	})
}

// Two unlinks of a user's two identities at once leave exactly one.
func TestConcurrentUnlinksKeepOneIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		svc := account.NewService(bdb, time.Now, account.Options{})
		for round := 0; round < 10; round++ {
			u := login(t, svc, account.Profile{Provider: "google", Subject: fmt.Sprintf("u%d", round), Name: "Noor"})
			if err := svc.Link(ctx, u.ID, account.Profile{Provider: "apple", Subject: fmt.Sprintf("a%d", round)}); err != nil {
				t.Fatal(err)
			}
			ids, _ := svc.Identities(ctx, u.ID)
			var wg sync.WaitGroup
			for _, id := range ids {
				wg.Add(1)
				go func(id uuid.UUID) {
					defer wg.Done()
					_ = svc.Unlink(ctx, u.ID, id)
				}(id.ID)
			}
			wg.Wait()
			if left, _ := svc.Identities(ctx, u.ID); len(left) != 1 {
				t.Fatalf("round %d: %d identities left, want 1", round, len(left))
			}
		}
	})
}
