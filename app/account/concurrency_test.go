package account_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// parallel runs fn n times at once, released together, and returns what
// each call returned.
func parallel[T any](n int, fn func() (T, error)) ([]T, []error) {
	out, errs := make([]T, n), make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			out[i], errs[i] = fn()
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return out, errs
}

func TestConcurrentFirstLoginsMakeOneUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		const rounds, workers = 5, 8
		for r := range rounds {
			p := account.Profile{Provider: "google", Subject: fmt.Sprintf("race-%d", r), Name: "Racer", Email: "racer@example.com"}
			us, errs := parallel(workers, func() (account.User, error) { return svc.Login(ctx, p) })
			for i := range workers {
				if errs[i] != nil {
					t.Fatalf("round %d, login %d: %v", r, i, errs[i])
				}
				if us[i].ID != us[0].ID {
					t.Fatalf("round %d: concurrent logins gave users %s and %s", r, us[0].ID, us[i].ID)
				}
			}
			if n := count(t, bdb, "identities", "provider = ? AND subject = ?", p.Provider, p.Subject); n != 1 {
				t.Errorf("round %d: %d identities, want 1", r, n)
			}
			if n := count(t, bdb, "users", "id = ?", us[0].ID); n != 1 {
				t.Errorf("round %d: the user returned is not stored", r)
			}
		}
		if u, i := count(t, bdb, "users", ""), count(t, bdb, "identities", ""); u != rounds || i != rounds {
			t.Errorf("users, identities = %d, %d; want %d, %d (one per profile)", u, i, rounds, rounds)
		}
	})
}

func TestConcurrentEnsureUserAddsOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		p := account.Profile{Provider: "seed", Subject: "beheerder", Name: "Beheerder"}
		added, errs := parallel(8, func() (bool, error) { return svc.EnsureUser(ctx, p, account.Admin) })
		n := 0
		for i := range added {
			if errs[i] != nil {
				t.Fatalf("EnsureUser %d: %v", i, errs[i])
			}
			if added[i] {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d concurrent EnsureUser calls reported adding the user, want 1", n)
		}
		if u, i := count(t, bdb, "users", ""), count(t, bdb, "identities", ""); u != 1 || i != 1 {
			t.Errorf("users, identities = %d, %d; want 1, 1", u, i)
		}
	})
}

func TestConcurrentLinksOfOneIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		users := make([]account.User, 4)
		for i := range users {
			users[i] = login(t, svc, account.Profile{Provider: "google", Subject: fmt.Sprintf("g-%d", i)})
		}
		p := account.Profile{Provider: "microsoft", Subject: "contested"}
		var mu sync.Mutex
		next := 0
		winners, errs := parallel(len(users), func() (uuid.UUID, error) {
			mu.Lock()
			u := users[next]
			next++
			mu.Unlock()
			return u.ID, svc.Link(ctx, u.ID, p)
		})
		var won []uuid.UUID
		for i, err := range errs {
			switch {
			case err == nil:
				won = append(won, winners[i])
			case !errors.Is(err, account.ErrIdentityTaken):
				t.Errorf("losing link: err = %v, want ErrIdentityTaken", err)
			}
		}
		if len(won) != 1 {
			t.Fatalf("%d concurrent links of one identity succeeded, want 1", len(won))
		}
		if n := count(t, bdb, "identities", "provider = ? AND subject = ?", p.Provider, p.Subject); n != 1 {
			t.Errorf("%d rows for the identity, want 1", n)
		}
		if u := login(t, svc, p); u.ID != won[0] {
			t.Errorf("the identity logs in as %s, want the winner %s", u.ID, won[0])
		}
	})
}
