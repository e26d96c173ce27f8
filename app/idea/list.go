package idea

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// The orders of idea lists.
const (
	// SortTrending ranks by the supports given within TrendingWindow, then
	// by all supports, then newest first.
	SortTrending = "trending"
	// SortSupported ranks by all supports, then newest first.
	SortSupported = "supported"
	// SortNewest lists the newest ideas first.
	SortNewest = "newest"
)

// TrendingWindow is how far back a support counts towards trending. A
// window (rather than a decay formula) keeps the rank an exact integer, so
// that SQLite and PostgreSQL order alike and a cursor can point into it.
const TrendingWindow = 14 * 24 * time.Hour

// Page sizes of lists.
const (
	DefaultLimit = 20
	MaxLimit     = 50
)

// Query asks for one page of an initiative's ideas.
type Query struct {
	InitiativeID uuid.UUID
	Sort         string     // SortTrending (also for ""), SortSupported or SortNewest
	Status       Status     // "" for any status
	ThemeID      *uuid.UUID // nil for any theme
	Cursor       string     // Page.Next of the previous page; "" for the first
	Limit        int        // DefaultLimit when 0, at most MaxLimit
}

// Page is one page of ideas and the cursor of the next ("" on the last).
type Page struct {
	Ideas []Idea
	Next  string
}

// List returns a page of an initiative's ideas, with their authors' names,
// in one query. Walking the pages by their cursors visits every idea once.
func (s *Service) List(ctx context.Context, q Query) (Page, error) {
	fe := fieldErrors{}
	sort, key := parseSort(q.Sort)
	fe.add("sort", key)
	if _, ok := ParseStatus(string(q.Status)); q.Status != "" && !ok {
		fe.add("status", "idea.status.unknown")
	}
	after, key := decodeCursor(q.Cursor, sort)
	fe.add("cursor", key)
	if len(fe) > 0 {
		return Page{}, apperr.InvalidFields(fe)
	}
	since := s.now().UTC().Add(-TrendingWindow)
	if after != nil && sort == SortTrending {
		since = after.Since
	}
	limit := pageSize(q.Limit)
	var ideas []Idea
	sel := selectIdeas(s.db, &ideas).Where("idea.initiative_id = ? AND idea.hidden_reason = ''", q.InitiativeID)
	if q.Status != "" {
		sel = sel.Where("idea.status = ?", q.Status)
	}
	if q.ThemeID != nil {
		sel = sel.Where("idea.theme_id = ?", *q.ThemeID)
	}
	if err := ordered(sel, sort, since, after).Limit(int64(limit + 1)).Scan(ctx); err != nil {
		return Page{}, fmt.Errorf("list ideas of %s: %w", q.InitiativeID, err)
	}
	if len(ideas) <= limit {
		return Page{Ideas: ideas}, nil
	}
	ideas = ideas[:limit]
	return Page{Ideas: ideas, Next: cursorAfter(sort, since, ideas[limit-1])}, nil
}

// AcrossQuery asks for ideas across initiatives, for the home page and
// the neighbourhood pages.
type AcrossQuery struct {
	NeighbourhoodID *uuid.UUID // nil for the whole municipality
	Sort            string     // as in Query
	Limit           int        // as in Query
}

// listed selects the ideas lists show: not hidden, of an initiative that
// is neither archived nor hidden.
const listed = "idea.hidden_reason = '' AND ini.hidden_reason = '' AND ini.status <> 'archived'"

// Across returns the first ideas of every initiative that is not archived,
// with their authors' names and their initiatives' slugs and titles, in
// one query.
func (s *Service) Across(ctx context.Context, q AcrossQuery) ([]Idea, error) {
	sort, key := parseSort(q.Sort)
	if key != "" {
		return nil, apperr.InvalidFields(map[string]string{"sort": key})
	}
	var ideas []Idea
	sel := selectIdeas(s.db, &ideas).Where(listed)
	if q.NeighbourhoodID != nil {
		sel = sel.Where("idea.neighbourhood_id = ?", *q.NeighbourhoodID)
	}
	since := s.now().UTC().Add(-TrendingWindow)
	if err := ordered(sel, sort, since, nil).Limit(int64(pageSize(q.Limit))).Scan(ctx); err != nil {
		return nil, fmt.Errorf("list ideas across initiatives: %w", err)
	}
	return ideas, nil
}

// Newest returns the newest ideas of a neighbourhood (nil: everywhere).
func (s *Service) Newest(ctx context.Context, neighbourhoodID *uuid.UUID, limit int) ([]Idea, error) {
	return s.Across(ctx, AcrossQuery{NeighbourhoodID: neighbourhoodID, Sort: SortNewest, Limit: limit})
}

// MostSupported returns the most supported ideas of a neighbourhood (nil:
// everywhere).
func (s *Service) MostSupported(ctx context.Context, neighbourhoodID *uuid.UUID, limit int) ([]Idea, error) {
	return s.Across(ctx, AcrossQuery{NeighbourhoodID: neighbourhoodID, Sort: SortSupported, Limit: limit})
}

func parseSort(s string) (string, string) {
	switch s {
	case "":
		return SortTrending, ""
	case SortTrending, SortSupported, SortNewest:
		return s, ""
	}
	return "", "idea.list.sort.unknown"
}

func pageSize(n int) int {
	if n <= 0 {
		return DefaultLimit
	}
	return min(n, MaxLimit)
}

// ordered adds sort's order to sel and, after a cursor, keeps only the
// ideas that come after it. Each order ends with the id, so no two ideas
// tie and the row-value comparison (supported by both databases) matches
// the ORDER BY exactly.
func ordered(sel *bun.SelectQuery, sort string, since time.Time, after *cursor) *bun.SelectQuery {
	switch sort {
	case SortNewest:
		if after != nil {
			sel = sel.Where("(idea.created_at, idea.id) < (?, ?)", after.Created, after.ID)
		}
		return sel.OrderExpr("idea.created_at DESC, idea.id DESC")
	case SortSupported:
		if after != nil {
			sel = sel.Where("(idea.supports_count, idea.id) < (?, ?)", after.Supports, after.ID)
		}
		return sel.OrderExpr("idea.supports_count DESC, idea.id DESC")
	}
	// Trending: the supports given since the window opened, counted per
	// idea through the supports primary key (idea_id, user_id).
	sel = sel.ColumnExpr("(SELECT count(*) FROM supports AS rs"+
		" WHERE rs.idea_id = idea.id AND rs.created_at >= ?) AS recent_supports", since)
	if after != nil {
		sel = sel.Where("((SELECT count(*) FROM supports AS rs WHERE rs.idea_id = idea.id AND rs.created_at >= ?),"+
			" idea.supports_count, idea.id) < (?, ?, ?)", since, after.Recent, after.Supports, after.ID)
	}
	return sel.OrderExpr("recent_supports DESC, idea.supports_count DESC, idea.id DESC")
}
