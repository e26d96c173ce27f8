// Package embedded is the default search engine: full-text search in the
// database Buurtboost already runs on, so a single machine needs no extra
// server. On SQLite it uses FTS5 (unicode61 with diacritics removed, prefix
// indexes, BM25 ranking); on PostgreSQL a tsvector with Dutch stems and
// exact words (for prefix queries) of diacritic-folded text, ranked by
// ts_rank. Diacritics are folded in Go rather than with the unaccent
// extension, because a managed PostgreSQL does not always allow creating
// extensions and the folding is then the same on both databases. Typos are
// corrected with an edit-distance pass over the index's vocabulary when a
// query finds nothing.
//
// It never reads application tables: it only stores the documents it is
// given.
package embedded

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/buurtboost/buurtboost/app/search"
)

// The tables: the live index, and the one a rebuild fills before it takes
// the live one's place.
const (
	liveTable = "search_index"
	nextTable = "search_index_next"
)

// Engine is the embedded search engine on one database.
type Engine struct {
	db *bun.DB
	d  dialectOps
}

// New returns the engine on db (SQLite or PostgreSQL, migrated).
func New(db *bun.DB) *Engine {
	var d dialectOps = sqliteOps{}
	if db.Dialect().Name() == dialect.PG {
		d = pgOps{}
	}
	return &Engine{db: db, d: d}
}

// dialectOps holds what differs between SQLite and PostgreSQL.
type dialectOps interface {
	// insert writes docs into table, which holds none of them.
	insert(ctx context.Context, q bun.IDB, table string, docs []search.Document) error
	// existing returns which of keys table holds.
	existing(ctx context.Context, q bun.IDB, table string, keys []string) (map[string]bool, error)
	// deleteKeys removes the documents with keys from table.
	deleteKeys(ctx context.Context, q bun.IDB, table string, keys []string) error
	// where returns the condition for the query's words and its filters,
	// and the expression that ranks by relevance (lower is better).
	where(words []string, q search.Query) (cond string, args []any, rank string, rankArgs []any)
	// vocabulary returns indexed words between lo and hi of lengths
	// between minLen and maxLen.
	vocabulary(ctx context.Context, db bun.IDB, lo, hi string, minLen, maxLen int) ([]string, error)
	// createNext makes an empty nextTable like liveTable.
	createNext(ctx context.Context, db bun.IDB) error
	// hasNext reports whether a rebuild is filling nextTable.
	hasNext(ctx context.Context, db bun.IDB) (bool, error)
}

// Index adds or replaces docs. While a rebuild runs, they go into the
// table being rebuilt too, so that the rebuilt index misses no change.
func (e *Engine) Index(ctx context.Context, docs []search.Document) error {
	docs = lastOfEach(docs)
	if len(docs) == 0 {
		return nil
	}
	keys := make([]string, len(docs))
	for i, d := range docs {
		keys[i] = d.Key()
	}
	err := e.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		tables, err := e.tables(ctx, tx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			if err := e.d.deleteKeys(ctx, tx, t, keys); err != nil {
				return err
			}
			if err := e.d.insert(ctx, tx, t, docs); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("index %d documents: %w", len(docs), err)
	}
	return nil
}

// Delete removes the documents with keys.
func (e *Engine) Delete(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	err := e.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		tables, err := e.tables(ctx, tx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			if err := e.d.deleteKeys(ctx, tx, t, keys); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete %d documents: %w", len(keys), err)
	}
	return nil
}

// tables returns the tables a change goes to.
func (e *Engine) tables(ctx context.Context, q bun.IDB) ([]string, error) {
	next, err := e.d.hasNext(ctx, q)
	if err != nil || !next {
		return []string{liveTable}, err
	}
	return []string{liveTable, nextTable}, nil
}

// storedDoc is the JSON kept in the doc column.
func storedDoc(d search.Document) (string, error) {
	b, err := json.Marshal(d)
	return string(b), err
}

// themesText joins theme ids with spaces, with a space on either side, so
// that LIKE '% id %' finds one.
func themesText(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return " " + strings.Join(ids, " ") + " "
}

// folded is the text of a document as the index sees it.
func folded(s string) string { return strings.Join(search.Words(s), " ") }

// createdAt stores times in UTC with a fixed layout, so that they sort as
// text on SQLite.
func createdAt(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func toSet(items []string) map[string]bool {
	set := make(map[string]bool, len(items))
	for _, it := range items {
		set[it] = true
	}
	return set
}

// lastOfEach keeps the last document of each key, in order.
func lastOfEach(docs []search.Document) []search.Document {
	last := map[string]int{}
	for i, d := range docs {
		last[d.Key()] = i
	}
	out := make([]search.Document, 0, len(last))
	for i, d := range docs {
		if last[d.Key()] == i {
			out = append(out, d)
		}
	}
	return out
}
