package embedded

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/search"
)

// Search runs q. When the words find nothing, it tries once more with
// each word replaced by the closest indexed word within the typos
// search.MaxTypos allows.
func (e *Engine) Search(ctx context.Context, q search.Query) (search.Result, error) {
	q = q.Normalized()
	words := search.SearchWords(q)
	if search.OnlyStopWords(q) {
		return search.Result{Facets: map[string]map[string]int{}}, nil
	}
	res, err := e.search(ctx, q, words)
	if err != nil || res.Total > 0 || len(words) == 0 {
		return res, err
	}
	fixed, changed, err := e.correct(ctx, words)
	if err != nil || !changed {
		return res, err
	}
	res, err = e.search(ctx, q, fixed)
	if err == nil && res.Total > 0 {
		res.Corrected = strings.Join(fixed, " ")
	}
	return res, err
}

func (e *Engine) search(ctx context.Context, q search.Query, words []string) (search.Result, error) {
	cond, args, rank, rankArgs := e.d.where(words, q)
	if cond == "" {
		cond = "1 = 1"
	}
	res := search.Result{}
	var err error
	if res.Total, res.Facets, err = e.facets(ctx, cond, args); err != nil || res.Total == 0 {
		return res, err
	}
	var docs []string
	order := orderBy(q.Sort, rank)
	all := append([]any{}, args...)
	if q.Sort == search.Relevance && rank != "" {
		all = append(all, rankArgs...)
	}
	all = append(all, q.PerPage, q.Offset())
	err = e.db.NewRaw("SELECT doc FROM "+liveTable+" WHERE "+cond+" ORDER BY "+order+" LIMIT ? OFFSET ?", all...).Scan(ctx, &docs)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	found := make([]search.Document, len(docs))
	for i, d := range docs {
		if err := json.Unmarshal([]byte(d), &found[i]); err != nil {
			return res, fmt.Errorf("decode search document: %w", err)
		}
	}
	text := strings.Join(words, " ")
	res.Hits = search.Highlighted(found, text)
	return res, nil
}

// orderBy returns the ORDER BY list for the sort; ties go to the newest.
// Without words there is no relevance (rank is ""): newest first.
func orderBy(s search.Sort, rank string) string {
	switch {
	case s == search.MostSupported:
		return "supports DESC, created_at DESC, key"
	case s == search.Newest || rank == "":
		return "created_at DESC, key"
	}
	return rank + ", created_at DESC, key"
}

// facets counts the matching documents, in all and per kind,
// neighbourhood, status and theme, in one query: the full-text match is
// evaluated once, and SQL groups the rows (a few thousand groups at most).
func (e *Engine) facets(ctx context.Context, cond string, args []any) (int, map[string]map[string]int, error) {
	var rows []struct {
		Kind   string `bun:"kind"`
		Area   string `bun:"neighbourhood_id"`
		Status string `bun:"status"`
		Themes string `bun:"themes"`
		N      int    `bun:"n"`
	}
	err := e.db.NewRaw("SELECT kind, neighbourhood_id, status, themes, count(*) AS n FROM "+liveTable+" WHERE "+cond+
		" GROUP BY kind, neighbourhood_id, status, themes", args...).Scan(ctx, &rows)
	if err != nil {
		return 0, nil, fmt.Errorf("count search hits: %w", err)
	}
	out := map[string]map[string]int{search.FacetKind: {}, search.FacetNeighbourhood: {}, search.FacetStatus: {},
		search.FacetTheme: {}}
	total := 0
	for _, r := range rows {
		total += r.N
		out[search.FacetKind][r.Kind] += r.N
		out[search.FacetNeighbourhood][r.Area] += r.N
		out[search.FacetStatus][r.Status] += r.N
		// Themes are a list per document: count each one.
		for _, t := range strings.Fields(r.Themes) {
			out[search.FacetTheme][t] += r.N
		}
	}
	return total, out, nil
}

// commonFilters are the filters both dialects express the same way.
func commonFilters(q search.Query) ([]string, []any) {
	var conds []string
	var args []any
	if len(q.Statuses) > 0 {
		conds = append(conds, "status IN (?)")
		args = append(args, bun.List(q.Statuses))
	}
	if len(q.Themes) > 0 {
		ors := make([]string, len(q.Themes))
		for i, t := range q.Themes {
			ors[i] = "themes LIKE ?"
			args = append(args, "% "+escapeLike(t)+" %")
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	return conds, args
}

// escapeLike keeps % and _ in a theme id from acting as wildcards; theme
// ids are uuids, so this only matters for hostile input.
func escapeLike(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '%' || r == '_' || r == '\\' {
			return -1
		}
		return r
	}, s)
}

func kindStrings(ks []search.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// joiner is how a dialect joins the words' conditions: all must match, or
// with AnyWord any.
func joiner(q search.Query, all, anyOne string) string {
	if q.AnyWord {
		return anyOne
	}
	return all
}
