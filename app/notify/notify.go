// Package notify tells residents what happened to what they joined: in-app
// notifications (the bell) and e-mail through the outbox.
//
// API CONTRACT (shared by the volunteer and notification work; keep these
// signatures):
//
//	notify.Queue(ctx, tx, notify.Notification{...}) // in the caller's transaction
//	notify.Cancel(ctx, tx, userID, key)             // e.g. a reminder for a sign-up that was cancelled
//
// Delivery. Queue stores the notification and an outbox message (topic
// Topic) in the caller's transaction, so both commit with the change that
// caused them. The in-app notification shows from SendAt on. The worker's
// Sender e-mails it then, unless it was cancelled or the user unsubscribed
// from its kind, and records emailed_at, so a redelivered outbox message
// never sends it twice. Updates on followed initiatives are e-mailed as one
// daily digest per user instead (see Digest).
package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/outbox"
)

// Topic is the outbox topic of notification e-mail.
const Topic = "notify"

// Kind is what a notification is about; users unsubscribe per kind.
type Kind string

// The kinds of notification.
const (
	Promoted          Kind = "promoted"           // moved from a waiting list to a place
	SignupRemoved     Kind = "signup_removed"     // an organiser removed your sign-up (Params["reason"])
	ActivityChanged   Kind = "activity_changed"   // time or place of something you joined changed
	ActivityCancelled Kind = "activity_cancelled" // Params["reason"]
	Reminder          Kind = "reminder"           // 24 h before a task or activity you joined (SendAt)
	InitiativeUpdate  Kind = "initiative_update"  // new update on an initiative you follow (daily digest)
	// AccountDeletion warns that an inactive account will be deleted from
	// Params["when"] (a date) unless its owner logs in before. A notice the
	// platform owes, not news: see Notice.
	AccountDeletion Kind = "account_deletion"
)

// Kinds lists every kind, in the order the settings page shows them.
func Kinds() []Kind {
	return []Kind{Promoted, SignupRemoved, ActivityChanged, ActivityCancelled, Reminder, InitiativeUpdate}
}

// Valid reports whether k is one of the kinds or a notice.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if x == k {
			return true
		}
	}
	return k.Notice()
}

// Notice reports whether k is a notice rather than news: e-mailed to
// everyone with an address whatever their settings, without an
// unsubscribe link, and not among the Kinds one can switch off.
func (k Kind) Notice() bool { return k == AccountDeletion }

// AccountDeletionNotice is the warning that userID's account will be
// deleted from deleteAt unless they log in before; the link leads to the
// login page.
func AccountDeletionNotice(userID uuid.UUID, deleteAt time.Time) Notification {
	day := deleteAt.In(Zone).Format(time.DateOnly)
	return Notification{UserID: userID, Kind: AccountDeletion, Key: "account_deletion:" + day,
		Params: map[string]string{"when": day}, Link: "/inloggen"}
}

// Notification is one message to one user.
type Notification struct {
	UserID uuid.UUID
	Kind   Kind
	// Key makes queueing idempotent per user: queueing the same key twice
	// stores one notification (e.g. "reminder:task:<id>:<start unix>").
	Key string
	// Params fill the kind's message in the user's language: "title"
	// (what it is about), "when", "place", "reason".
	Params map[string]string
	Link   string    // path on the site, e.g. /activiteit/<id>
	SendAt time.Time // zero: now; reminders: 24 h before the start
}

// record is a stored notification.
type record struct {
	bun.BaseModel `bun:"table:notifications,alias:n"`

	ID          uuid.UUID         `bun:"id,pk,type:text"`
	UserID      uuid.UUID         `bun:"user_id,notnull,type:text"`
	Kind        Kind              `bun:"kind,notnull"`
	Key         string            `bun:"notif_key,notnull"`
	Params      map[string]string `bun:"params,notnull"`
	Link        string            `bun:"link,notnull"`
	CreatedAt   time.Time         `bun:"created_at,notnull"`
	SendAt      time.Time         `bun:"send_at,notnull"`
	ReadAt      *time.Time        `bun:"read_at"`
	CancelledAt *time.Time        `bun:"cancelled_at"`
	EmailedAt   *time.Time        `bun:"emailed_at"`
}

// message is the payload of a notify outbox message: one notification, or
// a user's digest.
type message struct {
	ID     *uuid.UUID `json:"id,omitempty"`
	Digest *uuid.UUID `json:"digest,omitempty"` // the user
}

