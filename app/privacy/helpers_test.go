package privacy_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/privacy"
	"github.com/buurtboost/buurtboost/app/testclock"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// t0 is when every test's clock starts: whole seconds, so that both
// databases store it exactly.
var t0 = testclock.T0

// fixture is a database with a neighbourhood, a theme and every service a
// resident's data passes through.
type fixture struct {
	t          *testing.T
	ctx        context.Context
	db         *bun.DB
	clock      *testclock.Clock
	svc        *privacy.Service
	accounts   *account.Service
	initiative *initiative.Service
	ideas      *idea.Service
	volunteers *volunteer.Service
	nb, theme  uuid.UUID
}

func setup(t *testing.T, bdb *bun.DB) *fixture {
	t.Helper()
	c := testclock.New(t0)
	f := &fixture{t: t, ctx: context.Background(), db: bdb, clock: c, svc: privacy.NewService(bdb, c.Now),
		accounts:   account.NewService(bdb, c.Now, account.Options{}),
		initiative: initiative.NewService(bdb, c.Now), ideas: idea.NewService(bdb, c.Now),
		volunteers: volunteer.NewService(bdb, c.Now)}
	m := municipality.NewService(bdb, c.Now)
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
	f.nb, f.theme = nb.ID, themes[0].ID
	return f
}

// person logs in a new user with a verified e-mail address derived from
// subject, and gives them role.
func (f *fixture) person(name, subject string, role account.Role) account.User {
	f.t.Helper()
	u, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: subject, Name: name,
		Email: subject + "@example.org"})
	if err != nil {
		f.t.Fatalf("login %s: %v", name, err)
	}
	if role != account.Resident {
		if err := f.accounts.SetRole(f.ctx, u.ID, role); err != nil {
			f.t.Fatal(err)
		}
		u.Role = role
	}
	return u
}

func (f *fixture) startInitiative(u account.User, title string) initiative.Initiative {
	f.t.Helper()
	ini, err := f.initiative.Create(f.ctx, u, initiative.Input{Title: title, Summary: "Samen doen.",
		Description: "Iedereen is welkom.", NeighbourhoodID: f.nb.String(), ThemeIDs: []string{f.theme.String()}})
	if err != nil {
		f.t.Fatalf("create initiative %q: %v", title, err)
	}
	return ini
}

func (f *fixture) propose(u account.User, ini uuid.UUID, title string) idea.Idea {
	f.t.Helper()
	it, err := f.ideas.Propose(f.ctx, u, ini, idea.Input{Title: title, Description: "Dat zou fijn zijn."})
	if err != nil {
		f.t.Fatalf("propose %q: %v", title, err)
	}
	return it
}

func (f *fixture) must(what string, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
}

func (f *fixture) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.NewRaw(query, args...).Scan(f.ctx, &n); err != nil {
		f.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// assertCountersExact checks every counter a resident's acts feed against
// the rows it counts.
func (f *fixture) assertCountersExact() {
	f.t.Helper()
	checks := map[string]string{
		"supports_count": `SELECT COUNT(*) FROM ideas AS i WHERE supports_count <> (SELECT COUNT(*) FROM supports AS s WHERE s.idea_id = i.id)`,
		"comments_count": `SELECT COUNT(*) FROM ideas AS i WHERE comments_count <> (SELECT COUNT(*) FROM comments AS c
			WHERE c.idea_id = i.id AND c.deleted_at IS NULL AND c.hidden_reason = '')`,
		"followers_count":        `SELECT COUNT(*) FROM initiatives AS i WHERE followers_count <> (SELECT COUNT(*) FROM follows AS f WHERE f.initiative_id = i.id)`,
		"ideas_count":            `SELECT COUNT(*) FROM initiatives AS i WHERE ideas_count <> (SELECT COUNT(*) FROM ideas AS d WHERE d.initiative_id = i.id AND d.removed_at IS NULL)`,
		"going_count":            `SELECT COUNT(*) FROM activities AS a WHERE going_count <> (SELECT COUNT(*) FROM rsvps AS r WHERE r.activity_id = a.id AND r.state = 'going')`,
		"activity waiting_count": `SELECT COUNT(*) FROM activities AS a WHERE waiting_count <> (SELECT COUNT(*) FROM rsvps AS r WHERE r.activity_id = a.id AND r.state = 'waiting')`,
		"signed_count":           `SELECT COUNT(*) FROM volunteer_tasks AS t WHERE signed_count <> (SELECT COUNT(*) FROM signups AS s WHERE s.task_id = t.id AND s.state = 'confirmed')`,
		"task waiting_count":     `SELECT COUNT(*) FROM volunteer_tasks AS t WHERE waiting_count <> (SELECT COUNT(*) FROM signups AS s WHERE s.task_id = t.id AND s.state = 'waiting')`,
	}
	for name, q := range checks {
		if n := f.count(q); n != 0 {
			f.t.Errorf("%s is off on %d rows", name, n)
		}
	}
}

// textColumns lists every column of every table, for the scan for
// personal data.
func (f *fixture) textColumns() map[string][]string {
	f.t.Helper()
	cols := map[string][]string{}
	if f.db.Dialect().Name() == dialect.PG {
		var rows []struct {
			Table  string `bun:"table_name"`
			Column string `bun:"column_name"`
		}
		f.must("columns", f.db.NewRaw(`SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema()`).Scan(f.ctx, &rows))
		for _, r := range rows {
			cols[r.Table] = append(cols[r.Table], r.Column)
		}
		return cols
	}
	var tables []string
	f.must("tables", f.db.NewRaw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(f.ctx, &tables))
	for _, t := range tables {
		var names []string
		f.must("columns of "+t, f.db.NewRaw(fmt.Sprintf(`SELECT name FROM pragma_table_info('%s')`, t)).Scan(f.ctx, &names))
		cols[t] = names
	}
	return cols
}

// findAnywhere returns "table.column" for every column of the database in
// which one of needles occurs (case-insensitively).
func (f *fixture) findAnywhere(needles ...string) []string {
	f.t.Helper()
	cast := "CAST(%q AS TEXT)"
	var found []string
	for table, cols := range f.textColumns() {
		for _, col := range cols {
			for _, n := range needles {
				q := fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE LOWER(`+cast+`) LIKE ?`, table, col)
				if f.count(q, "%"+strings.ToLower(n)+"%") > 0 {
					found = append(found, table+"."+col+" holds "+n)
				}
			}
		}
	}
	return found
}

func parse(t *testing.T, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func asApp(err error, target **apperr.Error) bool { return errors.As(err, target) }
