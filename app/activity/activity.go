// Package activity appends to the activity log: one row per act of
// participation (an idea proposed, a support, a comment, a follow, …),
// keyed by a pseudonymous actor key instead of the user. The municipality's
// dashboard derives every figure from this log and never reads names.
//
// A user's key lives in activity_keys; deleting that row when an account is
// deleted leaves the log intact but no longer linked to anyone.
package activity

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Kind is what happened.
type Kind string

// The kinds of participation the log records.
const (
	InitiativeCreated Kind = "initiative_created"
	IdeaCreated       Kind = "idea_created"
	SupportGiven      Kind = "support_given"
	SupportWithdrawn  Kind = "support_withdrawn"
	CommentPosted     Kind = "comment_posted"
	Followed          Kind = "followed"
	Unfollowed        Kind = "unfollowed"
	UpdatePosted      Kind = "update_posted"
	// Volunteering (package volunteer): an RSVP to an activity, a sign-up
	// for a task and its cancellation, and attendance, whose Minutes are
	// the volunteer hours.
	RSVP            Kind = "rsvp"
	SignedUp        Kind = "signed_up"
	SignupCancelled Kind = "signup_cancelled"
	Attended        Kind = "attended"
)

// Event is one row of the log.
type Event struct {
	bun.BaseModel `bun:"table:activity"`

	ID              uuid.UUID  `bun:"id,pk,type:text"`
	ActorKey        string     `bun:"actor_key,notnull"`
	Kind            Kind       `bun:"kind,notnull"`
	NeighbourhoodID *uuid.UUID `bun:"neighbourhood_id,type:text"`
	InitiativeID    *uuid.UUID `bun:"initiative_id,type:text"`
	IdeaID          *uuid.UUID `bun:"idea_id,type:text"`
	ThemeID         *uuid.UUID `bun:"theme_id,type:text"`
	Minutes         int        `bun:"minutes,notnull"` // volunteer time of an Attended row; negative takes it back
	CreatedAt       time.Time  `bun:"created_at,notnull"`
}

// actorKey links a user to their pseudonymous key.
type actorKey struct {
	bun.BaseModel `bun:"table:activity_keys"`

	UserID    uuid.UUID `bun:"user_id,pk,type:text"`
	ActorKey  string    `bun:"actor_key,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// Entry is what a domain package tells the log: who (a user id, turned into
// their key here), what and where.
type Entry struct {
	UserID          uuid.UUID
	Kind            Kind
	NeighbourhoodID *uuid.UUID
	InitiativeID    *uuid.UUID
	IdeaID          *uuid.UUID
	ThemeID         *uuid.UUID
	Minutes         int
	At              time.Time
}

// Append writes e inside the caller's transaction, so that the act and its
// log row commit (or roll back) together.
func Append(ctx context.Context, tx bun.IDB, e Entry) error {
	key, err := KeyOf(ctx, tx, e.UserID, e.At)
	if err != nil {
		return err
	}
	ev := Event{
		ID: uuid.Must(uuid.NewV7()), ActorKey: key, Kind: e.Kind, NeighbourhoodID: e.NeighbourhoodID,
		InitiativeID: e.InitiativeID, IdeaID: e.IdeaID, ThemeID: e.ThemeID, Minutes: e.Minutes, CreatedAt: e.At.UTC(),
	}
	_, err = tx.NewInsert().Model(&ev).Exec(ctx)
	return err
}

// AppendIdeaAct appends an act of userID on an idea in one statement that
// reads the user's key and the idea's neighbourhood, initiative and theme
// itself: supports are the busiest writes, and this saves them two round
// trips inside the write lock. It reports false, writing nothing, when the
// user has no key yet (see KeyOf) or there is no such idea.
func AppendIdeaAct(ctx context.Context, tx bun.IDB, kind Kind, userID, ideaID uuid.UUID, at time.Time) (bool, error) {
	res, err := tx.NewRaw(`INSERT INTO activity (id, actor_key, kind, neighbourhood_id, initiative_id, idea_id, theme_id, minutes, created_at)
		SELECT ?, k.actor_key, ?, i.neighbourhood_id, i.initiative_id, i.id, i.theme_id, 0, ?
		FROM activity_keys AS k JOIN ideas AS i ON i.id = ? WHERE k.user_id = ?`,
		uuid.Must(uuid.NewV7()), kind, at.UTC(), ideaID, userID).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// KeyOf returns the user's pseudonymous key, making one on first use. The
// key is random, not derived from the user id, so it cannot be recomputed
// once the link is gone.
func KeyOf(ctx context.Context, tx bun.IDB, userID uuid.UUID, now time.Time) (string, error) {
	var k actorKey
	err := tx.NewSelect().Model(&k).Where("user_id = ?", userID).Scan(ctx)
	if err == nil {
		return k.ActorKey, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	k = actorKey{UserID: userID, ActorKey: uuid.NewString(), CreatedAt: now.UTC()}
	if _, err := tx.NewInsert().Model(&k).On("CONFLICT (user_id) DO NOTHING").Exec(ctx); err != nil {
		return "", err
	}
	// Another transaction may have won the insert; read what is stored.
	if err := tx.NewSelect().Model(&k).Where("user_id = ?", userID).Scan(ctx); err != nil {
		return "", err
	}
	return k.ActorKey, nil
}

// Unlink removes the user's key: their past activity stays in the log for
// the figures, but nothing ties it to them any more.
func Unlink(ctx context.Context, tx bun.IDB, userID uuid.UUID) error {
	_, err := tx.NewDelete().Model((*actorKey)(nil)).Where("user_id = ?", userID).Exec(ctx)
	return err
}
