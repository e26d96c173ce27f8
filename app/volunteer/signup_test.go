package volunteer_test

import (
	"errors"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

func TestTaskFormRejectsBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		cases := map[string]struct {
			edit func(*volunteer.TaskInput)
			want map[string]string
		}{
			"capacity 0":         {func(in *volunteer.TaskInput) { in.Capacity = "0" }, map[string]string{"capacity": "volunteer.capacity.range"}},
			"capacity 501":       {func(in *volunteer.TaskInput) { in.Capacity = "501" }, map[string]string{"capacity": "volunteer.capacity.range"}},
			"end before start":   {func(in *volunteer.TaskInput) { in.End = in.Start }, map[string]string{"end": "volunteer.end.before_start"}},
			"unknown activity":   {func(in *volunteer.TaskInput) { in.ActivityID = uuid.NewString() }, map[string]string{"activity": "volunteer.activity.unknown"}},
			"short title":        {func(in *volunteer.TaskInput) { in.Title = "ab" }, map[string]string{"title": "volunteer.title.too_short"}},
			"past start and end": {func(in *volunteer.TaskInput) { in.Start, in.End = local(-2, "10:00"), local(-2, "12:00") }, map[string]string{"start": "volunteer.start.past"}},
		}
		for name, tc := range cases {
			in := taskInput("5")
			tc.edit(&in)
			_, err := f.svc.CreateTask(f.ctx, f.org, f.ini.ID, in)
			if got := fieldsOf(err); !maps.Equal(got, tc.want) {
				t.Errorf("%s: fields %v, want %v (%v)", name, got, tc.want, err)
			}
		}
		if n := f.count("volunteer_tasks", "1 = 1"); n != 0 {
			t.Errorf("%d tasks stored", n)
		}
		in := taskInput("500")
		in.ActivityID = f.activity(activityInput()).ID.String()
		if task := f.task(in); task.ActivityID == nil || task.Capacity != 500 {
			t.Errorf("task on an activity stored as %+v", task)
		}
	})
}

func TestSignUpWaitingListCancelAndPromotion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("1"))
		ann, bob, cas := f.resident("Ann"), f.resident("Bob"), f.resident("Cas")
		for i, u := range []account.User{ann, bob, cas} {
			su, err := f.svc.SignUp(f.ctx, u, task.ID)
			want := volunteer.OnWaiting
			if i == 0 {
				want = volunteer.Confirmed
			}
			if err != nil || su.State != want {
				t.Fatalf("%s: %q, %v; want %q", u.DisplayName, su.State, err, want)
			}
		}
		if _, err := f.svc.SignUp(f.ctx, bob, task.ID); !errors.Is(err, volunteer.ErrAlreadySignedUp) {
			t.Errorf("signing up twice: %v", err)
		}
		if err := f.svc.Leave(f.ctx, ann, task.ID); err != nil {
			t.Fatal(err)
		}
		sus := f.signups(task.ID)
		if len(sus) != 2 || sus[0].UserID != bob.ID || sus[0].State != volunteer.Confirmed || sus[1].State != volunteer.OnWaiting {
			t.Errorf("after Ann left: %+v", sus)
		}
		if got := f.storedTask(task.ID); got.SignedCount != 1 || got.WaitingCount != 1 {
			t.Errorf("counters %d/%d, want 1/1", got.SignedCount, got.WaitingCount)
		}
		if err := f.svc.Leave(f.ctx, ann, task.ID); !errors.Is(err, volunteer.ErrNotSignedUp) {
			t.Errorf("leaving twice: %v", err)
		}
		if n := f.count("activity", "kind = ?", activity.SignedUp); n != 3 {
			t.Errorf("%d signed_up rows, want 3", n)
		}
		if n := f.count("activity", "kind = ?", activity.SignupCancelled); n != 1 {
			t.Errorf("%d signup_cancelled rows, want 1", n)
		}
		if _, err := f.svc.SignUp(f.ctx, f.user("Ambtenaar", account.Staff), task.ID); !errors.Is(err, volunteer.ErrResidentsOnly) {
			t.Errorf("staff signed up: %v", err)
		}
		f.clock.Set(task.StartsAt)
		if _, err := f.svc.SignUp(f.ctx, f.resident("Laat"), task.ID); !errors.Is(err, volunteer.ErrClosed) {
			t.Errorf("signing up at the start: %v", err)
		}
	})
}

func TestSignUpForTaskOfCancelledActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		a := f.activity(activityInput())
		in := taskInput("4")
		in.ActivityID = a.ID.String()
		task := f.task(in)
		if err := f.svc.CancelActivity(f.ctx, f.org, a.ID, "Geen vergunning"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SignUp(f.ctx, f.resident("Ann"), task.ID); !errors.Is(err, volunteer.ErrCancelled) {
			t.Errorf("sign-up for a task of a cancelled activity: %v", err)
		}
		if n := f.count("signups", "1 = 1"); n != 0 {
			t.Errorf("%d sign-ups stored", n)
		}
	})
}

func TestRemovedVolunteerMayRejoinOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("1"))
		ann, bob := f.resident("Ann"), f.resident("Bob")
		first, _ := f.svc.SignUp(f.ctx, ann, task.ID)
		if _, err := f.svc.SignUp(f.ctx, bob, task.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Remove(f.ctx, bob, task.ID, first.ID, "Nee"); !errors.Is(err, volunteer.ErrNotOrganiser) {
			t.Errorf("a volunteer removed another: %v", err)
		}
		if err := f.svc.Remove(f.ctx, f.org, task.ID, first.ID, " "); fieldsOf(err)["reason"] != "volunteer.reason.required" {
			t.Errorf("removal without a reason: %v", err)
		}
		if err := f.svc.Remove(f.ctx, f.org, task.ID, first.ID, "Dubbel ingeschreven"); err != nil {
			t.Fatal(err)
		}
		su, ok, _ := f.svc.SignupOf(f.ctx, task.ID, ann.ID)
		if !ok || su.State != volunteer.Removed || su.RemovedReason != "Dubbel ingeschreven" {
			t.Errorf("Ann's sign-up after removal: %+v", su)
		}
		if su, _, _ := f.svc.SignupOf(f.ctx, task.ID, bob.ID); su.State != volunteer.Confirmed {
			t.Errorf("Bob was not promoted: %q", su.State)
		}
		again, err := f.svc.SignUp(f.ctx, ann, task.ID)
		if err != nil || !again.Rejoined || again.State != volunteer.OnWaiting {
			t.Errorf("rejoining: %+v, %v", again, err)
		}
		if err := f.svc.Remove(f.ctx, f.org, task.ID, again.ID, "Weer dubbel"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SignUp(f.ctx, ann, task.ID); !errors.Is(err, volunteer.ErrRemovedTwice) {
			t.Errorf("rejoining a second time: %v", err)
		}
		if got := f.storedTask(task.ID); got.SignedCount != 1 || got.WaitingCount != 0 {
			t.Errorf("counters %d/%d, want 1/0", got.SignedCount, got.WaitingCount)
		}
	})
}

// Concurrent sign-ups for a task with one place: exactly one gets it.
func TestConcurrentSignUpsNeverOverfillOnePlace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("1"))
		users := make([]account.User, 12)
		for i := range users {
			users[i] = f.resident("Buur")
		}
		dbtest.WarmPool(t, bdb, len(users))
		errs := parallel(len(users), func(i int) error {
			_, err := f.svc.SignUp(f.ctx, users[i], task.ID)
			return err
		})
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := f.count("signups", "task_id = ? AND state = ?", task.ID, volunteer.Confirmed); n != 1 {
			t.Errorf("%d confirmed, want 1", n)
		}
		if got := f.storedTask(task.ID); got.SignedCount != 1 || got.WaitingCount != len(users)-1 {
			t.Errorf("counters %d/%d", got.SignedCount, got.WaitingCount)
		}
	})
}

// 200 residents sign up for 20 places at once: 20 confirmed and 180
// waiting, in sign-up order; random cancellations then promote in order
// and never exceed the capacity.
func TestTwoHundredSignUpsForTwentyPlaces(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("20"))
		users := make([]account.User, 200)
		for i := range users {
			users[i] = f.resident("Buur")
		}
		// Bounded like a production pool: the 200 wait their turn for a
		// connection, as requests would, and PostgreSQL keeps connections
		// for the other tests running in parallel.
		if bdb.Stats().MaxOpenConnections == 0 {
			bdb.SetMaxOpenConns(30)
		}
		dbtest.WarmPool(t, bdb, 30)
		for _, err := range parallel(len(users), func(i int) error {
			_, err := f.svc.SignUp(f.ctx, users[i], task.ID)
			return err
		}) {
			if err != nil {
				t.Fatal(err)
			}
		}
		sus := f.signups(task.ID)
		for i, su := range sus {
			want := volunteer.OnWaiting
			if i < 20 {
				want = volunteer.Confirmed
			}
			if su.Seq != i+1 || su.State != want {
				t.Fatalf("sign-up %d: seq %d state %q, want seq %d %q", i, su.Seq, su.State, i+1, want)
			}
		}
		rng := rand.New(rand.NewPCG(1, 2))
		leavers := rng.Perm(200)[:60]
		for _, err := range parallel(len(leavers), func(i int) error {
			return f.svc.Leave(f.ctx, users[leavers[i]], task.ID)
		}) {
			if err != nil {
				t.Fatal(err)
			}
		}
		sus = f.signups(task.ID)
		confirmed := 0
		for i, su := range sus {
			if su.State == volunteer.Confirmed {
				confirmed++
				if i >= 20 {
					t.Errorf("sign-up with seq %d confirmed while an earlier one waits", su.Seq)
				}
			}
		}
		got := f.storedTask(task.ID)
		if confirmed != 20 || got.SignedCount != 20 || got.WaitingCount != 120 || len(sus) != 140 {
			t.Errorf("after 60 left: %d confirmed, counters %d/%d, %d rows", confirmed, got.SignedCount, got.WaitingCount, len(sus))
		}
	})
}

