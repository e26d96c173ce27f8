// Package volunteer keeps what initiatives do offline: activities with
// RSVPs, volunteer tasks with a capacity, sign-ups with waiting lists,
// attendance, rosters and calendars.
//
// It decides who may do what (organisers of the initiative plan and run
// activities and tasks; residents RSVP and sign up; staff and admins only
// watch) and writes every act in one transaction, together with its
// counters, its activity-log row and the notifications it causes. Places
// are handed out under a lock on the activity or task row, so a waiting
// list keeps sign-up order and a task never overfills. It knows nothing
// about HTTP.
package volunteer

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// ActivityStatus is where an activity stands.
type ActivityStatus string

// The statuses of an activity.
const (
	Planned   ActivityStatus = "planned"
	Cancelled ActivityStatus = "cancelled"
	Held      ActivityStatus = "held"
)

// Activity is something an initiative organises at a time and place.
type Activity struct {
	bun.BaseModel `bun:"table:activities,alias:a"`

	ID           uuid.UUID      `bun:"id,pk,type:text"`
	InitiativeID uuid.UUID      `bun:"initiative_id,notnull,type:text"`
	Title        string         `bun:"title,notnull"`
	Description  string         `bun:"description,notnull"`
	StartsAt     time.Time      `bun:"starts_at,notnull"`
	EndsAt       time.Time      `bun:"ends_at,notnull"`
	Place        string         `bun:"place,notnull"`
	Lat          *float64       `bun:"lat"`
	Lon          *float64       `bun:"lon"`
	Limit        *int           `bun:"attendee_limit"`
	Status       ActivityStatus `bun:"status,notnull"`
	CancelReason string         `bun:"cancel_reason,notnull"`
	GoingCount   int            `bun:"going_count,notnull"`
	WaitingCount int            `bun:"waiting_count,notnull"`
	NextSeq      int            `bun:"next_seq,notnull"`
	Sequence     int            `bun:"sequence,notnull"` // bumped on every change, for calendars
	CreatedBy    *uuid.UUID     `bun:"created_by,type:text"`
	CreatedAt    time.Time      `bun:"created_at,notnull"`
	UpdatedAt    time.Time      `bun:"updated_at,notnull"`
}

// Full reports whether the activity has no place left for one more.
func (a Activity) Full() bool { return a.Limit != nil && a.GoingCount >= *a.Limit }

// TaskStatus is whether a task still happens.
type TaskStatus string

// The statuses of a task; a task of a cancelled activity is off too.
const (
	TaskOpen      TaskStatus = "open"
	TaskCancelled TaskStatus = "cancelled"
)

// Cancelled reports whether the task was called off.
func (t Task) Cancelled() bool { return t.Status == TaskCancelled }

// Task is volunteer work with a number of places.
type Task struct {
	bun.BaseModel `bun:"table:volunteer_tasks,alias:t"`

	ID           uuid.UUID  `bun:"id,pk,type:text"`
	InitiativeID uuid.UUID  `bun:"initiative_id,notnull,type:text"`
	ActivityID   *uuid.UUID `bun:"activity_id,type:text"`
	Title        string     `bun:"title,notnull"`
	Description  string     `bun:"description,notnull"`
	Bring        string     `bun:"bring,notnull"`
	StartsAt     time.Time  `bun:"starts_at,notnull"`
	EndsAt       time.Time  `bun:"ends_at,notnull"`
	Capacity     int        `bun:"capacity,notnull"`
	Status       TaskStatus `bun:"status,notnull"`
	CancelReason string     `bun:"cancel_reason,notnull"`
	SignedCount  int        `bun:"signed_count,notnull"`
	WaitingCount int        `bun:"waiting_count,notnull"`
	NextSeq      int        `bun:"next_seq,notnull"`
	Sequence     int        `bun:"sequence,notnull"`
	CreatedBy    *uuid.UUID `bun:"created_by,type:text"`
	CreatedAt    time.Time  `bun:"created_at,notnull"`
	UpdatedAt    time.Time  `bun:"updated_at,notnull"`
}

// FreePlaces is how many more volunteers the task takes.
func (t Task) FreePlaces() int { return max(0, t.Capacity-t.SignedCount) }

