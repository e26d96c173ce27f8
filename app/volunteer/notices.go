package volunteer

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/notify"
)

// ReminderLead is how long before the start a reminder goes out.
const ReminderLead = 24 * time.Hour

// event is what a notification says about an activity or task.
type event struct {
	kind        string // "activity" or "task"
	id          uuid.UUID
	title       string
	place       string
	start       time.Time
	link        string
	sequence    int
	activityRef *uuid.UUID // a task's activity, if any
}

func (a Activity) event() event {
	return event{kind: "activity", id: a.ID, title: a.Title, place: a.Place, start: a.StartsAt,
		link: "/activiteit/" + a.ID.String(), sequence: a.Sequence}
}

func (t Task) event() event {
	return event{kind: "task", id: t.ID, title: t.Title, start: t.StartsAt,
		link: "/taak/" + t.ID.String(), sequence: t.Sequence, activityRef: t.ActivityID}
}

func (e event) params(extra ...string) map[string]string {
	p := map[string]string{"title": e.title, "when": e.start.In(Zone).Format("2006-01-02 15:04"), "place": e.place}
	for i := 0; i+1 < len(extra); i += 2 {
		p[extra[i]] = extra[i+1]
	}
	return p
}

// reminderKey changes with the start time, so a moved activity gets a new
// reminder instead of the old one.
func (e event) reminderKey() string {
	return fmt.Sprintf("reminder:%s:%s:%d", e.kind, e.id, e.start.Unix())
}

// queueReminder asks for a reminder 24 hours before the start (at once
// when that moment has passed; none once it has started).
func queueReminder(ctx context.Context, tx bun.IDB, userID uuid.UUID, e event, now time.Time) error {
	if !e.start.After(now) {
		return nil
	}
	at := e.start.Add(-ReminderLead)
	if at.Before(now) {
		at = now
	}
	return notify.Queue(ctx, tx, notify.Notification{UserID: userID, Kind: notify.Reminder, Key: e.reminderKey(),
		Params: e.params(), Link: e.link, SendAt: at})
}

func cancelReminder(ctx context.Context, tx bun.IDB, userID uuid.UUID, e event) error {
	return notify.Cancel(ctx, tx, userID, e.reminderKey())
}

// tell queues a one-off notification of kind about e.
func tell(ctx context.Context, tx bun.IDB, userID uuid.UUID, kind notify.Kind, key string, e event, params map[string]string) error {
	return notify.Queue(ctx, tx, notify.Notification{UserID: userID, Kind: kind, Key: key, Params: params, Link: e.link})
}

// promoted tells a user they moved from the waiting list to a place, and
// queues their reminder.
func promoted(ctx context.Context, tx bun.IDB, userID uuid.UUID, e event, now time.Time) error {
	key := fmt.Sprintf("promoted:%s:%s:%d", e.kind, e.id, now.UnixNano())
	if err := tell(ctx, tx, userID, notify.Promoted, key, e, e.params()); err != nil {
		return err
	}
	return queueReminder(ctx, tx, userID, e, now)
}

// moved tells everyone taking part that e changed (old is how it was) and
// moves their reminders when the start time changed.
func moved(ctx context.Context, tx bun.IDB, users []participant, old, e event, now time.Time) error {
	for _, u := range users {
		key := fmt.Sprintf("changed:%s:%s:%d", e.kind, e.id, e.sequence)
		if err := tell(ctx, tx, u.UserID, notify.ActivityChanged, key, e, e.params()); err != nil {
			return err
		}
		if !u.placed || old.start.Equal(e.start) {
			continue
		}
		if err := cancelReminder(ctx, tx, u.UserID, old); err != nil {
			return err
		}
		if err := queueReminder(ctx, tx, u.UserID, e, now); err != nil {
			return err
		}
	}
	return nil
}

// participant is someone who answered an activity or signed up for a task;
// placed is false while they wait.
type participant struct {
	UserID uuid.UUID `bun:"user_id,type:text"`
	State  string    `bun:"state"`
	placed bool
}

func markPlaced(ps []participant) []participant {
	for i := range ps {
		ps[i].placed = ps[i].State == string(Going) || ps[i].State == string(Confirmed)
	}
	return ps
}

// rsvpParticipants are those going to or waiting for the activity.
func rsvpParticipants(ctx context.Context, q bun.IDB, id uuid.UUID) ([]participant, error) {
	var ps []participant
	err := q.NewSelect().Table("rsvps").Column("user_id", "state").
		Where("activity_id = ? AND state IN (?)", id, bun.List([]RSVPState{Going, Waiting})).OrderExpr("seq").Scan(ctx, &ps)
	return markPlaced(ps), err
}

// signupParticipants are those with a place or waiting for the task.
func signupParticipants(ctx context.Context, q bun.IDB, id uuid.UUID) ([]participant, error) {
	var ps []participant
	err := q.NewSelect().Table("signups").Column("user_id", "state").
		Where("task_id = ? AND state IN (?)", id, bun.List([]SignupState{Confirmed, OnWaiting})).OrderExpr("seq").Scan(ctx, &ps)
	return markPlaced(ps), err
}
