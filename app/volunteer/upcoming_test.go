package volunteer_test

import (
	"fmt"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// An initiative page lists the first few activities and tasks that have
// not ended, soonest first, and says how many more there are.
func TestUpcomingListsTheSoonestAndCountsTheRest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		for d := 12; d >= 1; d-- { // planned latest first
			in := activityInput()
			in.Title, in.Start, in.End = fmt.Sprint("Activiteit dag ", d), local(d, "10:00"), local(d, "11:00")
			f.activity(in)
			tin := taskInput("3")
			tin.Title, tin.Start, tin.End = fmt.Sprint("Taak dag ", d), local(d, "09:00"), local(d, "10:00")
			f.task(tin)
		}
		as, n, err := f.svc.UpcomingActivities(f.ctx, f.ini.ID, 5)
		if err != nil || n != 12 || len(as) != 5 || as[0].Title != "Activiteit dag 1" || as[4].Title != "Activiteit dag 5" {
			t.Errorf("activities: %d listed of %d, first %q, %v; want days 1 to 5 of 12", len(as), n, as[0].Title, err)
		}
		ts, n, err := f.svc.UpcomingTasks(f.ctx, f.ini.ID, 5)
		if err != nil || n != 12 || len(ts) != 5 || ts[0].Title != "Taak dag 1" || ts[4].Title != "Taak dag 5" {
			t.Errorf("tasks: %d listed of %d, %v; want days 1 to 5 of 12", len(ts), n, err)
		}
	})
}
