// Package dashboard computes the municipality's read-only figures: what
// lives in a neighbourhood, who takes part (as counts of pseudonymous
// keys, never names) and whether participation is broad or driven by a
// few. Every count of people comes out of this package already suppressed
// below MinPeople, so no page, export or API can show it by accident.
//
// Figures about participation come from the activity log; the public
// tables (initiatives, ideas, idea status changes, activities, volunteer
// tasks) add public titles, statuses and capacities. The one thing staff
// can change here is their own saved filter presets.
package dashboard

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/activity"
)

// Service computes dashboard figures and keeps staff's filter presets.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// Now is the service's clock, which relative periods ("the last 30 days")
// end at.
func (s *Service) Now() time.Time { return s.now() }

// Filter is one selection: neighbourhoods and themes (empty means all) and
// a period.
type Filter struct {
	Neighbourhoods []uuid.UUID
	Themes         []uuid.UUID
	Period         Period
}

// actionKinds are the acts that count as taking part: withdrawing a
// support, unfollowing or cancelling a sign-up is not participation.
var actionKinds = []activity.Kind{
	activity.InitiativeCreated, activity.IdeaCreated, activity.SupportGiven, activity.CommentPosted,
	activity.Followed, activity.UpdatePosted, activity.RSVP, activity.SignedUp, activity.Attended,
}

// kindsOf turns kinds into strings for an IN list.
func kindsOf(ks ...activity.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
