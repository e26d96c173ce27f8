package embedded

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/search"
)

// Rebuild fills a new table with the documents fill sends, then swaps it
// in for the live one in one short transaction: searches read the old
// table until the swap and the new one after it. Changes indexed during
// the rebuild are written to both tables (see Index).
func (e *Engine) Rebuild(ctx context.Context, fill func(ctx context.Context, add func([]search.Document) error) error) error {
	if err := e.d.createNext(ctx, e.db); err != nil {
		return fmt.Errorf("create rebuilt search table: %w", err)
	}
	add := func(docs []search.Document) error {
		if len(docs) == 0 {
			return nil
		}
		return e.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			fresh, err := e.unseen(ctx, tx, docs)
			if err != nil || len(fresh) == 0 {
				return err
			}
			return e.d.insert(ctx, tx, nextTable, fresh)
		})
	}
	if err := fill(ctx, add); err != nil {
		_, _ = e.db.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+nextTable)
		return fmt.Errorf("fill rebuilt search table: %w", err)
	}
	err := e.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "DROP TABLE "+liveTable); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "ALTER TABLE "+nextTable+" RENAME TO "+liveTable)
		return err
	})
	if err != nil {
		return fmt.Errorf("swap rebuilt search table: %w", err)
	}
	return nil
}

// unseen drops the documents the new table already holds: those were
// indexed from a change during the rebuild, so they are newer than the
// rebuild's copy.
func (e *Engine) unseen(ctx context.Context, tx bun.Tx, docs []search.Document) ([]search.Document, error) {
	keys := make([]string, len(docs))
	for i, d := range docs {
		keys[i] = d.Key()
	}
	have, err := e.d.existing(ctx, tx, nextTable, keys)
	if err != nil {
		return nil, err
	}
	fresh := make([]search.Document, 0, len(docs))
	seen := map[string]bool{}
	for _, d := range docs {
		if !have[d.Key()] && !seen[d.Key()] {
			seen[d.Key()] = true
			fresh = append(fresh, d)
		}
	}
	return fresh, nil
}
