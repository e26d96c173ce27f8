package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	vegeta "github.com/tsenart/vegeta/v12/lib"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// The volunteering the bench plans on the showcase initiative: an agenda
// long enough for its iCal feed to weigh something, and one task that every
// bench resident wants to do.
const (
	benchActivities   = 500
	popularCapacity   = 50
	popularTaskTitle  = "Buurtbench: iedereen wil helpen"
	signupsRowName    = "task sign-up"
	targetSignups     = 1000 // sign-ups per second on one contended task
	activitiesRowName = "initiative iCal feed, 500 activities"
)

// volunteering is what prepareVolunteering planned.
type volunteering struct {
	task uuid.UUID // the popular task
}

// prepareVolunteering plans benchActivities activities and the popular task
// on the showcase initiative, through package volunteer as its organiser
// would, unless an earlier run (-reuse) did.
func prepareVolunteering(ctx context.Context, bdb *bun.DB, svc *volunteer.Service, show demo.Showcase, progress io.Writer) (volunteering, error) {
	var org account.User
	err := bdb.NewSelect().Model(&org).
		Where(`"user".id = (SELECT user_id FROM organisers WHERE initiative_id = ? ORDER BY created_at LIMIT 1)`, show.InitiativeID).
		Scan(ctx)
	if err != nil {
		return volunteering{}, fmt.Errorf("the showcase initiative's organiser: %w", err)
	}
	have, err := bdb.NewSelect().Table("activities").Where("initiative_id = ?", show.InitiativeID).Count(ctx)
	if err != nil {
		return volunteering{}, err
	}
	start := time.Now()
	day := func(d int, hhmm string) string {
		return start.In(volunteer.Zone).AddDate(0, 0, d).Format("2006-01-02") + "T" + hhmm
	}
	for i := int(have); i < benchActivities; i++ {
		in := volunteer.ActivityInput{Title: fmt.Sprintf("Buurtactiviteit %d", i+1), Description: "Samen de buurt mooier maken.",
			Start: day(1+i%365, "10:00"), End: day(1+i%365, "12:00"), Place: "Het plein", Limit: "40"}
		if _, err := svc.CreateActivity(ctx, org, show.InitiativeID, in); err != nil {
			return volunteering{}, fmt.Errorf("plan activity %d: %w", i+1, err)
		}
	}
	var v volunteering
	err = bdb.NewSelect().Table("volunteer_tasks").Column("id").Where("title = ?", popularTaskTitle).Scan(ctx, &v.task)
	if err == nil {
		return v, nil
	}
	t, err := svc.CreateTask(ctx, org, show.InitiativeID, volunteer.TaskInput{Title: popularTaskTitle,
		Description: "Stoelen sjouwen.", Start: day(30, "09:00"), End: day(30, "12:00"),
		Capacity: fmt.Sprint(popularCapacity)})
	if err != nil {
		return volunteering{}, fmt.Errorf("plan the popular task: %w", err)
	}
	fmt.Fprintf(progress, "planned %d activities and a task for %d on the showcase initiative in %s\n",
		benchActivities-int(have), popularCapacity, time.Since(start).Round(time.Millisecond))
	return volunteering{task: t.ID}, nil
}

// signups is residents signing up for the popular task and leaving it
// again, inline with htmx: request k is the k-th resident's next step, so
// every resident alternates and never has two requests out at once while
// there are more residents than clients. With more residents than places,
// most sign-ups join the waiting list, and every leave of a confirmed
// volunteer promotes the first one waiting.
func signups(base string, residents []resident, task uuid.UUID) scenario {
	var next atomic.Uint64
	n := uint64(len(residents))
	return scenario{name: signupsRowName, target: func(t *vegeta.Target) error {
		k := next.Add(1) - 1
		r := residents[k%n]
		action := "aanmelden"
		if (k/n)%2 == 1 {
			action = "afmelden"
		}
		*t = vegeta.Target{Method: http.MethodPost, URL: base + "/taak/" + task.String() + "/" + action, Header: http.Header{
			"Cookie": {r.cookie}, "X-Csrf-Token": {r.csrf}, "Hx-Request": {"true"},
			"Content-Type": {"application/x-www-form-urlencoded"},
		}}
		return nil
	}}
}

// signupCheck compares the popular task's counters with its sign-ups.
type signupCheck struct {
	capacity, signed, waiting int // the task's counters
	confirmed, queued         int // its rows by state
}

func (c signupCheck) exact() bool {
	return c.signed == c.confirmed && c.waiting == c.queued && c.signed <= c.capacity &&
		(c.signed == c.capacity || c.waiting == 0)
}

func checkSignups(ctx context.Context, bdb *bun.DB, task uuid.UUID) (signupCheck, error) {
	var c signupCheck
	err := bdb.NewRaw(`SELECT t.capacity, t.signed_count, t.waiting_count,
			(SELECT count(*) FROM signups AS s WHERE s.task_id = t.id AND s.state = 'confirmed'),
			(SELECT count(*) FROM signups AS s WHERE s.task_id = t.id AND s.state = 'waiting')
		FROM volunteer_tasks AS t WHERE t.id = ?`, task).
		Scan(ctx, &c.capacity, &c.signed, &c.waiting, &c.confirmed, &c.queued)
	return c, err
}
