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
//
// Speed: the log grows by every act, and a year's report compares two
// years of it. Aggregating it in SQL took seconds at a million rows (the
// distinct people, the first act of each and the actions per person read
// every row of the span, per figure), so the log is rolled up per UTC day
// (rollup.go): one row per day holds the day's rows counted per kind,
// neighbourhood, theme, actor, initiative and idea, with compact integer
// ids, and a small table holds each actor's first day per neighbourhood
// and theme. A report reads the days of its span and the log rows not
// rolled up yet, and counts everything in one pass in Go (rollup_report.go):
// distinct people are distinct integers, whatever the selection. Rolling
// up is lazy and off the write path: a report rolls up complete days when
// more than a thousand log rows wait, marking the rows it adds, so rows
// that arrive late or back-dated are counted from the log until the next
// roll-up and never twice. Periods that do not start and end at midnight
// are counted on the log itself (figures.go, trends.go), as are the tests'
// reference reports; that path reads the log by time only, since the
// indexes by kind, neighbourhood, theme and actor cost every write and
// were dropped (migration 20261125201000_activity_indexes).
package dashboard

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/activity"
)

// Service computes dashboard figures and keeps staff's filter presets.
type Service struct {
	db   *bun.DB
	now  func() time.Time
	keys *keyCache // the rollups' compact ids
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now, keys: newKeyCache()}
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
