package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// t0 is when every test's clock starts: whole seconds, so that both
// databases store it exactly.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// staffOpts make verified voorbeeld.nl addresses from the municipality's own
// OpenID Connect provider staff.
var staffOpts = account.Options{StaffProvider: "openid-connect", StaffEmailDomains: []string{"voorbeeld.nl"}}

// clock returns a controllable clock that starts at t0, and a function that
// moves it on.
func clock() (now func() time.Time, advance func(time.Duration)) {
	cur := t0
	return func() time.Time { return cur }, func(d time.Duration) { cur = cur.Add(d) }
}

func login(t *testing.T, svc *account.Service, p account.Profile) account.User {
	t.Helper()
	u, err := svc.Login(context.Background(), p)
	if err != nil {
		t.Fatalf("login %s/%s: %v", p.Provider, p.Subject, err)
	}
	return u
}

// stored reads the user's row straight from the database, so that tests
// check what was saved and not only what a method returned.
func stored(t *testing.T, bdb *bun.DB, id uuid.UUID) account.User {
	t.Helper()
	var u account.User
	if err := bdb.NewSelect().Model(&u).Where("id = ?", id).Scan(context.Background()); err != nil {
		t.Fatalf("load user %s: %v", id, err)
	}
	return u
}

// count counts the rows of table that match where (all rows when empty).
func count(t *testing.T, bdb *bun.DB, table, where string, args ...any) int {
	t.Helper()
	q := bdb.NewSelect().Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	n, err := q.Count(context.Background())
	if err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

func startSession(t *testing.T, svc *account.Service, userID uuid.UUID, ua, previous string) string {
	t.Helper()
	tok, err := svc.StartSession(context.Background(), userID, ua, previous)
	if err != nil {
		t.Fatalf("start session: %v", err)
	}
	return tok
}

// neighbourhood adds a neighbourhood through the municipality service and
// returns its id.
func neighbourhood(t *testing.T, bdb *bun.DB, now func() time.Time, slug string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	m := municipality.NewService(bdb, now)
	if added, err := m.EnsureNeighbourhood(ctx, municipality.Neighbourhood{Slug: slug, Name: "Buurt " + slug}); err != nil || !added {
		t.Fatalf("add neighbourhood %s = %v, %v", slug, added, err)
	}
	n, err := m.NeighbourhoodBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	return n.ID
}

// fieldsOf returns the form fields an application error names.
func fieldsOf(err error) map[string]string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return nil
	}
	return e.Fields
}

func emailOf(u account.User) string {
	if u.Email == nil {
		return "<nil>"
	}
	return *u.Email
}
