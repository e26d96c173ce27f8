package idea_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/testclock"
)

// t0 is when every test's clock starts: whole seconds, so that both
// databases store it exactly.
var t0 = testclock.T0

const day = 24 * time.Hour

// fixture is a database with a neighbourhood, a theme, the services and
// a clock, for one test.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	db       *bun.DB
	clock    *testclock.Clock
	svc      *idea.Service
	accounts *account.Service
	nb       uuid.UUID // neighbourhood "noord"
	theme    uuid.UUID // theme "groen"
	users    int
}

func setup(t *testing.T, bdb *bun.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	c := testclock.New(t0)
	f := &fixture{t: t, ctx: ctx, db: bdb, clock: c, svc: idea.NewService(bdb, c.Now),
		accounts: account.NewService(bdb, c.Now, account.Options{})}
	f.nb = f.neighbourhood("noord")
	m := municipality.NewService(bdb, c.Now)
	if _, err := m.EnsureTheme(ctx, municipality.Theme{Slug: "groen", LabelNL: "Groen", LabelEN: "Green"}); err != nil {
		t.Fatal(err)
	}
	ts, err := m.ListThemes(ctx)
	if err != nil || len(ts) != 1 {
		t.Fatalf("themes = %v, %v", ts, err)
	}
	f.theme = ts[0].ID
	return f
}

func (f *fixture) neighbourhood(slug string) uuid.UUID {
	f.t.Helper()
	m := municipality.NewService(f.db, f.clock.Now)
	if _, err := m.EnsureNeighbourhood(f.ctx, municipality.Neighbourhood{Slug: slug, Name: "Buurt " + slug}); err != nil {
		f.t.Fatal(err)
	}
	n, err := m.NeighbourhoodBySlug(f.ctx, slug)
	if err != nil {
		f.t.Fatal(err)
	}
	return n.ID
}

// resident logs a new resident in.
func (f *fixture) resident(name string) account.User {
	f.t.Helper()
	f.users++
	u, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: fmt.Sprintf("u%d", f.users), Name: name})
	if err != nil {
		f.t.Fatalf("login %s: %v", name, err)
	}
	return u
}

// withRole returns a new user with role.
func (f *fixture) withRole(name string, role account.Role) account.User {
	f.t.Helper()
	u := f.resident(name)
	if err := f.accounts.SetRole(f.ctx, u.ID, role); err != nil {
		f.t.Fatal(err)
	}
	u.Role = role
	return u
}

// initiativeRow and organiserRow write the tables of package initiative
// straight, so that these tests do not depend on it.
type initiativeRow struct {
	bun.BaseModel `bun:"table:initiatives"`

	ID              uuid.UUID `bun:"id,pk,type:text"`
	Slug            string    `bun:"slug"`
	Title           string    `bun:"title"`
	Summary         string    `bun:"summary"`
	Description     string    `bun:"description"`
	NeighbourhoodID uuid.UUID `bun:"neighbourhood_id,type:text"`
	Status          string    `bun:"status"`
	CreatedAt       time.Time `bun:"created_at"`
	UpdatedAt       time.Time `bun:"updated_at"`
}

type organiserRow struct {
	bun.BaseModel `bun:"table:organisers"`

	InitiativeID uuid.UUID `bun:"initiative_id,type:text"`
	UserID       uuid.UUID `bun:"user_id,type:text"`
	CreatedAt    time.Time `bun:"created_at"`
}

// initiative adds an active initiative in the fixture's neighbourhood,
// organised by organisers.
func (f *fixture) initiative(slug string, organisers ...account.User) uuid.UUID {
	f.t.Helper()
	return f.initiativeIn(f.nb, slug, "active", organisers...)
}

