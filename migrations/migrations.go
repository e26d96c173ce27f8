// Package migrations holds Buurtboost's schema changes as embedded SQL files,
// one up and one down file per change, named by date and purpose. Each file
// runs on SQLite and PostgreSQL: where the two databases differ, the file
// uses the template fields of Dialect instead of a type name or keyword.
package migrations

import (
	"embed"
	"io/fs"

	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"
)

//go:embed *.sql
var files embed.FS

// FS is the embedded folder of migration files.
func FS() fs.FS { return files }

// New returns every migration, discovered from the embedded files (never
// from the source folder, so the binary is self-contained).
func New() (*migrate.Migrations, error) {
	m := migrate.NewMigrations()
	if err := m.Discover(files); err != nil {
		return nil, err
	}
	return m, nil
}

// Dialect is the template data every migration file is rendered with: the
// few spellings that differ between SQLite and PostgreSQL.
type Dialect struct {
	Name      string // "sqlite" or "pg", for {{if eq .Name "pg"}} blocks
	Timestamp string // a point in time, with time zone on PostgreSQL
	JSON      string // a JSON document
	Bool      string // a boolean column type
}

// DialectFor returns the template data for the database bun is connected to.
func DialectFor(name dialect.Name) Dialect {
	if name == dialect.PG {
		return Dialect{Name: "pg", Timestamp: "TIMESTAMPTZ", JSON: "JSONB", Bool: "BOOLEAN"}
	}
	return Dialect{Name: "sqlite", Timestamp: "TIMESTAMP", JSON: "TEXT", Bool: "BOOLEAN"}
}
