package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// SeedVolunteering plans a street dinner with two volunteer tasks and a
// standalone flyer round on the demo organiser's first initiative, ten and
// three days after now, and lets a few residents answer and sign up, so
// that the activity, task, "Meedoen" and agenda pages have something to
// show. It goes through package volunteer, so counters, waiting lists and
// the activity log are what the application itself would make. It does
// nothing when there are activities already. It runs after SeedAll, whose
// activity log holds exactly the participation acts.
func SeedVolunteering(ctx context.Context, bdb *bun.DB, now time.Time) error {
	if exists, err := bdb.NewSelect().Table("activities").Exists(ctx); err != nil || exists {
		return err
	}
	var org account.User
	err := bdb.NewSelect().Model(&org).Where("id = (SELECT user_id FROM identities WHERE provider = ? AND subject = ?)",
		DemoProvider, organiserSubject).Scan(ctx)
	if err != nil {
		return fmt.Errorf("seed volunteering: find the demo organiser: %w", err)
	}
	var iniID uuid.UUID
	err = bdb.NewSelect().Table("organisers").Column("initiative_id").Where("user_id = ?", org.ID).
		OrderExpr("created_at, initiative_id").Limit(1).Scan(ctx, &iniID)
	if err != nil {
		return fmt.Errorf("seed volunteering: find the organiser's initiative: %w", err)
	}
	svc := volunteer.NewService(bdb, func() time.Time { return now })
	if err := planVolunteering(ctx, bdb, svc, org, iniID, now); err != nil {
		return fmt.Errorf("seed volunteering: %w", err)
	}
	return nil
}

// at is a datetime-local form value days after now, in Amsterdam.
func at(now time.Time, days int, hhmm string) string {
	return now.In(volunteer.Zone).AddDate(0, 0, days).Format("2006-01-02") + "T" + hhmm
}

func planVolunteering(ctx context.Context, bdb *bun.DB, svc *volunteer.Service, org account.User, iniID uuid.UUID, now time.Time) error {
	a, err := svc.CreateActivity(ctx, org, iniID, volunteer.ActivityInput{Title: "Straatdiner",
		Description: "Lange tafels midden op straat. Iedereen neemt een gerecht mee om te delen.",
		Start:       at(now, 10, "17:00"), End: at(now, 10, "21:00"), Place: "Het plein", Limit: "60"})
	if err != nil {
		return err
	}
	tasks := []volunteer.TaskInput{
		{Title: "Tafels en stoelen klaarzetten", Bring: "Werkhandschoenen", Start: at(now, 10, "15:00"),
			End: at(now, 10, "17:00"), Capacity: "4", ActivityID: a.ID.String()},
		{Title: "Afwassen en opruimen", Start: at(now, 10, "21:00"), End: at(now, 10, "22:30"), Capacity: "2",
			ActivityID: a.ID.String()},
		{Title: "Flyers rondbrengen", Description: "Een flyer in elke brievenbus van de buurt.",
			Start: at(now, 3, "10:00"), End: at(now, 3, "12:00"), Capacity: "6"},
	}
	var ids []uuid.UUID
	for _, in := range tasks {
		t, err := svc.CreateTask(ctx, org, iniID, in)
		if err != nil {
			return err
		}
		ids = append(ids, t.ID)
	}
	return joinVolunteering(ctx, bdb, svc, org, a.ID, ids)
}

// joinVolunteering lets demo residents answer the activity and sign up:
// three for the washing-up (two places, so one waits), two for the flyers
// and one for setting up.
func joinVolunteering(ctx context.Context, bdb *bun.DB, svc *volunteer.Service, org account.User, activityID uuid.UUID, tasks []uuid.UUID) error {
	var residents []account.User
	err := bdb.NewSelect().Model(&residents).Where("role = ? AND id <> ?", account.Resident, org.ID).
		OrderExpr("id").Limit(5).Scan(ctx)
	if err != nil {
		return err
	}
	plan := []int{1, 1, 1, 2, 2}
	for i, u := range residents {
		if _, err := svc.RSVP(ctx, u, activityID, true); err != nil {
			return err
		}
		if _, err := svc.SignUp(ctx, u, tasks[plan[i]]); err != nil {
			return err
		}
	}
	if len(residents) > 0 {
		_, err = svc.SignUp(ctx, residents[0], tasks[0])
	}
	return err
}
