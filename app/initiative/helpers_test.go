package initiative_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/testclock"
)

// t0 is when every test's clock starts: whole seconds, so that both
// databases store it exactly.
var t0 = testclock.T0

// fixture is a database with two neighbourhoods and four themes, and the
// services a test needs.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	bdb      *bun.DB
	clock    *testclock.Clock
	svc      *initiative.Service
	accounts *account.Service
	// nb and nb2 are neighbourhoods; themes are groen, spelen, verkeer,
	// cultuur in that order.
	nb, nb2 uuid.UUID
	themes  []uuid.UUID
}

func setup(t *testing.T, bdb *bun.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), bdb: bdb, clock: testclock.New(t0)}
	f.svc = initiative.NewService(bdb, f.clock.Now)
	f.accounts = account.NewService(bdb, f.clock.Now, account.Options{})
	m := municipality.NewService(bdb, f.clock.Now)
	for _, slug := range []string{"centrum", "vogelbuurt"} {
		if _, err := m.EnsureNeighbourhood(f.ctx, municipality.Neighbourhood{Slug: slug, Name: "Buurt " + slug}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := m.NeighbourhoodBySlug(f.ctx, "centrum")
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.NeighbourhoodBySlug(f.ctx, "vogelbuurt")
	if err != nil {
		t.Fatal(err)
	}
	f.nb, f.nb2 = c.ID, v.ID
	for _, slug := range []string{"groen", "spelen", "verkeer", "cultuur"} {
		if _, err := m.EnsureTheme(f.ctx, municipality.Theme{Slug: slug, LabelNL: slug, LabelEN: slug}); err != nil {
			t.Fatal(err)
		}
	}
	themes, err := m.ListThemes(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]uuid.UUID{}
	for _, th := range themes {
		bySlug[th.Slug] = th.ID
	}
	f.themes = []uuid.UUID{bySlug["groen"], bySlug["spelen"], bySlug["verkeer"], bySlug["cultuur"]}
	return f
}

// resident logs a new resident in.
func (f *fixture) resident(name string) account.User {
	f.t.Helper()
	u, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: name, Name: name})
	if err != nil {
		f.t.Fatalf("login %s: %v", name, err)
	}
	return u
}

// user logs a new user in and gives them role.
func (f *fixture) user(name string, role account.Role) account.User {
	f.t.Helper()
	u := f.resident(name)
	if err := f.accounts.SetRole(f.ctx, u.ID, role); err != nil {
		f.t.Fatal(err)
	}
	u, err := f.accounts.User(f.ctx, u.ID)
	if err != nil || u.Role != role {
		f.t.Fatalf("user %s has role %q, %v; want %q", name, u.Role, err, role)
	}
	return u
}

// input is a valid form for an initiative titled title in nb about groen.
func (f *fixture) input(title string) initiative.Input {
	return initiative.Input{
		Title: title, Summary: "Samen maken we het plein groener.",
		Description:     "We willen bomen planten en bankjes neerzetten.\nDoe je mee?",
		NeighbourhoodID: f.nb.String(), ThemeIDs: []string{f.themes[0].String()},
	}
}

// create starts an initiative titled title as u, failing the test on error.
func (f *fixture) create(u account.User, title string) initiative.Initiative {
	f.t.Helper()
	ini, err := f.svc.Create(f.ctx, u, f.input(title))
	if err != nil {
		f.t.Fatalf("create %q: %v", title, err)
	}
	return ini
}

// count counts the rows of table that match where (all rows when empty).
func (f *fixture) count(table, where string, args ...any) int {
	f.t.Helper()
	q := f.bdb.NewSelect().Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	n, err := q.Count(f.ctx)
	if err != nil {
		f.t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// logged counts the activity rows of kind about the initiative.
func (f *fixture) logged(kind activity.Kind, initiativeID uuid.UUID) int {
	f.t.Helper()
	return f.count("activity", "kind = ? AND initiative_id = ?", kind, initiativeID)
}

// stored reads the initiative's row straight from the database.
func (f *fixture) stored(id uuid.UUID) initiative.Initiative {
	f.t.Helper()
	var ini initiative.Initiative
	if err := f.bdb.NewSelect().Model(&ini).Where("id = ?", id).Scan(f.ctx); err != nil {
		f.t.Fatalf("load initiative %s: %v", id, err)
	}
	return ini
}

// fieldsOf returns the form fields an application error names.
func fieldsOf(err error) map[string]string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return nil
	}
	return e.Fields
}

// parallel runs fn n times at once, released together, and returns what
// each call returned.
func parallel[T any](n int, fn func(i int) (T, error)) ([]T, []error) {
	out, errs := make([]T, n), make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			out[i], errs[i] = fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return out, errs
}
