package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/search/embedded"
)

// searchQueries is how many queries of each shape -search measures.
const searchQueries = 400

// outboxChanges is how many idea changes -search pushes through the outbox.
const outboxChanges = 20000

// benchSearch measures the embedded search engine on the seeded database:
// a full reindex, the outbox's indexing throughput, and the latency of
// one- and two-word queries with a neighbourhood filter.
func benchSearch(ctx context.Context, bdb *bun.DB, out, progress io.Writer) error {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine := embedded.New(bdb)
	ix := search.NewIndexer(search.NewSource(bdb, markdown.New()), engine, log)
	start := time.Now()
	docs := 0
	if err := ix.Reindex(ctx, func(done, total int) {
		docs = done
		if done%20000 < 500 {
			fmt.Fprintf(progress, "reindex: %d of %d rows\n", done, total)
		}
	}); err != nil {
		return err
	}
	reindex := time.Since(start)
	fmt.Fprintf(out, "search: full reindex of %d rows in %s (%.0f rows/s)\n", docs, reindex.Round(time.Millisecond), float64(docs)/reindex.Seconds())

	n, took, err := outboxThroughput(ctx, bdb, ix, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "search: outbox indexed %d idea changes in %s (%.0f documents/s)\n", n, took.Round(time.Millisecond), float64(n)/took.Seconds())

	words, nbs, err := queryMaterial(ctx, bdb)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, nWords := range []int{1, 2} {
		lat := make([]time.Duration, 0, searchQueries)
		hits := 0
		for range searchQueries {
			q := search.Query{Neighbourhoods: []string{nbs[rng.IntN(len(nbs))]}}
			var parts []string
			for range nWords {
				parts = append(parts, words[rng.IntN(len(words))])
			}
			q.Text = strings.Join(parts, " ")
			t0 := time.Now()
			res, err := engine.Search(ctx, q)
			if err != nil {
				return err
			}
			lat = append(lat, time.Since(t0))
			hits += res.Total
		}
		slices.Sort(lat)
		fmt.Fprintf(out, "search: %d-word queries with a neighbourhood filter: p50 %s, p99 %s, max %s (%d queries, %.1f hits on average)\n",
			nWords, lat[len(lat)/2].Round(10*time.Microsecond), lat[len(lat)*99/100].Round(10*time.Microsecond),
			lat[len(lat)-1].Round(10*time.Microsecond), len(lat), float64(hits)/float64(len(lat)))
	}
	return nil
}

// outboxThroughput records a change for outboxChanges ideas in one
// transaction and times one outbox drain that indexes them all.
func outboxThroughput(ctx context.Context, bdb *bun.DB, ix *search.Indexer, log *slog.Logger) (int, time.Duration, error) {
	var ids []string
	if err := bdb.NewSelect().Table("ideas").Column("id").Limit(outboxChanges).Scan(ctx, &ids); err != nil {
		return 0, 0, err
	}
	err := bdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, id := range ids {
			if err := search.Enqueue(ctx, tx, search.KindIdea, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	box := outbox.New(bdb, time.Now, log)
	box.Register(search.Topic, ix.Handler())
	start := time.Now()
	n, err := box.Drain(ctx)
	return n, time.Since(start), err
}

// queryMaterial returns words from idea titles (four letters or more) and
// the neighbourhood ids to filter on.
func queryMaterial(ctx context.Context, bdb *bun.DB) ([]string, []string, error) {
	var titles, nbs []string
	if err := bdb.NewSelect().Table("ideas").Column("title").OrderExpr("random()").Limit(500).Scan(ctx, &titles); err != nil {
		return nil, nil, err
	}
	if err := bdb.NewSelect().Table("neighbourhoods").Column("id").Scan(ctx, &nbs); err != nil {
		return nil, nil, err
	}
	var words []string
	for _, t := range titles {
		for _, w := range search.Words(t) {
			if len([]rune(w)) >= 4 {
				words = append(words, w)
			}
		}
	}
	if len(words) == 0 || len(nbs) == 0 {
		return nil, nil, fmt.Errorf("search: nothing to query: %d words, %d neighbourhoods", len(words), len(nbs))
	}
	return words, nbs, nil
}
