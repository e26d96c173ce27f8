package embedded_test

import (
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/search/embedded"
	"github.com/buurtboost/buurtboost/app/search/searchtest"
)

// TestContract runs the engine contract on SQLite and PostgreSQL, each
// case on a fresh database of the same kind.
func TestContract(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		searchtest.Run(t, func(t *testing.T) search.Engine {
			if db.Dialect().Name() == dialect.PG {
				return embedded.New(dbtest.Postgres(t))
			}
			return embedded.New(dbtest.SQLite(t))
		})
	})
}
