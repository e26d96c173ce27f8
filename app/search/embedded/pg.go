package embedded

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/search"
)

// pgOps keeps the index in a table with a tsvector and a GIN index.
type pgOps struct{}

// tsvExpr builds the tsvector from the folded title and body: Dutch stems
// for matching inflected words, and the words as written ('simple') for
// prefix matching, which stems would spoil.
const tsvExpr = `setweight(to_tsvector('dutch', ?), 'A') || setweight(to_tsvector('simple', ?), 'A') ||
	setweight(to_tsvector('dutch', ?), 'B') || setweight(to_tsvector('simple', ?), 'B')`

func (pgOps) insert(ctx context.Context, q bun.IDB, table string, docs []search.Document) error {
	var b strings.Builder
	args := make([]any, 0, len(docs)*13)
	b.WriteString("INSERT INTO " + table + " (key, kind, neighbourhood_id, themes, status, initiative_id, supports, created_at, doc, tsv) VALUES ")
	terms := map[string]bool{}
	for i, d := range docs {
		doc, err := storedDoc(d)
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, " + tsvExpr + ")")
		title, body := folded(d.Title), folded(d.Body)
		args = append(args, d.Key(), string(d.Kind), d.NeighbourhoodID, themesText(d.ThemeIDs), d.Status,
			d.InitiativeID, d.Supports, createdAt(d.CreatedAt), doc, title, title, body, body)
		for _, w := range strings.Fields(title + " " + body) {
			if len(w) <= maxTermLen {
				terms[w] = true
			}
		}
	}
	if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
		return err
	}
	return addTerms(ctx, q, terms)
}

// maxTermLen bounds the words kept for typo correction.
const maxTermLen = 40

// addTerms records new words in the vocabulary.
func addTerms(ctx context.Context, q bun.IDB, terms map[string]bool) error {
	if len(terms) == 0 {
		return nil
	}
	list := make([]string, 0, len(terms))
	for t := range terms {
		list = append(list, t)
	}
	_, err := q.ExecContext(ctx, "INSERT INTO search_terms (term) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING", pgArray(list))
	return err
}

func (pgOps) existing(ctx context.Context, q bun.IDB, table string, keys []string) (map[string]bool, error) {
	var found []string
	err := q.NewRaw("SELECT key FROM "+table+" WHERE key IN (?)", bun.List(keys)).Scan(ctx, &found)
	return toSet(found), err
}

func (pgOps) deleteKeys(ctx context.Context, q bun.IDB, table string, keys []string) error {
	_, err := q.ExecContext(ctx, "DELETE FROM "+table+" WHERE key IN (?)", bun.List(keys))
	return err
}

func (pgOps) where(words []string, q search.Query) (string, []any, string, []any) {
	var conds []string
	var args []any
	rank, rankArgs := "", []any(nil)
	if len(words) > 0 {
		parts := make([]string, len(words))
		var qargs []any
		for i, w := range words {
			// A word matches by its Dutch stem or as the start of a word.
			parts[i] = "(to_tsquery('dutch', ?) || to_tsquery('simple', ?))"
			qargs = append(qargs, w, w+":*")
		}
		tsq := strings.Join(parts, joiner(q, " && ", " || "))
		conds = append(conds, "tsv @@ ("+tsq+")")
		args = append(args, qargs...)
		rank, rankArgs = "-ts_rank(tsv, "+tsq+")", qargs
	}
	if kinds := kindStrings(q.Kinds); len(kinds) > 0 {
		conds = append(conds, "kind IN (?)")
		args = append(args, bun.List(kinds))
	}
	if len(q.Neighbourhoods) > 0 {
		conds = append(conds, "neighbourhood_id IN (?)")
		args = append(args, bun.List(q.Neighbourhoods))
	}
	if q.InitiativeID != "" {
		conds = append(conds, "initiative_id = ?")
		args = append(args, q.InitiativeID)
	}
	c, a := commonFilters(q)
	return strings.Join(append(conds, c...), " AND "), append(args, a...), rank, rankArgs
}

func (pgOps) vocabulary(ctx context.Context, db bun.IDB, lo, hi string, minLen, maxLen int) ([]string, error) {
	var terms []string
	err := db.NewRaw("SELECT term FROM search_terms WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ? LIMIT 5000",
		lo, hi, minLen, maxLen).Scan(ctx, &terms)
	return terms, err
}

func (pgOps) createNext(ctx context.Context, db bun.IDB) error {
	if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+nextTable); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "CREATE TABLE "+nextTable+" (LIKE "+liveTable+" INCLUDING ALL)")
	return err
}

func (pgOps) hasNext(ctx context.Context, db bun.IDB) (bool, error) {
	var name *string
	err := db.NewRaw("SELECT to_regclass(?)::text", nextTable).Scan(ctx, &name)
	return name != nil, err
}

// pgArray formats a text array literal for ?::text[].
func pgArray(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return "{" + strings.Join(q, ",") + "}"
}
