package meili

import (
	"context"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/buurtboost/buurtboost/app/search"
)

// primaryKey is the document field Meilisearch identifies documents by.
var primaryKey = "key"

// nextSuffix names the index a rebuild fills before swapping it in.
const nextSuffix = "_next"

// document is a search.Document as Meilisearch stores it; created_at is
// Unix seconds, so that it sorts.
type document struct {
	Key             string   `json:"key"`
	Kind            string   `json:"kind"`
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	Body            string   `json:"body"`
	URL             string   `json:"url"`
	NeighbourhoodID string   `json:"neighbourhood_id"`
	ThemeIDs        []string `json:"theme_ids"`
	Status          string   `json:"status"`
	InitiativeID    string   `json:"initiative_id"`
	InitiativeTitle string   `json:"initiative_title"`
	Supports        int      `json:"supports"`
	CreatedAt       int64    `json:"created_at"`
}

func fromDoc(d search.Document) document {
	themes := d.ThemeIDs
	if themes == nil {
		themes = []string{}
	}
	return document{Key: d.Key(), Kind: string(d.Kind), ID: d.ID, Title: d.Title, Body: d.Body, URL: d.URL,
		NeighbourhoodID: d.NeighbourhoodID, ThemeIDs: themes, Status: d.Status, InitiativeID: d.InitiativeID,
		InitiativeTitle: d.InitiativeTitle, Supports: d.Supports, CreatedAt: d.CreatedAt.Unix()}
}

func (d document) toDoc() search.Document {
	themes := d.ThemeIDs
	if len(themes) == 0 {
		themes = nil
	}
	return search.Document{Kind: search.Kind(d.Kind), ID: d.ID, Title: d.Title, Body: d.Body, URL: d.URL,
		NeighbourhoodID: d.NeighbourhoodID, ThemeIDs: themes, Status: d.Status, InitiativeID: d.InitiativeID,
		InitiativeTitle: d.InitiativeTitle, Supports: d.Supports, CreatedAt: time.Unix(d.CreatedAt, 0).UTC()}
}

// Index adds or replaces docs and waits until they are searchable. While a
// rebuild fills the next index, they go there too.
func (e *Engine) Index(ctx context.Context, docs []search.Document) error {
	if len(docs) == 0 {
		return nil
	}
	ds := make([]document, len(docs))
	for i, d := range docs {
		ds[i] = fromDoc(d)
	}
	return e.toEach(ctx, func(uid string) error {
		task, err := e.client.Index(uid).AddDocuments(ctx, ds, &meilisearch.DocumentOptions{PrimaryKey: &primaryKey})
		if err != nil {
			return unavailable("add documents to "+uid, err)
		}
		return e.wait(ctx, task)
	})
}

// Delete removes the documents with keys and waits until they are gone.
func (e *Engine) Delete(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return e.toEach(ctx, func(uid string) error {
		task, err := e.client.Index(uid).DeleteDocuments(ctx, keys, nil)
		if err != nil {
			return unavailable("delete documents from "+uid, err)
		}
		return e.wait(ctx, task)
	})
}

// toEach runs write on the live index, and on the next one while a
// rebuild (perhaps in another process) fills it.
func (e *Engine) toEach(ctx context.Context, write func(uid string) error) error {
	if err := e.Prepare(ctx); err != nil {
		return err
	}
	if err := write(e.uid); err != nil {
		return err
	}
	_, err := e.client.GetIndex(ctx, e.uid+nextSuffix)
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return unavailable("look for a rebuild", err)
	}
	return write(e.uid + nextSuffix)
}
