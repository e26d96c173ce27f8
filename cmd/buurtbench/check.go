package main

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// supportCheck compares the toggled ideas' counters with their rows.
type supportCheck struct {
	ideas    int // toggled
	exact    int // whose supports_count equals COUNT(*) of their supports
	supports int // their supports in the end
}

// checkSupports counts, in one query, the toggled ideas whose counter
// equals the number of their support rows.
func checkSupports(ctx context.Context, bdb *bun.DB, ideas []uuid.UUID) (supportCheck, error) {
	c := supportCheck{ideas: len(ideas)}
	err := bdb.NewRaw(`SELECT
			count(*) FILTER (WHERE d.supports_count = (SELECT count(*) FROM supports AS s WHERE s.idea_id = d.id)),
			coalesce(sum(d.supports_count), 0)
		FROM ideas AS d WHERE d.id IN (?)`, bun.List(ideas)).Scan(ctx, &c.exact, &c.supports)
	return c, err
}
