package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/db"
)

// Service keeps activities, tasks, RSVPs, sign-ups and calendar tokens.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// initiativeFacts is what this package needs of an initiative. The table
// belongs to package initiative; it is read here directly so that the two
// packages do not depend on each other.
type initiativeFacts struct {
	ID              uuid.UUID `bun:"id,type:text"`
	Slug            string    `bun:"slug"`
	Title           string    `bun:"title"`
	NeighbourhoodID uuid.UUID `bun:"neighbourhood_id,type:text"`
}

func initiativeOf(ctx context.Context, q bun.IDB, id uuid.UUID) (initiativeFacts, error) {
	var f initiativeFacts
	err := q.NewSelect().Table("initiatives").Column("id", "slug", "title", "neighbourhood_id").
		Where("id = ?", id).Scan(ctx, &f)
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	return f, err
}

// IsOrganiser reports whether the user organises the initiative.
func (s *Service) IsOrganiser(ctx context.Context, initiativeID, userID uuid.UUID) (bool, error) {
	return isOrganiser(ctx, s.db, initiativeID, userID)
}

func isOrganiser(ctx context.Context, q bun.IDB, initiativeID, userID uuid.UUID) (bool, error) {
	return q.NewSelect().Table("organisers").
		Where("initiative_id = ? AND user_id = ?", initiativeID, userID).Exists(ctx)
}

// mustOrganise refuses everyone but a resident who organises the
// initiative: staff and admins watch, they do not run activities.
func mustOrganise(ctx context.Context, q bun.IDB, actor account.User, initiativeID uuid.UUID) error {
	if actor.Role != account.Resident {
		return ErrNotOrganiser
	}
	ok, err := isOrganiser(ctx, q, initiativeID, actor.ID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotOrganiser
	}
	return nil
}

// mustParticipate refuses staff and admins, who never sign up or RSVP.
func mustParticipate(actor account.User) error {
	if actor.Role != account.Resident {
		return ErrResidentsOnly
	}
	return nil
}

// logAct appends an activity-log row for the act on the initiative.
func logAct(ctx context.Context, tx bun.Tx, ini initiativeFacts, userID uuid.UUID, kind activity.Kind, minutes int, at time.Time) error {
	return activity.Append(ctx, tx, activity.Entry{UserID: userID, Kind: kind, NeighbourhoodID: &ini.NeighbourhoodID,
		InitiativeID: &ini.ID, Minutes: minutes, At: at})
}

// lockActivity reads the activity and locks its row for the rest of tx.
func lockActivity(ctx context.Context, tx bun.Tx, id uuid.UUID) (Activity, error) {
	var a Activity
	err := db.ForUpdate(tx.NewSelect().Model(&a).Where("a.id = ?", id)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// lockTask reads the task and locks its row for the rest of tx.
func lockTask(ctx context.Context, tx bun.Tx, id uuid.UUID) (Task, error) {
	var t Task
	err := db.ForUpdate(tx.NewSelect().Model(&t).Where("t.id = ?", id)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// ActivityByID returns the activity.
func (s *Service) ActivityByID(ctx context.Context, id uuid.UUID) (Activity, error) {
	var a Activity
	err := s.db.NewSelect().Model(&a).Where("a.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// TaskByID returns the task.
func (s *Service) TaskByID(ctx context.Context, id uuid.UUID) (Task, error) {
	var t Task
	err := s.db.NewSelect().Model(&t).Where("t.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// activityStatusOf returns the status of a task's activity, Planned for a
// standalone task.
func activityStatusOf(ctx context.Context, q bun.IDB, t Task) (ActivityStatus, error) {
	if t.ActivityID == nil {
		return Planned, nil
	}
	var st ActivityStatus
	err := q.NewSelect().Table("activities").Column("status").Where("id = ?", *t.ActivityID).Scan(ctx, &st)
	return st, err
}
