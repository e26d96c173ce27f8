package volunteer

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// AgendaItem is something a user joined (or waits for): an activity or a
// task, with where it belongs.
type AgendaItem struct {
	Kind            string    `bun:"kind"` // "activity" or "task"
	ID              uuid.UUID `bun:"id,type:text"`
	Title           string    `bun:"title"`
	Description     string    `bun:"description"`
	Place           string    `bun:"place"`
	Lat             *float64  `bun:"lat"`
	Lon             *float64  `bun:"lon"`
	StartsAt        time.Time `bun:"starts_at"`
	EndsAt          time.Time `bun:"ends_at"`
	State           string    `bun:"state"`     // the user's RSVP or sign-up state
	Cancelled       bool      `bun:"cancelled"` // the activity (of the task) was called off
	Reason          string    `bun:"reason"`    // why it was cancelled, or why the user was removed
	Sequence        int       `bun:"sequence"`
	InitiativeSlug  string    `bun:"initiative_slug"`
	InitiativeTitle string    `bun:"initiative_title"`
}

// Link is the item's page on the site.
func (it AgendaItem) Link() string {
	if it.Kind == "task" {
		return "/taak/" + it.ID.String()
	}
	return "/activiteit/" + it.ID.String()
}

// Agenda returns what the user joined or waits for that has not ended
// (past too, when since is earlier), soonest first; removed sign-ups show
// with the organiser's reason.
func (s *Service) Agenda(ctx context.Context, userID uuid.UUID, since time.Time) ([]AgendaItem, error) {
	return agenda(ctx, s.db, userID, since, []string{string(Going), string(Waiting)},
		[]string{string(Confirmed), string(OnWaiting), string(Removed)})
}

// agenda reads the user's activities with rsvpStates and tasks with
// signupStates ending after since.
func agenda(ctx context.Context, q bun.IDB, userID uuid.UUID, since time.Time, rsvpStates, signupStates []string) ([]AgendaItem, error) {
	var acts, tasks []AgendaItem
	err := q.NewSelect().TableExpr("rsvps AS r").
		ColumnExpr("'activity' AS kind, a.id, a.title, a.description, a.place, a.lat, a.lon, a.starts_at, a.ends_at").
		ColumnExpr("r.state, a.status = 'cancelled' AS cancelled, a.cancel_reason AS reason, a.sequence").
		ColumnExpr("i.slug AS initiative_slug, i.title AS initiative_title").
		Join("JOIN activities AS a ON a.id = r.activity_id").
		Join("JOIN initiatives AS i ON i.id = a.initiative_id").
		Where("r.user_id = ? AND r.state IN (?) AND a.ends_at > ?", userID, bun.List(rsvpStates), since.UTC()).
		Scan(ctx, &acts)
	if err != nil {
		return nil, err
	}
	err = q.NewSelect().TableExpr("signups AS s").
		ColumnExpr("'task' AS kind, t.id, t.title, t.description, COALESCE(a.place, '') AS place, a.lat, a.lon, t.starts_at, t.ends_at").
		ColumnExpr("s.state, (t.status = 'cancelled' OR COALESCE(a.status = 'cancelled', FALSE)) AS cancelled").
		ColumnExpr("CASE WHEN s.state = 'removed' THEN s.removed_reason WHEN t.status = 'cancelled' THEN t.cancel_reason "+
			"ELSE COALESCE(a.cancel_reason, '') END AS reason, t.sequence").
		ColumnExpr("i.slug AS initiative_slug, i.title AS initiative_title").
		Join("JOIN volunteer_tasks AS t ON t.id = s.task_id").
		Join("LEFT JOIN activities AS a ON a.id = t.activity_id").
		Join("JOIN initiatives AS i ON i.id = t.initiative_id").
		Where("s.user_id = ? AND s.state IN (?) AND t.ends_at > ?", userID, bun.List(signupStates), since.UTC()).
		Scan(ctx, &tasks)
	if err != nil {
		return nil, err
	}
	all := append(acts, tasks...)
	slices.SortStableFunc(all, func(a, b AgendaItem) int { return a.StartsAt.Compare(b.StartsAt) })
	return all, nil
}
