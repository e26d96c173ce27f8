package idea

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/sync/singleflight"
)

// TrendingTTL is how long a neighbourhood's trending order is reused.
// Ranking counts two weeks of supports for every idea in the neighbourhood,
// by far the most expensive read of any page; an order that is a minute
// old is not noticeable, while the ideas themselves (their titles and
// support counts) are read fresh every time.
const TrendingTTL = time.Minute

// rankings remembers the trending order per neighbourhood and limit.
type rankings struct {
	mu    sync.Mutex
	ranks map[string]ranking
	fill  singleflight.Group // one ranking query per key at a time
}

type ranking struct {
	ids    []uuid.UUID
	ranked time.Time
}

func newRankings() *rankings { return &rankings{ranks: map[string]ranking{}} }

func (r *rankings) get(key string, now time.Time) ([]uuid.UUID, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rk, ok := r.ranks[key]
	if !ok || now.Sub(rk.ranked) >= TrendingTTL {
		return nil, false
	}
	return rk.ids, true
}

func (r *rankings) put(key string, rk ranking) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ranks[key] = rk
}

// Trending returns the trending ideas of a neighbourhood (nil: everywhere)
// in an order at most TrendingTTL old, each idea as it is now. An idea
// removed since the order was made is left out.
func (s *Service) Trending(ctx context.Context, neighbourhoodID *uuid.UUID, limit int) ([]Idea, error) {
	key := fmt.Sprint(neighbourhoodID, "/", limit)
	if neighbourhoodID != nil {
		key = fmt.Sprint(*neighbourhoodID, "/", limit)
	}
	if ids, ok := s.trending.get(key, s.now()); ok {
		return s.inOrder(ctx, ids)
	}
	v, err, _ := s.trending.fill.Do(key, func() (any, error) {
		ranked := s.now()
		ideas, err := s.Across(ctx, AcrossQuery{NeighbourhoodID: neighbourhoodID, Sort: SortTrending, Limit: limit})
		if err != nil {
			return nil, err
		}
		ids := make([]uuid.UUID, len(ideas))
		for i, it := range ideas {
			ids[i] = it.ID
		}
		s.trending.put(key, ranking{ids: ids, ranked: ranked})
		return ideas, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]Idea), nil
}

// inOrder loads the ideas with ids, in that order, in one query.
func (s *Service) inOrder(ctx context.Context, ids []uuid.UUID) ([]Idea, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var found []Idea
	// A ranking is a minute old at most: leave out what was hidden since.
	if err := selectIdeas(s.db, &found).Where("idea.id IN (?)", bun.List(ids)).Where(listed).Scan(ctx); err != nil {
		return nil, fmt.Errorf("load trending ideas: %w", err)
	}
	byID := make(map[uuid.UUID]Idea, len(found))
	for _, it := range found {
		byID[it.ID] = it
	}
	out := make([]Idea, 0, len(ids))
	for _, id := range ids {
		if it, ok := byID[id]; ok {
			out = append(out, it)
		}
	}
	return out, nil
}
