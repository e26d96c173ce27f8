package search

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/buurtboost/buurtboost/app/outbox"
)

// Indexer applies changes to an engine: it reads each changed item's
// current state from the Source and indexes it, or deletes it from the
// index when it is no longer public.
type Indexer struct {
	src    *Source
	engine Engine
	log    *slog.Logger
}

// NewIndexer returns an indexer from src into engine.
func NewIndexer(src *Source, engine Engine, log *slog.Logger) *Indexer {
	return &Indexer{src: src, engine: engine, log: log}
}

// BatchSize is how many outbox messages the indexer applies at once.
const BatchSize = 200

// Handler is the outbox handler of Topic. An error (the engine is down)
// makes the outbox retry the whole batch later; applying a batch twice is
// harmless.
func (ix *Indexer) Handler() outbox.Handler {
	return outbox.Handler{Batch: BatchSize, Handle: ix.handle}
}

func (ix *Indexer) handle(ctx context.Context, batch []outbox.Entry) error {
	changes := make([]Change, 0, len(batch))
	for _, e := range batch {
		var c Change
		if err := json.Unmarshal(e.Payload, &c); err != nil {
			// A message nobody can read would block the topic forever.
			ix.log.Error("unreadable search change dropped", "key", e.Key, "error", err)
			continue
		}
		changes = append(changes, c)
	}
	return ix.Apply(ctx, changes)
}

// Apply brings the index in line with the current state of the changed
// items. A Cascade change changes the item's children too: ideas,
// activities and tasks carry their initiative's title and neighbourhood,
// and leave the index with it when it is archived.
func (ix *Indexer) Apply(ctx context.Context, changes []Change) error {
	children, err := ix.src.ChildrenOf(ctx, changes)
	if err != nil {
		return err
	}
	changes = append(changes, children...)
	docs, gone, err := ix.load(ctx, changes)
	if err != nil {
		return err
	}
	if err := ix.engine.Index(ctx, docs); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if err := ix.engine.Delete(ctx, gone); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

// load returns the public documents of the changed items, and the keys of
// those that are not public (any more).
func (ix *Indexer) load(ctx context.Context, changes []Change) ([]Document, []string, error) {
	var docs []Document
	var gone []string
	for kind, load := range ix.src.loaders() {
		ids := idsOf(changes, kind)
		if len(ids) == 0 {
			continue
		}
		found, err := load(ctx, ids)
		if err != nil {
			return nil, nil, err
		}
		have := keysOf(found)
		for _, id := range ids {
			if !have[DocKey(kind, id)] {
				gone = append(gone, DocKey(kind, id))
			}
		}
		docs = append(docs, found...)
	}
	return docs, gone, nil
}

// Reindex rebuilds the whole index from the source and swaps it in;
// progress is told the rows read so far and the total.
func (ix *Indexer) Reindex(ctx context.Context, progress func(done, total int)) error {
	total, err := ix.src.Count(ctx)
	if err != nil {
		return err
	}
	done := 0
	return ix.engine.Rebuild(ctx, func(ctx context.Context, add func([]Document) error) error {
		return ix.src.All(ctx, 500, func(docs []Document, seen int) error {
			if err := add(docs); err != nil {
				return err
			}
			done += seen
			progress(done, total)
			return nil
		})
	})
}
