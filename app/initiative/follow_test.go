package initiative_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

func (f *fixture) isFollowing(id uuid.UUID, u account.User) bool {
	f.t.Helper()
	ok, err := f.svc.IsFollowing(f.ctx, id, u.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return ok
}

func TestFollowAndUnfollowAreIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		ini := f.create(f.resident("anna"), "Groen plein")
		bas := f.resident("bas")
		// state checks the counter, the rows and the log together.
		state := func(step string, following bool, followers, followed, unfollowed int) {
			t.Helper()
			got := f.stored(ini.ID).FollowersCount
			rows := f.count("follows", "initiative_id = ?", ini.ID)
			fd, ud := f.logged(activity.Followed, ini.ID), f.logged(activity.Unfollowed, ini.ID)
			if f.isFollowing(ini.ID, bas) != following || got != followers || rows != followers || fd != followed || ud != unfollowed {
				t.Errorf("%s: following %v, count %d, rows %d, logged %d followed and %d unfollowed; want %v, %d, %d, %d, %d",
					step, f.isFollowing(ini.ID, bas), got, rows, fd, ud, following, followers, followers, followed, unfollowed)
			}
		}
		if err := f.svc.Unfollow(f.ctx, bas, ini.ID); err != nil {
			t.Fatal(err)
		}
		state("unfollow without following", false, 0, 0, 0)
		for range 2 {
			if err := f.svc.Follow(f.ctx, bas, ini.ID); err != nil {
				t.Fatal(err)
			}
		}
		state("followed twice", true, 1, 1, 0)
		for range 2 {
			if err := f.svc.Unfollow(f.ctx, bas, ini.ID); err != nil {
				t.Fatal(err)
			}
		}
		state("unfollowed twice", false, 0, 1, 1)

		var ev activity.Event
		if err := bdb.NewSelect().Model(&ev).Where("kind = ?", activity.Followed).Scan(f.ctx); err != nil {
			t.Fatal(err)
		}
		if ev.NeighbourhoodID == nil || *ev.NeighbourhoodID != f.nb {
			t.Errorf("followed activity in neighbourhood %v, want %s", ev.NeighbourhoodID, f.nb)
		}
	})
}

func TestWhoMayFollow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		ini := f.create(f.resident("anna"), "Groen plein")
		for _, role := range []account.Role{account.Staff, account.Admin} {
			u := f.user("kijker-"+string(role), role)
			if err := f.svc.Follow(f.ctx, u, ini.ID); !errors.Is(err, initiative.ErrResidentsOnly) {
				t.Errorf("%s follows: err = %v, want ErrResidentsOnly", role, err)
			}
			// Stopping is always allowed; not following, it changes nothing.
			if err := f.svc.Unfollow(f.ctx, u, ini.ID); err != nil {
				t.Errorf("%s unfollows: %v", role, err)
			}
		}
		if n := f.count("follows", ""); n != 0 || f.stored(ini.ID).FollowersCount != 0 {
			t.Errorf("%d follows after refused follows, want 0", n)
		}
		bas := f.resident("bas")
		if err := f.svc.Follow(f.ctx, bas, uuid.Must(uuid.NewV7())); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("follow an unknown initiative: err = %v, want NotFound", err)
		}
		if err := f.svc.Unfollow(f.ctx, bas, uuid.Must(uuid.NewV7())); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unfollow an unknown initiative: err = %v, want NotFound", err)
		}
	})
}

func TestConcurrentFollowingKeepsTheCountExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		ini := f.create(f.resident("anna"), "Groen plein")
		const workers = 20
		dbtest.WarmPool(t, bdb, workers)
		var users []account.User
		for i := range workers {
			users = append(users, f.resident(fmt.Sprintf("volger-%d", i)))
		}
		act := func(u account.User, follow bool) error {
			if follow {
				return f.svc.Follow(f.ctx, u, ini.ID)
			}
			return f.svc.Unfollow(f.ctx, u, ini.ID)
		}

		// Each worker its own user, ending on a follow: every user follows.
		steps := []bool{true, true, false, true, false, false, true, true}
		_, errs := parallel(workers, func(i int) (struct{}, error) {
			for _, s := range steps {
				if err := act(users[i], s); err != nil {
					return struct{}{}, err
				}
			}
			return struct{}{}, nil
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if got := f.stored(ini.ID).FollowersCount; got != workers || f.count("follows", "") != workers {
			t.Errorf("followers_count %d, %d follows; want %d", got, f.count("follows", ""), workers)
		}
		// Each worker changed state three times each way.
		if fd, ud := f.logged(activity.Followed, ini.ID), f.logged(activity.Unfollowed, ini.ID); fd != 3*workers || ud != 2*workers {
			t.Errorf("logged %d followed, %d unfollowed; want %d, %d", fd, ud, 3*workers, 2*workers)
		}

		// Four workers per user toggling against each other: whatever the
		// outcome, counter, rows and log agree.
		_, errs = parallel(workers, func(i int) (struct{}, error) {
			u := users[i%5]
			for k := range 6 {
				if err := act(u, (i+k)%2 == 0); err != nil {
					return struct{}{}, err
				}
			}
			return struct{}{}, nil
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		rows := f.count("follows", "")
		got := f.stored(ini.ID).FollowersCount
		net := f.logged(activity.Followed, ini.ID) - f.logged(activity.Unfollowed, ini.ID)
		if got != rows || net != rows {
			t.Errorf("followers_count %d, follows %d, followed minus unfollowed %d; want all equal", got, rows, net)
		}
	})
}