// Minutes is the task's duration, the volunteer time of one who showed up.
func (t Task) Minutes() int { return int(t.EndsAt.Sub(t.StartsAt) / time.Minute) }

// RSVPState is someone's answer to an activity.
type RSVPState string

// The RSVP states; waiting is "going" beyond the attendee limit.
const (
	Going    RSVPState = "going"
	Waiting  RSVPState = "waiting"
	NotGoing RSVPState = "not_going"
)

// rsvp is a user's answer to an activity; seq orders the waiting list.
type rsvp struct {
	bun.BaseModel `bun:"table:rsvps"`

	ActivityID uuid.UUID `bun:"activity_id,pk,type:text"`
	UserID     uuid.UUID `bun:"user_id,pk,type:text"`
	State      RSVPState `bun:"state,notnull"`
	Seq        int       `bun:"seq,notnull"`
	CreatedAt  time.Time `bun:"created_at,notnull"`
	UpdatedAt  time.Time `bun:"updated_at,notnull"`
}

// SignupState is where a sign-up for a task stands.
type SignupState string

// The sign-up states.
const (
	Confirmed SignupState = "confirmed"
	OnWaiting SignupState = "waiting"
	Removed   SignupState = "removed"
)

// Attendance is what the organisers noted after the task.
type Attendance string

// The attendance values; "" is not noted yet.
const (
	ShowedUp Attendance = "showed_up"
	NoShow   Attendance = "no_show"
)

// Signup is a user's place (or place in the queue) for a task.
type Signup struct {
	bun.BaseModel `bun:"table:signups,alias:s"`

	ID            uuid.UUID   `bun:"id,pk,type:text"`
	TaskID        uuid.UUID   `bun:"task_id,notnull,type:text"`
	UserID        uuid.UUID   `bun:"user_id,notnull,type:text"`
	State         SignupState `bun:"state,notnull"`
	Seq           int         `bun:"seq,notnull"`
	RemovedReason string      `bun:"removed_reason,notnull"`
	Rejoined      bool        `bun:"rejoined,notnull"` // signed up again after an organiser removed them
	Attendance    Attendance  `bun:"attendance,notnull"`
	CreatedAt     time.Time   `bun:"created_at,notnull"`
	UpdatedAt     time.Time   `bun:"updated_at,notnull"`
}

// calendarToken gives a user a private calendar feed; only the token's
// SHA-256 is stored.
type calendarToken struct {
	bun.BaseModel `bun:"table:calendar_tokens"`

	UserID    uuid.UUID `bun:"user_id,pk,type:text"`
	TokenHash string    `bun:"token_hash,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// The errors callers distinguish.
var (
	ErrNotFound        = apperr.E(apperr.NotFound, "error.not_found")
	ErrNotOrganiser    = apperr.E(apperr.Forbidden, "volunteer.forbidden.organisers")
	ErrResidentsOnly   = apperr.E(apperr.Forbidden, "volunteer.forbidden.residents")
	ErrCancelled       = apperr.E(apperr.Conflict, "volunteer.cancelled")
	ErrClosed          = apperr.E(apperr.Conflict, "volunteer.closed")
	ErrAlreadySignedUp = apperr.E(apperr.Conflict, "volunteer.signup.twice")
	ErrRemovedTwice    = apperr.E(apperr.Conflict, "volunteer.signup.removed_twice")
	ErrNotSignedUp     = apperr.E(apperr.Conflict, "volunteer.signup.none")
	ErrNotStarted      = apperr.E(apperr.Conflict, "volunteer.not_started")
	ErrTokenInvalid    = apperr.E(apperr.NotFound, "volunteer.calendar.invalid")
)

// Errors lists every error above, for the catalogue test.
func Errors() []*apperr.Error {
	return []*apperr.Error{ErrNotFound, ErrNotOrganiser, ErrResidentsOnly, ErrCancelled, ErrClosed,
		ErrAlreadySignedUp, ErrRemovedTwice, ErrNotSignedUp, ErrNotStarted, ErrTokenInvalid}
}

// AttendeeLimit is the attendee limit, 0 when there is none.
func (a Activity) AttendeeLimit() int {
	if a.Limit == nil {
		return 0
	}
	return *a.Limit
}
