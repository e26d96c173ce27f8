package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/search/embedded"
	"github.com/buurtboost/buurtboost/app/search/meili"
)

// NewSearch returns the search engine cfg selects: Meilisearch when
// MEILI_URL is set, else the embedded full-text search in bdb.
func NewSearch(cfg *config.Config, bdb *bun.DB) search.Engine {
	if u := cfg.Search.MeiliURL; u != nil {
		return meili.New(meili.Options{URL: u.String(), APIKey: cfg.Search.MeiliAPIKey})
	}
	return embedded.New(bdb)
}

// NewIndexer returns the indexer that keeps svc.Search in line with bdb.
func NewIndexer(svc *Services, bdb *bun.DB, log *slog.Logger) *search.Indexer {
	return search.NewIndexer(search.NewSource(bdb, markdown.New()), svc.Search, log)
}

// RegisterSearch makes box deliver index changes to the search engine.
func RegisterSearch(box *outbox.Outbox, svc *Services, bdb *bun.DB, log *slog.Logger) {
	box.Register(search.Topic, NewIndexer(svc, bdb, log).Handler())
}

// searchBacklog counts the index changes not yet applied, for /readyz.
func searchBacklog(bdb *bun.DB, log *slog.Logger) func(context.Context) (int, error) {
	box := outbox.New(bdb, time.Now, log)
	return func(ctx context.Context) (int, error) { return box.Backlog(ctx, search.Topic) }
}
