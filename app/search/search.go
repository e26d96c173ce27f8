// Package search finds initiatives, ideas, activities and volunteer tasks
// by text. It defines the Engine every search backend implements, the
// Document that holds the public fields of one item, the Query with its
// filters, sort and page, and the Result with facet counts and
// HTML-safe highlighted snippets.
//
// Two engines implement it: package embedded (full-text search in the
// database Buurtboost already runs on) and package meili (Meilisearch).
// The Indexer keeps either one up to date from the transactional outbox.
// This package knows nothing about HTTP, and never holds private fields:
// a Document carries only what any visitor may read.
package search

import (
	"context"
	"errors"
	"html/template"
	"time"
)

// Kind is what a document is.
type Kind string

// The kinds of documents. Activities and tasks are indexed once the
// volunteer package produces them; the engines treat every kind alike.
const (
	KindInitiative Kind = "initiative"
	KindIdea       Kind = "idea"
	KindActivity   Kind = "activity"
	KindTask       Kind = "task"
)

// Kinds returns every kind in the order the search page offers them.
func Kinds() []Kind { return []Kind{KindInitiative, KindIdea, KindActivity, KindTask} }

// ParseKind returns the kind named s, or false.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds() {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Document is the public face of one searchable item.
type Document struct {
	Kind            Kind
	ID              string // the item's uuid; Key() is unique across kinds
	Title           string
	Body            string // plain text: summary and description, no Markdown
	URL             string // path of the item's page
	NeighbourhoodID string
	ThemeIDs        []string
	Status          string
	InitiativeID    string // the initiative an idea, activity or task belongs to
	InitiativeTitle string
	Supports        int // supports for ideas, followers for initiatives
	CreatedAt       time.Time
}

// Key identifies the document across kinds, e.g. "idea-0192…". It uses only
// characters Meilisearch accepts in a document id.
func (d Document) Key() string { return DocKey(d.Kind, d.ID) }

// DocKey is the key of the document of kind with id.
func DocKey(k Kind, id string) string { return string(k) + "-" + id }

// Sort orders the results.
type Sort string

// The orders a search offers.
const (
	Relevance     Sort = "relevance"
	Newest        Sort = "newest"
	MostSupported Sort = "supported"
)

// ParseSort returns the sort named s; anything else is Relevance.
func ParseSort(s string) Sort {
	switch Sort(s) {
	case Newest, MostSupported:
		return Sort(s)
	}
	return Relevance
}

// Query is one search. Empty filter lists do not filter.
type Query struct {
	Text           string
	Kinds          []Kind
	Neighbourhoods []string
	Themes         []string
	Statuses       []string
	InitiativeID   string // only documents of this initiative ("" for all)
	// AnyWord finds documents with any of the words rather than all, best
	// matches first; stop words are left out. For suggesting similar ideas.
	AnyWord bool
	Sort    Sort
	Page    int // from 1
	PerPage int
}

// The limits of a query.
const (
	MaxQueryLen    = 200 // longer query text is cut
	DefaultPerPage = 20
	MaxPerPage     = 50
)

// Normalized returns q with its text cut and tidied, a page of at least 1
// and a page size within limits.
func (q Query) Normalized() Query {
	q.Text = CutQuery(q.Text)
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = DefaultPerPage
	}
	q.PerPage = min(q.PerPage, MaxPerPage)
	if q.Sort == "" {
		q.Sort = Relevance
	}
	return q
}

// Offset is the number of hits before the page.
func (q Query) Offset() int { return (q.Page - 1) * q.PerPage }

// Hit is one found document with its highlighted title and snippet.
type Hit struct {
	Document
	TitleHTML   template.HTML
	SnippetHTML template.HTML
}

// Facet fields, the keys of Result.Facets.
const (
	FacetKind          = "kind"
	FacetNeighbourhood = "neighbourhood"
	FacetTheme         = "theme"
	FacetStatus        = "status"
)

// Result is one page of hits with the total and the facet counts of all
// documents that match the query and its filters.
type Result struct {
	Hits   []Hit
	Total  int
	Facets map[string]map[string]int
	// Corrected is the query text the engine searched instead, after
	// correcting a typo; "" when it searched the text as given.
	Corrected string
}

// Engine is a search backend.
type Engine interface {
	// Index adds or replaces documents (by Key).
	Index(ctx context.Context, docs []Document) error
	// Delete removes the documents with these keys; unknown keys are fine.
	Delete(ctx context.Context, keys []string) error
	// Search runs q (normalised by the caller or not).
	Search(ctx context.Context, q Query) (Result, error)
	// Rebuild replaces the whole index by the documents fill sends, and
	// swaps the new index in only when fill is done, so searches keep
	// answering from the old one meanwhile.
	Rebuild(ctx context.Context, fill func(ctx context.Context, add func([]Document) error) error) error
}

// ErrUnavailable wraps an engine failure the search page explains as "search
// is down for a moment" rather than a server error.
var ErrUnavailable = errors.New("search engine unavailable")