func TestCancelTaskTellsVolunteersAndClosesIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("1"))
		ann, bob := f.resident("Ann"), f.resident("Bob")
		for _, u := range []account.User{ann, bob} {
			if _, err := f.svc.SignUp(f.ctx, u, task.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.svc.CancelTask(f.ctx, ann, task.ID, "Niet nodig"); !errors.Is(err, volunteer.ErrNotOrganiser) {
			t.Errorf("a volunteer cancelled the task: %v", err)
		}
		if err := f.svc.CancelTask(f.ctx, f.org, task.ID, ""); fieldsOf(err)["reason"] != "volunteer.reason.required" {
			t.Errorf("cancel without a reason: %v", err)
		}
		if err := f.svc.CancelTask(f.ctx, f.org, task.ID, "De gemeente brengt de flyers rond"); err != nil {
			t.Fatal(err)
		}
		if got := f.storedTask(task.ID); !got.Cancelled() || got.CancelReason != "De gemeente brengt de flyers rond" {
			t.Errorf("stored %q %q", got.Status, got.CancelReason)
		}
		for _, u := range []account.User{ann, bob} {
			if ns := f.notices(u.ID, notify.ActivityCancelled, false); len(ns) != 1 || ns[0].Params["reason"] != "De gemeente brengt de flyers rond" {
				t.Errorf("%s was told %+v", u.DisplayName, ns)
			}
		}
		if rs := f.notices(ann.ID, notify.Reminder, false); len(rs) != 0 {
			t.Errorf("reminders after cancelling: %+v", rs)
		}
		if _, err := f.svc.SignUp(f.ctx, f.resident("Cas"), task.ID); !errors.Is(err, volunteer.ErrCancelled) {
			t.Errorf("sign-up for a cancelled task: %v", err)
		}
		if _, err := f.svc.UpdateTask(f.ctx, f.org, task.ID, taskInput("2")); !errors.Is(err, volunteer.ErrCancelled) {
			t.Errorf("editing a cancelled task: %v", err)
		}
		if ts, _ := f.svc.OpenTasks(f.ctx, f.nb, 10); len(ts) != 0 {
			t.Errorf("a cancelled task is open: %+v", ts)
		}
		items, err := f.svc.Agenda(f.ctx, ann.ID, t0)
		if err != nil || len(items) != 1 || !items[0].Cancelled || items[0].Reason != "De gemeente brengt de flyers rond" {
			t.Errorf("Ann's agenda %+v, %v", items, err)
		}
	})
}

// A place freed without a promotion (account deletion lowers the counter
// and deletes the row) goes to the first waiting at the next sign-up or
// answer, not to the newcomer.
func TestFreedPlaceGoesToTheWaitingBeforeNewcomers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("1"))
		in := activityInput()
		in.Limit = "1"
		a := f.activity(in)
		ann, bob, cas := f.resident("Ann"), f.resident("Bob"), f.resident("Cas")
		for _, u := range []account.User{ann, bob} {
			if _, err := f.svc.SignUp(f.ctx, u, task.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.RSVP(f.ctx, u, a.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range []string{
			"DELETE FROM signups WHERE user_id = ?", "UPDATE volunteer_tasks SET signed_count = signed_count - 1 WHERE ? <> ''",
			"DELETE FROM rsvps WHERE user_id = ?", "UPDATE activities SET going_count = going_count - 1 WHERE ? <> ''",
		} {
			if _, err := bdb.ExecContext(f.ctx, q, ann.ID.String()); err != nil {
				t.Fatal(err)
			}
		}
		su, err := f.svc.SignUp(f.ctx, cas, task.ID)
		if err != nil || su.State != volunteer.OnWaiting {
			t.Errorf("newcomer on the task: %q, %v", su.State, err)
		}
		if st, err := f.svc.RSVP(f.ctx, bob, a.ID, true); err != nil || st != volunteer.Going {
			t.Errorf("Bob answering again: %q, %v; want his freed place", st, err)
		}
		if st, _, _ := f.svc.SignupOf(f.ctx, task.ID, bob.ID); st.State != volunteer.Confirmed {
			t.Errorf("Bob on the task: %q", st.State)
		}
		if got := f.storedActivity(a.ID); got.GoingCount != 1 || got.WaitingCount != 0 {
			t.Errorf("activity counters %d/%d", got.GoingCount, got.WaitingCount)
		}
		if got := f.storedTask(task.ID); got.SignedCount != 1 || got.WaitingCount != 1 {
			t.Errorf("task counters %d/%d", got.SignedCount, got.WaitingCount)
		}
	})
}
