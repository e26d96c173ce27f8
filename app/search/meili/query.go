package meili

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/meilisearch/meilisearch-go"

	"github.com/buurtboost/buurtboost/app/search"
)

// facetFields maps Meilisearch's facet attributes to search's facet names.
var facetFields = map[string]string{
	"kind":             search.FacetKind,
	"neighbourhood_id": search.FacetNeighbourhood,
	"theme_ids":        search.FacetTheme,
	"status":           search.FacetStatus,
}

// Search runs q. Meilisearch corrects typos itself; the hits are
// highlighted in Go, escaping first, as for every engine.
func (e *Engine) Search(ctx context.Context, q search.Query) (search.Result, error) {
	q = q.Normalized()
	if search.OnlyStopWords(q) {
		return search.Result{Facets: map[string]map[string]int{}}, nil
	}
	if err := e.Prepare(ctx); err != nil {
		return search.Result{}, err
	}
	perPage := int64(q.PerPage)
	// All words must match, as in the embedded engine; for AnyWord,
	// Meilisearch drops words from the end until documents match.
	strategy := meilisearch.All
	if q.AnyWord {
		strategy = meilisearch.Last
	}
	req := &meilisearch.SearchRequest{
		MatchingStrategy: strategy,
		Filter:           Filter(q),
		Facets:           []string{"kind", "neighbourhood_id", "theme_ids", "status"},
		Sort:             sortOf(q.Sort),
		HitsPerPage:      &perPage,
		Page:             int64(q.Page),
	}
	resp, err := e.client.Index(e.uid).Search(ctx, strings.Join(search.SearchWords(q), " "), req)
	if err != nil {
		return search.Result{}, unavailable("search", err)
	}
	var docs []document
	if err := resp.Hits.DecodeInto(&docs); err != nil {
		return search.Result{}, fmt.Errorf("meilisearch: decode hits: %w", err)
	}
	found := make([]search.Document, len(docs))
	for i, d := range docs {
		found[i] = d.toDoc()
	}
	res := search.Result{Hits: search.Highlighted(found, q.Text), Total: int(resp.TotalHits), Facets: map[string]map[string]int{}}
	var dist map[string]map[string]int
	if len(resp.FacetDistribution) > 0 {
		if err := json.Unmarshal(resp.FacetDistribution, &dist); err != nil {
			return search.Result{}, fmt.Errorf("meilisearch: decode facets: %w", err)
		}
	}
	for attr, name := range facetFields {
		res.Facets[name] = map[string]int{}
		for v, n := range dist[attr] {
			res.Facets[name][v] = n
		}
	}
	return res, nil
}

// Filter returns q's filters in Meilisearch's filter syntax: one
// "attribute IN [values]" per filter, joined by AND; every value quoted.
func Filter(q search.Query) string {
	var parts []string
	add := func(attr string, values []string) {
		if len(values) == 0 {
			return
		}
		quoted := make([]string, len(values))
		for i, v := range values {
			quoted[i] = quote(v)
		}
		parts = append(parts, attr+" IN ["+strings.Join(quoted, ", ")+"]")
	}
	kinds := make([]string, len(q.Kinds))
	for i, k := range q.Kinds {
		kinds[i] = string(k)
	}
	add("kind", kinds)
	add("neighbourhood_id", q.Neighbourhoods)
	add("theme_ids", q.Themes)
	add("status", q.Statuses)
	if q.InitiativeID != "" {
		add("initiative_id", []string{q.InitiativeID})
	}
	return strings.Join(parts, " AND ")
}

// quote makes v a Meilisearch filter string: double quotes, with
// backslashes and double quotes escaped.
func quote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// sortOf returns the sort parameter; relevance needs none.
func sortOf(s search.Sort) []string {
	switch s {
	case search.Newest:
		return []string{"created_at:desc"}
	case search.MostSupported:
		return []string{"supports:desc", "created_at:desc"}
	}
	return nil
}

// Rebuild fills a new index, swaps it with the live one (an atomic
// Meilisearch operation, so searches never see a half-filled index) and
// deletes the old one.
func (e *Engine) Rebuild(ctx context.Context, fill func(ctx context.Context, add func([]search.Document) error) error) error {
	next := e.uid + nextSuffix
	if err := e.Prepare(ctx); err != nil {
		return err
	}
	if err := e.dropIndex(ctx, next); err != nil {
		return err
	}
	if err := e.prepare(ctx, next); err != nil {
		return err
	}
	add := func(docs []search.Document) error {
		if len(docs) == 0 {
			return nil
		}
		ds := make([]document, len(docs))
		for i, d := range docs {
			ds[i] = fromDoc(d)
		}
		task, err := e.client.Index(next).AddDocuments(ctx, ds, &meilisearch.DocumentOptions{PrimaryKey: &primaryKey})
		if err != nil {
			return unavailable("add documents to "+next, err)
		}
		return e.wait(ctx, task)
	}
	if err := fill(ctx, add); err != nil {
		return err
	}
	task, err := e.client.SwapIndexes(ctx, []*meilisearch.SwapIndexesParams{{Indexes: []string{e.uid, next}}})
	if err != nil {
		return unavailable("swap indexes", err)
	}
	if err := e.wait(ctx, task); err != nil {
		return err
	}
	return e.dropIndex(ctx, next)
}

// dropIndex deletes index uid if it exists.
func (e *Engine) dropIndex(ctx context.Context, uid string) error {
	task, err := e.client.DeleteIndex(ctx, uid)
	if err != nil {
		return unavailable("delete index "+uid, err)
	}
	return e.wait(ctx, task, meilisearch.APIErrCodeIndexNotFound)
}
