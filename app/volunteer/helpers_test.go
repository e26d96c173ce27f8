package volunteer_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/testclock"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// t0 is when every test's clock starts: whole seconds, so both databases
// store it exactly.
var t0 = testclock.T0

// fixture is a database with a neighbourhood and an initiative run by org.
type fixture struct {
	t        testing.TB
	ctx      context.Context
	bdb      *bun.DB
	clock    *testclock.Clock
	svc      *volunteer.Service
	accounts *account.Service
	nb       uuid.UUID
	ini      initiative.Initiative
	org      account.User
}

func setup(t testing.TB, bdb *bun.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), bdb: bdb, clock: testclock.New(t0)}
	f.svc = volunteer.NewService(bdb, f.clock.Now)
	f.accounts = account.NewService(bdb, f.clock.Now, account.Options{})
	m := municipality.NewService(bdb, f.clock.Now)
	if _, err := m.EnsureNeighbourhood(f.ctx, municipality.Neighbourhood{Slug: "centrum", Name: "Centrum"}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.EnsureTheme(f.ctx, municipality.Theme{Slug: "groen", LabelNL: "groen", LabelEN: "green"}); err != nil {
		t.Fatal(err)
	}
	nb, err := m.NeighbourhoodBySlug(f.ctx, "centrum")
	if err != nil {
		t.Fatal(err)
	}
	themes, err := m.ListThemes(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.nb = nb.ID
	f.org = f.resident("Organisator")
	f.ini, err = initiative.NewService(bdb, f.clock.Now).Create(f.ctx, f.org, initiative.Input{
		Title: "Straatdiner Bolplein", Summary: "Samen eten op het plein.", Description: "Iedereen neemt wat mee.",
		NeighbourhoodID: nb.ID.String(), ThemeIDs: []string{themes[0].ID.String()}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// resident logs a new resident in.
func (f *fixture) resident(name string) account.User {
	f.t.Helper()
	u, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: name + uuid.NewString(), Name: name,
		Email: name + "@example.org"})
	if err != nil {
		f.t.Fatalf("login %s: %v", name, err)
	}
	return u
}

// user logs a new user in with role.
func (f *fixture) user(name string, role account.Role) account.User {
	f.t.Helper()
	u := f.resident(name)
	if err := f.accounts.SetRole(f.ctx, u.ID, role); err != nil {
		f.t.Fatal(err)
	}
	u.Role = role
	return u
}

// local is an Amsterdam wall-clock time as a form value, days after t0.
func local(days int, hhmm string) string {
	return t0.In(volunteer.Zone).AddDate(0, 0, days).Format("2006-01-02") + "T" + hhmm
}

func activityInput() volunteer.ActivityInput {
	return volunteer.ActivityInput{Title: "Straatdiner", Description: "Lange tafels op het plein.",
		Start: local(7, "17:00"), End: local(7, "21:00"), Place: "Bolplein"}
}

func taskInput(capacity string) volunteer.TaskInput {
	return volunteer.TaskInput{Title: "Tafels klaarzetten", Description: "Tafels uit de schuur halen.",
		Bring: "Werkhandschoenen", Start: local(7, "15:00"), End: local(7, "17:00"), Capacity: capacity}
}

func (f *fixture) activity(in volunteer.ActivityInput) volunteer.Activity {
	f.t.Helper()
	a, err := f.svc.CreateActivity(f.ctx, f.org, f.ini.ID, in)
	if err != nil {
		f.t.Fatalf("create activity: %v", err)
	}
	return a
}

func (f *fixture) task(in volunteer.TaskInput) volunteer.Task {
	f.t.Helper()
	task, err := f.svc.CreateTask(f.ctx, f.org, f.ini.ID, in)
	if err != nil {
		f.t.Fatalf("create task: %v", err)
	}
	return task
}

// count counts the rows of table that match where.
func (f *fixture) count(table, where string, args ...any) int {
	f.t.Helper()
	n, err := f.bdb.NewSelect().Table(table).Where(where, args...).Count(f.ctx)
	if err != nil {
		f.t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

func (f *fixture) storedTask(id uuid.UUID) volunteer.Task {
	f.t.Helper()
	task, err := f.svc.TaskByID(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return task
}

func (f *fixture) storedActivity(id uuid.UUID) volunteer.Activity {
	f.t.Helper()
	a, err := f.svc.ActivityByID(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

// states returns the user id -> sign-up state of every row of the task.
func (f *fixture) signups(taskID uuid.UUID) []volunteer.Signup {
	f.t.Helper()
	var sus []volunteer.Signup
	if err := f.bdb.NewSelect().Model(&sus).Where("s.task_id = ?", taskID).OrderExpr("s.seq").Scan(f.ctx); err != nil {
		f.t.Fatal(err)
	}
	return sus
}

func fieldsOf(err error) map[string]string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return nil
	}
	return e.Fields
}

// parallel runs fn n times at once, released together.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}