func (f *fixture) initiativeIn(nb uuid.UUID, slug, status string, organisers ...account.User) uuid.UUID {
	f.t.Helper()
	now := f.clock.Now()
	row := initiativeRow{ID: uuid.Must(uuid.NewV7()), Slug: slug, Title: "Initiatief " + slug, Summary: "s",
		Description: "d", NeighbourhoodID: nb, Status: status, CreatedAt: now, UpdatedAt: now}
	if _, err := f.db.NewInsert().Model(&row).Exec(f.ctx); err != nil {
		f.t.Fatalf("add initiative %s: %v", slug, err)
	}
	for _, o := range organisers {
		or := organiserRow{InitiativeID: row.ID, UserID: o.ID, CreatedAt: now}
		if _, err := f.db.NewInsert().Model(&or).Exec(f.ctx); err != nil {
			f.t.Fatal(err)
		}
	}
	return row.ID
}

// propose adds an idea without a theme, failing the test on an error.
func (f *fixture) propose(author account.User, initiativeID uuid.UUID, title string) idea.Idea {
	f.t.Helper()
	it, err := f.svc.Propose(f.ctx, author, initiativeID, idea.Input{Title: title, Description: "Omschrijving van " + title})
	if err != nil {
		f.t.Fatalf("propose %q: %v", title, err)
	}
	return it
}

func (f *fixture) support(u account.User, ideaID uuid.UUID) int {
	f.t.Helper()
	n, err := f.svc.Support(f.ctx, u, ideaID)
	if err != nil {
		f.t.Fatalf("support: %v", err)
	}
	return n
}

func (f *fixture) comment(u account.User, ideaID uuid.UUID, parent *uuid.UUID, body string) idea.Comment {
	f.t.Helper()
	c, err := f.svc.Comment(f.ctx, u, ideaID, parent, body)
	if err != nil {
		f.t.Fatalf("comment %q: %v", body, err)
	}
	return c
}

// remove marks an idea removed, as moderation will.
func (f *fixture) remove(ideaID uuid.UUID) {
	f.t.Helper()
	if _, err := f.db.NewUpdate().Table("ideas").Set("removed_at = ?", f.clock.Now()).
		Where("id = ?", ideaID).Exec(f.ctx); err != nil {
		f.t.Fatal(err)
	}
}

// stored reads the idea's row straight from the database.
func (f *fixture) stored(id uuid.UUID) idea.Idea {
	f.t.Helper()
	var it idea.Idea
	if err := f.db.NewSelect().Model(&it).Where("id = ?", id).Scan(f.ctx); err != nil {
		f.t.Fatalf("load idea %s: %v", id, err)
	}
	return it
}

// count counts the rows of table that match where (all rows when empty).
func (f *fixture) count(table, where string, args ...any) int {
	f.t.Helper()
	q := f.db.NewSelect().Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	n, err := q.Count(f.ctx)
	if err != nil {
		f.t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// intColumn reads one integer column of one row.
func (f *fixture) intColumn(table, column string, id uuid.UUID) int {
	f.t.Helper()
	var n int
	if err := f.db.NewSelect().Table(table).Column(column).Where("id = ?", id).Scan(f.ctx, &n); err != nil {
		f.t.Fatalf("%s.%s: %v", table, column, err)
	}
	return n
}

// activities counts the idea's activity-log rows of kind.
func (f *fixture) activities(kind string, ideaID uuid.UUID) int {
	f.t.Helper()
	return f.count("activity", "kind = ? AND idea_id = ?", kind, ideaID)
}

// fieldsOf returns the form fields an application error names.
func fieldsOf(err error) map[string]string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return nil
	}
	return e.Fields
}

// keyOf returns the message key of an application error.
func keyOf(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return ""
	}
	return e.Key
}

// wantErr fails the test unless err has code and key.
func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	if !apperr.Is(err, code) || keyOf(err) != key {
		t.Errorf("%s: err = %v, want %s %s", what, err, code, key)
	}
}

// wantFields fails the test unless err is Invalid with exactly fields.
func wantFields(t *testing.T, what string, err error, fields map[string]string) {
	t.Helper()
	got := fieldsOf(err)
	if !apperr.Is(err, apperr.Invalid) || len(got) != len(fields) {
		t.Errorf("%s: err = %v (fields %v), want invalid %v", what, err, got, fields)
		return
	}
	for k, v := range fields {
		if got[k] != v {
			t.Errorf("%s: field %s = %q, want %q", what, k, got[k], v)
		}
	}
}

func ptr[T any](v T) *T { return &v }
