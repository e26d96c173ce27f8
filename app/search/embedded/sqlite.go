package embedded

import (
	"context"
	"hash/fnv"
	"strings"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/search"
)

// sqliteOps keeps the index in an FTS5 table.
type sqliteOps struct{}

// The FTS5 table's definition, for the live table and a rebuilt one.
const sqliteColumns = `title, body, tags,
    key UNINDEXED, kind UNINDEXED, neighbourhood_id UNINDEXED, themes UNINDEXED,
    status UNINDEXED, initiative_id UNINDEXED, supports UNINDEXED, created_at UNINDEXED, doc UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'`

func (sqliteOps) insert(ctx context.Context, q bun.IDB, table string, docs []search.Document) error {
	var b strings.Builder
	args := make([]any, 0, len(docs)*12)
	b.WriteString("INSERT INTO " + table + " (rowid, title, body, tags, key, kind, neighbourhood_id, themes, status, initiative_id, supports, created_at, doc) VALUES ")
	for i, d := range docs {
		doc, err := storedDoc(d)
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, rowidOf(d.Key()), d.Title, d.Body, tags(d), d.Key(), string(d.Kind), d.NeighbourhoodID,
			themesText(d.ThemeIDs), d.Status, d.InitiativeID, d.Supports,
			createdAt(d.CreatedAt).Format("2006-01-02T15:04:05.000000Z"), doc)
	}
	_, err := q.ExecContext(ctx, b.String(), args...)
	return err
}

// tags are the filter tokens of a document: letters and hex digits only,
// so that the tokenizer keeps each one whole.
func tags(d search.Document) string {
	t := []string{"k" + string(d.Kind)}
	if d.NeighbourhoodID != "" {
		t = append(t, "nb"+hexID(d.NeighbourhoodID))
	}
	if d.InitiativeID != "" {
		t = append(t, "in"+hexID(d.InitiativeID))
	}
	return strings.Join(t, " ")
}

// hexID strips everything but letters and digits from an id.
func hexID(id string) string {
	return strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return r
		}
		return -1
	}, strings.ToLower(id))
}

// deleteKeys deletes by rowid: FTS5 looks up nothing but rowids and
// full-text terms quickly, so a document's rowid is a hash of its key
// (rowidOf), and deleting one never scans the table.
func (sqliteOps) deleteKeys(ctx context.Context, q bun.IDB, table string, keys []string) error {
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = rowidOf(k)
	}
	_, err := q.ExecContext(ctx, "DELETE FROM "+table+" WHERE rowid IN (?)", bun.List(ids))
	return err
}

func (sqliteOps) existing(ctx context.Context, q bun.IDB, table string, keys []string) (map[string]bool, error) {
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = rowidOf(k)
	}
	var found []string
	err := q.NewRaw("SELECT key FROM "+table+" WHERE rowid IN (?)", bun.List(ids)).Scan(ctx, &found)
	return toSet(found), err
}

// rowidOf is the rowid of the document with key: 63 bits of its FNV-1a
// hash, where two keys of the ~10^5 documents colliding has a chance of
// about 10^-9.
func rowidOf(key string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return int64(h.Sum64() & (1<<63 - 1))
}

func (sqliteOps) where(words []string, q search.Query) (string, []any, string, []any) {
	var match []string
	if len(words) > 0 {
		quoted := make([]string, len(words))
		for i, w := range words {
			// Words hold only letters and digits: quoting is enough.
			quoted[i] = `"` + w + `"*`
		}
		match = append(match, "{title body}: ("+strings.Join(quoted, joiner(q, " AND ", " OR "))+")")
	}
	match = appendTagFilter(match, "k", kindStrings(q.Kinds))
	match = appendTagFilter(match, "nb", q.Neighbourhoods)
	if q.InitiativeID != "" {
		match = appendTagFilter(match, "in", []string{q.InitiativeID})
	}
	rank := ""
	if len(words) > 0 {
		rank = "bm25(" + liveTable + ", 10.0, 2.0, 0.0)"
	}
	var conds []string
	var args []any
	if len(match) > 0 {
		conds = append(conds, liveTable+" MATCH ?")
		args = append(args, strings.Join(match, " AND "))
	}
	c, a := commonFilters(q)
	conds, args = append(conds, c...), append(args, a...)
	return strings.Join(conds, " AND "), args, rank, nil
}

// appendTagFilter adds "{tags}: (p1 OR p2)" for values.
func appendTagFilter(match []string, prefix string, values []string) []string {
	var toks []string
	for _, v := range values {
		if h := hexID(v); h != "" {
			toks = append(toks, `"`+prefix+h+`"`)
		}
	}
	if len(values) > 0 && len(toks) == 0 {
		toks = append(toks, `"nomatch"`)
	}
	if len(toks) == 0 {
		return match
	}
	return append(match, "{tags}: ("+strings.Join(toks, " OR ")+")")
}

func (sqliteOps) vocabulary(ctx context.Context, db bun.IDB, lo, hi string, minLen, maxLen int) ([]string, error) {
	var terms []string
	err := db.NewRaw("SELECT term FROM search_vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ? ORDER BY doc DESC LIMIT 5000",
		lo, hi, minLen, maxLen).Scan(ctx, &terms)
	return terms, err
}

func (sqliteOps) createNext(ctx context.Context, db bun.IDB) error {
	if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+nextTable); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "CREATE VIRTUAL TABLE "+nextTable+" USING fts5("+sqliteColumns+")")
	return err
}

func (sqliteOps) hasNext(ctx context.Context, db bun.IDB) (bool, error) {
	return db.NewSelect().Table("sqlite_master").Where("name = ?", nextTable).Exists(ctx)
}
