package discovery

import (
	"context"
	"fmt"
	"time"
)

// The kinds of sitemap locations.
const (
	LocNeighbourhood = "neighbourhood" // Key is the slug
	LocInitiative    = "initiative"    // Key is the slug
	LocIdea          = "idea"          // Key is the id
	LocActivity      = "activity"      // Key is the id
)

// Location is a public page for the sitemap: its kind, the key of its
// address and when it last changed.
type Location struct {
	Kind    string    `bun:"kind"`
	Key     string    `bun:"loc_key"`
	LastMod time.Time `bun:"lastmod"`
}

// locations lists every public page: neighbourhoods (changed when their
// newest public initiative changed), initiatives that are neither archived nor hidden,
// the ideas on them that were neither removed nor hidden, and their activities. The order (kind, key) is
// stable, so numbered pages do not overlap.
const locations = `
SELECT 1 AS ord, 'neighbourhood' AS kind, n.slug AS loc_key,
  COALESCE((SELECT max(i.updated_at) FROM initiatives AS i
    WHERE i.neighbourhood_id = n.id AND i.status <> 'archived' AND i.hidden_reason = ''), n.updated_at) AS lastmod
FROM neighbourhoods AS n
UNION ALL
SELECT 2, 'initiative', i.slug, i.updated_at FROM initiatives AS i WHERE i.status <> 'archived' AND i.hidden_reason = ''
UNION ALL
SELECT 3, 'idea', d.id, d.updated_at FROM ideas AS d JOIN initiatives AS i ON i.id = d.initiative_id
WHERE i.status <> 'archived' AND i.hidden_reason = '' AND d.removed_at IS NULL AND d.hidden_reason = ''
UNION ALL
SELECT 4, 'activity', v.id, v.updated_at FROM activities AS v JOIN initiatives AS i ON i.id = v.initiative_id
WHERE i.status <> 'archived' AND i.hidden_reason = ''`

// CountLocations returns how many public pages the sitemap lists.
func (s *Service) CountLocations(ctx context.Context) (int, error) {
	var n int
	if err := s.db.NewRaw("SELECT count(*) FROM ("+locations+") AS l").Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("count sitemap locations: %w", err)
	}
	return n, nil
}

// Locations returns page (from 0) of the public pages, size to a page.
func (s *Service) Locations(ctx context.Context, page, size int) ([]Location, error) {
	var locs []Location
	err := s.db.NewRaw("SELECT kind, loc_key, lastmod FROM ("+locations+") AS l ORDER BY ord, loc_key LIMIT ? OFFSET ?",
		size, page*size).Scan(ctx, &locs)
	if err != nil {
		return nil, fmt.Errorf("sitemap locations: %w", err)
	}
	return locs, nil
}
