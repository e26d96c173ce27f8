package main

import (
	"context"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/buurtboost/buurtboost/app/site"
)

// reindex rebuilds the whole search index from the database and swaps it
// in for the live one: searches keep answering from the old index until
// the new one is complete.
func (m *Main) reindex(ctx context.Context, args []string) error {
	fs := m.flags("reindex", "reindex", "Rebuilds the search index (embedded, or Meilisearch when MEILI_URL is set)\nfrom the database and swaps it in without downtime. Changes made while it\nruns reach the new index too.")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	ix := site.NewIndexer(a.services(), a.db, a.log)
	var bar *progressbar.ProgressBar
	start := time.Now()
	err = ix.Reindex(ctx, func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(m.Stderr),
				progressbar.OptionSetDescription("reindex"), progressbar.OptionShowCount(),
				progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"), progressbar.OptionThrottle(100*time.Millisecond))
		}
		_ = bar.Set(done)
	})
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(m.Stderr)
	}
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	fmt.Fprintf(m.Stdout, "search index rebuilt and swapped in (%s)\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// indexSeed indexes what the demo seed wrote straight into the tables,
// past the outbox, so that search finds the demo content at once.
func (a *app) indexSeed(ctx context.Context) error {
	if err := site.NewIndexer(a.services(), a.db, a.log).Reindex(ctx, func(int, int) {}); err != nil {
		return fmt.Errorf("index the demo content: %w", err)
	}
	return nil
}
