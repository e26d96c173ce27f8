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

// warm opens n pooled connections up front, so that the racing calls start
// together instead of one after another while connections are dialled.
func warm(t *testing.T, bdb *bun.DB, n int) {
	t.Helper()
	bdb.SetMaxIdleConns(n)
	_, errs := parallel(n, func() (int, error) {
		var one int
		err := bdb.NewRaw("SELECT 1").Scan(context.Background(), &one)
		return one, err
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestConcurrentFirstLoginsMakeOneUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		const rounds, workers = 5, 8
		warm(t, bdb, workers)
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
		const rounds = 5
		warm(t, bdb, 8)
		for r := range rounds {
			p := account.Profile{Provider: "seed", Subject: fmt.Sprintf("beheerder-%d", r), Name: "Beheerder"}
			added, errs := parallel(8, func() (bool, error) { return svc.EnsureUser(ctx, p, account.Admin) })
			n := 0
			for i := range added {
				if errs[i] != nil {
					t.Fatalf("round %d, EnsureUser %d: %v", r, i, errs[i])
				}
				if added[i] {
					n++
				}
			}
			if n != 1 {
				t.Errorf("round %d: %d concurrent EnsureUser calls reported adding the user, want 1", r, n)
			}
		}
		if u, i := count(t, bdb, "users", "role = ?", account.Admin), count(t, bdb, "identities", ""); u != rounds || i != rounds {
			t.Errorf("admins, identities = %d, %d; want %d, %d", u, i, rounds, rounds)
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
		warm(t, bdb, len(users))
		for r := range 5 {
			p := account.Profile{Provider: "microsoft", Subject: fmt.Sprintf("contested-%d", r)}
			var mu sync.Mutex
			next := 0
			linkers, errs := parallel(len(users), func() (uuid.UUID, error) {
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
					won = append(won, linkers[i])
				case !errors.Is(err, account.ErrIdentityTaken):
					t.Errorf("round %d, losing link: err = %v, want ErrIdentityTaken", r, err)
				}
			}
			if len(won) != 1 {
				t.Fatalf("round %d: %d concurrent links of one identity succeeded, want 1", r, len(won))
			}
			if n := count(t, bdb, "identities", "provider = ? AND subject = ?", p.Provider, p.Subject); n != 1 {
				t.Errorf("round %d: %d rows for the identity, want 1", r, n)
			}
			if u := login(t, svc, p); u.ID != won[0] {
				t.Errorf("round %d: the identity logs in as %s, want the winner %s", r, u.ID, won[0])
			}
		}
	})
}
