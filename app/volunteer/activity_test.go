package volunteer_test

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

func TestCreateActivityStoresUTCAndValidates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		in := activityInput()
		in.Lat, in.Lon, in.Limit = "52.09", "5.12", "40"
		a := f.activity(in)
		got := f.storedActivity(a.ID)
		// 9 March 2026, 17:00 in Amsterdam (CET, UTC+1) is 16:00 UTC.
		if want := time.Date(2026, 3, 9, 16, 0, 0, 0, time.UTC); !got.StartsAt.Equal(want) {
			t.Errorf("start stored as %v, want %v", got.StartsAt, want)
		}
		if got.Limit == nil || *got.Limit != 40 || got.Lat == nil || *got.Lat != 52.09 || got.Status != volunteer.Planned {
			t.Errorf("stored %+v", got)
		}
		cases := map[string]struct {
			edit func(*volunteer.ActivityInput)
			want map[string]string
		}{
			"empty title":        {func(in *volunteer.ActivityInput) { in.Title = " " }, map[string]string{"title": "volunteer.title.required"}},
			"long title":         {func(in *volunteer.ActivityInput) { in.Title = strings.Repeat("a", 121) }, map[string]string{"title": "volunteer.title.too_long"}},
			"end before start":   {func(in *volunteer.ActivityInput) { in.End = local(7, "16:00") }, map[string]string{"end": "volunteer.end.before_start"}},
			"start in the past":  {func(in *volunteer.ActivityInput) { in.Start, in.End = local(-1, "10:00"), local(-1, "11:00") }, map[string]string{"start": "volunteer.start.past"}},
			"no date":            {func(in *volunteer.ActivityInput) { in.Start = "morgen" }, map[string]string{"start": "volunteer.start.invalid"}},
			"limit zero":         {func(in *volunteer.ActivityInput) { in.Limit = "0" }, map[string]string{"limit": "volunteer.limit.range"}},
			"limit not a number": {func(in *volunteer.ActivityInput) { in.Limit = "veel" }, map[string]string{"limit": "volunteer.limit.range"}},
			"latitude off earth": {func(in *volunteer.ActivityInput) { in.Lat, in.Lon = "91", "5" }, map[string]string{"lat": "volunteer.lat.invalid"}},
			"only a longitude":   {func(in *volunteer.ActivityInput) { in.Lon = "5" }, map[string]string{"lat": "volunteer.lat.invalid"}},
			"no place":           {func(in *volunteer.ActivityInput) { in.Place = "" }, map[string]string{"place": "volunteer.place.required"}},
		}
		for name, tc := range cases {
			in := activityInput()
			tc.edit(&in)
			_, err := f.svc.CreateActivity(f.ctx, f.org, f.ini.ID, in)
			if got := fieldsOf(err); !maps.Equal(got, tc.want) {
				t.Errorf("%s: fields %v, want %v (%v)", name, got, tc.want, err)
			}
		}
		if n := f.count("activities", "1 = 1"); n != 1 {
			t.Errorf("%d activities stored, want only the valid one", n)
		}
	})
}

func TestOnlyOrganisersPlanActivitiesAndTasks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		for _, u := range []account.User{f.resident("Buur"), f.user("Ambtenaar", account.Staff), f.user("Beheerder", account.Admin)} {
			if _, err := f.svc.CreateActivity(f.ctx, u, f.ini.ID, activityInput()); !errors.Is(err, volunteer.ErrNotOrganiser) {
				t.Errorf("%s created an activity: %v", u.Role, err)
			}
			if _, err := f.svc.CreateTask(f.ctx, u, f.ini.ID, taskInput("3")); !errors.Is(err, volunteer.ErrNotOrganiser) {
				t.Errorf("%s created a task: %v", u.Role, err)
			}
		}
		a := f.activity(activityInput())
		other := f.resident("Ander")
		if _, err := f.svc.UpdateActivity(f.ctx, other, a.ID, activityInput()); !errors.Is(err, volunteer.ErrNotOrganiser) {
			t.Errorf("a resident edited the activity: %v", err)
		}
		if err := f.svc.CancelActivity(f.ctx, other, a.ID, "Regen"); !errors.Is(err, volunteer.ErrNotOrganiser) {
			t.Errorf("a resident cancelled the activity: %v", err)
		}
		if _, _, err := f.svc.ActivityRoster(f.ctx, other, a.ID); !errors.Is(err, volunteer.ErrNotOrganiser) {
			t.Errorf("a resident read the roster: %v", err)
		}
	})
}

func TestRSVPWaitingListPromotesInOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		in := activityInput()
		in.Limit = "2"
		a := f.activity(in)
		ann, bob, cas, dio := f.resident("Ann"), f.resident("Bob"), f.resident("Cas"), f.resident("Dio")
		want := []volunteer.RSVPState{volunteer.Going, volunteer.Going, volunteer.Waiting, volunteer.Waiting}
		for i, u := range []account.User{ann, bob, cas, dio} {
			st, err := f.svc.RSVP(f.ctx, u, a.ID, true)
			if err != nil || st != want[i] {
				t.Fatalf("%s: %q, %v; want %q", u.DisplayName, st, err, want[i])
			}
		}
		if st, err := f.svc.RSVP(f.ctx, ann, a.ID, true); err != nil || st != volunteer.Going {
			t.Errorf("answering again: %q, %v", st, err)
		}
		if _, err := f.svc.RSVP(f.ctx, bob, a.ID, false); err != nil {
			t.Fatal(err)
		}
		for u, want := range map[account.User]volunteer.RSVPState{bob: volunteer.NotGoing, cas: volunteer.Going, dio: volunteer.Waiting} {
			if got, _ := f.svc.RSVPOf(f.ctx, a.ID, u.ID); got != want {
				t.Errorf("%s is %q, want %q", u.DisplayName, got, want)
			}
		}
		got := f.storedActivity(a.ID)
		if got.GoingCount != 2 || got.WaitingCount != 1 {
			t.Errorf("counters going %d waiting %d, want 2 and 1", got.GoingCount, got.WaitingCount)
		}
		if n := f.count("activity", "kind = ? AND initiative_id = ?", activity.RSVP, f.ini.ID); n != 5 {
			t.Errorf("%d rsvp rows in the activity log, want 5 (the repeat changed nothing)", n)
		}
		// A higher limit gives the waiting their place.
		in.Limit = "3"
		if _, err := f.svc.UpdateActivity(f.ctx, f.org, a.ID, in); err != nil {
			t.Fatal(err)
		}
		if st, _ := f.svc.RSVPOf(f.ctx, a.ID, dio.ID); st != volunteer.Going {
			t.Errorf("after raising the limit Dio is %q", st)
		}
		in.Limit = "1"
		if _, err := f.svc.UpdateActivity(f.ctx, f.org, a.ID, in); fieldsOf(err)["limit"] != "volunteer.limit.below_going" {
			t.Errorf("limit below those going: %v", err)
		}
	})
}

func TestRSVPRefusedWhenCancelledStartedOrStaff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		a, b := f.activity(activityInput()), f.activity(activityInput())
		ann := f.resident("Ann")
		if _, err := f.svc.RSVP(f.ctx, f.user("Ambtenaar", account.Staff), a.ID, true); !errors.Is(err, volunteer.ErrResidentsOnly) {
			t.Errorf("staff answered: %v", err)
		}
		if err := f.svc.CancelActivity(f.ctx, f.org, a.ID, ""); fieldsOf(err)["reason"] != "volunteer.reason.required" {
			t.Errorf("cancel without a reason: %v", err)
		}
		if err := f.svc.CancelActivity(f.ctx, f.org, a.ID, "Het gaat stormen"); err != nil {
			t.Fatal(err)
		}
		if got := f.storedActivity(a.ID); got.Status != volunteer.Cancelled || got.CancelReason != "Het gaat stormen" {
			t.Errorf("cancelled activity stored as %q %q", got.Status, got.CancelReason)
		}
		if _, err := f.svc.RSVP(f.ctx, ann, a.ID, true); !errors.Is(err, volunteer.ErrCancelled) {
			t.Errorf("answer to a cancelled activity: %v", err)
		}
		if err := f.svc.MarkHeld(f.ctx, f.org, b.ID); !errors.Is(err, volunteer.ErrNotStarted) {
			t.Errorf("held before it started: %v", err)
		}
		f.clock.Set(b.StartsAt)
		if _, err := f.svc.RSVP(f.ctx, ann, b.ID, true); !errors.Is(err, volunteer.ErrClosed) {
			t.Errorf("answer at the start: %v", err)
		}
		if err := f.svc.MarkHeld(f.ctx, f.org, b.ID); err != nil {
			t.Fatal(err)
		}
		if n := f.count("rsvps", "1 = 1"); n != 0 {
			t.Errorf("%d RSVPs stored", n)
		}
	})
}

// Concurrent answers to an activity with a limit: exactly the limit goes,
// the rest wait, and the counters match the rows.
func TestConcurrentRSVPsKeepTheLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		in := activityInput()
		in.Limit = "3"
		a := f.activity(in)
		users := make([]account.User, 15)
		for i := range users {
			users[i] = f.resident("Buur")
		}
		dbtest.WarmPool(t, bdb, len(users))
		for _, err := range parallel(len(users), func(i int) error {
			_, err := f.svc.RSVP(f.ctx, users[i], a.ID, true)
			return err
		}) {
			if err != nil {
				t.Fatal(err)
			}
		}
		going := f.count("rsvps", "activity_id = ? AND state = ?", a.ID, volunteer.Going)
		waiting := f.count("rsvps", "activity_id = ? AND state = ?", a.ID, volunteer.Waiting)
		got := f.storedActivity(a.ID)
		if going != 3 || waiting != 12 || got.GoingCount != 3 || got.WaitingCount != 12 {
			t.Errorf("going %d waiting %d, counters %d/%d", going, waiting, got.GoingCount, got.WaitingCount)
		}
	})
}
