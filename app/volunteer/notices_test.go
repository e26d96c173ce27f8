package volunteer_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// notice is a stored notification as this test reads it.
type notice struct {
	Kind      string            `bun:"kind"`
	Key       string            `bun:"notif_key"`
	Params    map[string]string `bun:"params"`
	SendAt    time.Time         `bun:"send_at"`
	Cancelled *time.Time        `bun:"cancelled_at"`
}

// notices returns the user's notifications, live ones only unless all.
func (f *fixture) notices(userID uuid.UUID, kind notify.Kind, all bool) []notice {
	f.t.Helper()
	var ns []notice
	q := f.bdb.NewSelect().Table("notifications").Column("kind", "notif_key", "params", "send_at", "cancelled_at").
		Where("user_id = ? AND kind = ?", userID, kind).OrderExpr("created_at, notif_key")
	if !all {
		q = q.Where("cancelled_at IS NULL")
	}
	if err := q.Scan(f.ctx, &ns); err != nil {
		f.t.Fatal(err)
	}
	return ns
}

func reminderKey(kind string, id uuid.UUID, start time.Time) string {
	return fmt.Sprintf("reminder:%s:%s:%d", kind, id, start.Unix())
}

func TestSignUpNotificationsAndReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("1"))
		ann, bob := f.resident("Ann"), f.resident("Bob")
		if _, err := f.svc.SignUp(f.ctx, ann, task.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SignUp(f.ctx, bob, task.ID); err != nil {
			t.Fatal(err)
		}
		rs := f.notices(ann.ID, notify.Reminder, false)
		if len(rs) != 1 || rs[0].Key != reminderKey("task", task.ID, task.StartsAt) || !rs[0].SendAt.Equal(task.StartsAt.Add(-volunteer.ReminderLead)) {
			t.Fatalf("Ann's reminder %+v", rs)
		}
		if rs := f.notices(bob.ID, notify.Reminder, false); len(rs) != 0 {
			t.Errorf("Bob, waiting, has reminders %+v", rs)
		}
		if err := f.svc.Leave(f.ctx, ann, task.ID); err != nil {
			t.Fatal(err)
		}
		if rs := f.notices(ann.ID, notify.Reminder, false); len(rs) != 0 {
			t.Errorf("Ann left but keeps reminders %+v", rs)
		}
		if ps := f.notices(bob.ID, notify.Promoted, false); len(ps) != 1 || ps[0].Params["title"] != task.Title {
			t.Errorf("Bob's promotion notices %+v", ps)
		}
		if rs := f.notices(bob.ID, notify.Reminder, false); len(rs) != 1 {
			t.Errorf("promoted Bob has %d reminders", len(rs))
		}
		sus := f.signups(task.ID)
		if err := f.svc.Remove(f.ctx, f.org, task.ID, sus[0].ID, "Je was er vorige keer niet"); err != nil {
			t.Fatal(err)
		}
		if rs := f.notices(bob.ID, notify.SignupRemoved, false); len(rs) != 1 || rs[0].Params["reason"] != "Je was er vorige keer niet" {
			t.Errorf("Bob's removal notices %+v", rs)
		}
		if rs := f.notices(bob.ID, notify.Reminder, false); len(rs) != 0 {
			t.Errorf("removed Bob keeps reminders %+v", rs)
		}
	})
}

func TestActivityChangeMovesRemindersAndCancelTellsEveryone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		// Across the start of summer time (29 March 2026): the reminder
		// comes 24 real hours before the start.
		in := activityInput()
		in.Start, in.End = "2026-03-29T10:00", "2026-03-29T12:00"
		a := f.activity(in)
		cas := f.resident("Cas")
		if _, err := f.svc.RSVP(f.ctx, cas, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if rs := f.notices(cas.ID, notify.Reminder, false); len(rs) != 1 ||
			!rs[0].SendAt.Equal(time.Date(2026, 3, 28, 8, 0, 0, 0, time.UTC)) {
			t.Fatalf("reminder %+v, want at 2026-03-28 08:00 UTC (09:00 winter time)", rs)
		}
		moved := in
		moved.Start, moved.End = "2026-03-29T14:00", "2026-03-29T16:00"
		a2, err := f.svc.UpdateActivity(f.ctx, f.org, a.ID, moved)
		if err != nil {
			t.Fatal(err)
		}
		rs := f.notices(cas.ID, notify.Reminder, false)
		if len(rs) != 1 || rs[0].Key != reminderKey("activity", a.ID, a2.StartsAt) {
			t.Errorf("after moving: reminders %+v", rs)
		}
		if cs := f.notices(cas.ID, notify.ActivityChanged, false); len(cs) != 1 || cs[0].Params["when"] != "2026-03-29 14:00" {
			t.Errorf("change notices %+v", cs)
		}
		if _, err := f.svc.UpdateActivity(f.ctx, f.org, a.ID, moved); err != nil {
			t.Fatal(err)
		}
		if cs := f.notices(cas.ID, notify.ActivityChanged, true); len(cs) != 1 {
			t.Errorf("saving without a change told Cas again: %+v", cs)
		}
		if err := f.svc.CancelActivity(f.ctx, f.org, a.ID, "Te veel wind"); err != nil {
			t.Fatal(err)
		}
		if cs := f.notices(cas.ID, notify.ActivityCancelled, false); len(cs) != 1 || cs[0].Params["reason"] != "Te veel wind" {
			t.Errorf("cancel notices %+v", cs)
		}
		if rs := f.notices(cas.ID, notify.Reminder, false); len(rs) != 0 {
			t.Errorf("reminders after cancelling %+v", rs)
		}
	})
}