// Queue stores n in tx with its outbox message. Queueing a key the user
// already has changes nothing, unless that notification was cancelled: then
// it is queued afresh (a volunteer who signs up again gets the reminder).
func Queue(ctx context.Context, tx bun.IDB, n Notification) error {
	if n.UserID == uuid.Nil || !n.Kind.Valid() || n.Key == "" {
		return fmt.Errorf("notify: queue %q for %s: a user, a known kind and a key are needed", n.Kind, n.UserID)
	}
	// Queue runs inside the caller's transaction without a clock of its
	// own; an immediate notification is marked by send_at = created_at,
	// so it shows at once whatever clock the reader uses.
	created := time.Now().UTC()
	sendAt := created
	if !n.SendAt.IsZero() {
		sendAt = n.SendAt.UTC()
	}
	if n.Params == nil {
		n.Params = map[string]string{}
	}
	r := record{ID: uuid.Must(uuid.NewV7()), UserID: n.UserID, Kind: n.Kind, Key: n.Key, Params: n.Params,
		Link: n.Link, CreatedAt: created, SendAt: sendAt}
	res, err := tx.NewInsert().Model(&r).On("CONFLICT (user_id, notif_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return fmt.Errorf("notify: queue %s: %w", n.Key, err)
	}
	if affected, _ := res.RowsAffected(); affected == 0 {
		revived, err := revive(ctx, tx, &r)
		if err != nil || !revived {
			return err
		}
	}
	return enqueue(ctx, tx, r)
}

// revive queues a cancelled notification with the same key afresh, taking
// r's content; r.ID becomes the stored one.
func revive(ctx context.Context, tx bun.IDB, r *record) (bool, error) {
	var ids []uuid.UUID
	err := tx.NewUpdate().Model((*record)(nil)).
		Set("params = ?", r.Params).Set("link = ?", r.Link).Set("kind = ?", r.Kind).
		Set("created_at = ?", r.CreatedAt).Set("send_at = ?", r.SendAt).
		Set("cancelled_at = NULL").Set("read_at = NULL").Set("emailed_at = NULL").
		Where("user_id = ? AND notif_key = ? AND cancelled_at IS NOT NULL", r.UserID, r.Key).
		Returning("id").Scan(ctx, &ids)
	if err != nil {
		return false, fmt.Errorf("notify: requeue %s: %w", r.Key, err)
	}
	if len(ids) == 0 {
		return false, nil
	}
	r.ID = ids[0]
	return true, nil
}

// enqueue adds the outbox message that e-mails r: its own, or its user's
// digest for the morning after.
func enqueue(ctx context.Context, tx bun.IDB, r record) error {
	if r.Kind == InitiativeUpdate {
		at := DigestTime(r.SendAt)
		return outbox.Add(ctx, tx, outbox.Message{Topic: Topic, Key: DigestKey(r.UserID, at),
			Payload: message{Digest: &r.UserID}, NotBefore: at})
	}
	var notBefore time.Time // immediate: as soon as possible, whatever the worker's clock
	if !r.SendAt.Equal(r.CreatedAt) {
		notBefore = r.SendAt
	}
	return outbox.Add(ctx, tx, outbox.Message{Topic: Topic, Key: "n:" + r.ID.String(),
		Payload: message{ID: &r.ID}, NotBefore: notBefore})
}

// Cancel withdraws a queued notification whose e-mail has not gone out: it
// no longer shows in the app and is not sent. Cancelling a key that does
// not exist, or was already sent, does nothing.
func Cancel(ctx context.Context, tx bun.IDB, userID uuid.UUID, key string) error {
	var ids []uuid.UUID
	err := tx.NewUpdate().Model((*record)(nil)).Set("cancelled_at = ?", time.Now().UTC()).
		Where("user_id = ? AND notif_key = ? AND cancelled_at IS NULL AND emailed_at IS NULL", userID, key).
		Returning("id").Scan(ctx, &ids)
	if err != nil {
		return fmt.Errorf("notify: cancel %s: %w", key, err)
	}
	for _, id := range ids {
		// The sender skips cancelled notifications anyway; deleting the
		// message keeps a far-off reminder out of the backlog.
		if _, err := tx.NewDelete().Table("outbox").Where("topic = ? AND msg_key = ?", Topic, "n:"+id.String()).Exec(ctx); err != nil {
			return fmt.Errorf("notify: cancel %s: %w", key, err)
		}
	}
	return nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
