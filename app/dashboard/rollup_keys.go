package dashboard

import (
	"context"
	"sync"

	"github.com/uptrace/bun"
)

// keyCache is the service's copy of activity_rollup_keys: the compact id
// of every key (actor key, neighbourhood, theme, initiative or idea id) in
// the rollups. Ids are handed out in order, 1, 2, 3, … by the roll-up
// (which runs one at a time) and never change, so the copy is always a
// prefix of the table and catching up reads only the new ids.
type keyCache struct {
	mu     sync.RWMutex
	values []string // values[id-1]
	ids    map[string]int32
}

func newKeyCache() *keyCache { return &keyCache{ids: map[string]int32{}} }

// sync reads the ids made since the last call.
func (c *keyCache) sync(ctx context.Context, q bun.IDB) error {
	c.mu.RLock()
	known := len(c.values)
	c.mu.RUnlock()
	var rows []struct {
		ID    int32  `bun:"id"`
		Value string `bun:"value"`
	}
	err := q.NewSelect().TableExpr("activity_rollup_keys AS k").Column("k.id", "k.value").
		Where("k.id > ?", known).OrderExpr("k.id").Scan(ctx, &rows)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range rows {
		if int(r.ID) == len(c.values)+1 { // another call may have read it meanwhile
			c.values = append(c.values, r.Value)
			c.ids[r.Value] = r.ID
		}
	}
	return nil
}

// keySpace maps keys to ids for one report or one roll-up: the cached ids
// first, then fresh ids (from len+1) for keys not yet in the table — the
// log rows not rolled up yet, a selected neighbourhood without activity.
type keySpace struct {
	cache *keyCache
	base  int32    // the cached ids are 1..base
	vals  []string // the cache's values then: appended to, never changed
	fresh []string
	byKey map[string]int32
}

func (c *keyCache) space() *keySpace {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return &keySpace{cache: c, base: int32(len(c.values)), vals: c.values, byKey: map[string]int32{}}
}

// id returns the id of key, 0 for none ("").
func (s *keySpace) id(key string) int32 {
	if key == "" {
		return 0
	}
	if id, ok := s.byKey[key]; ok {
		return id
	}
	s.cache.mu.RLock()
	id, ok := s.cache.ids[key]
	s.cache.mu.RUnlock()
	if !ok || id > s.base {
		s.fresh = append(s.fresh, key)
		id = s.base + int32(len(s.fresh))
	}
	s.byKey[key] = id
	return id
}

// key returns the key of id.
func (s *keySpace) key(id int32) string {
	if id > s.base {
		return s.fresh[id-s.base-1]
	}
	return s.vals[id-1]
}

// size is one more than the largest id: the length of a slice indexed by
// id.
func (s *keySpace) size() int { return int(s.base) + len(s.fresh) + 1 }
