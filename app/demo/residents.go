package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/account"
)

// makeResidents adds the residents, each with a login identity that only
// the seed knows and an activity key, spread over the neighbourhoods in
// proportion to their population. They joined between 13 months and one
// month ago.
func (g *generator) makeResidents(ctx context.Context) error {
	weights := make([]float64, len(g.nbs))
	for i, n := range g.nbs {
		weights[i] = 3000
		if n.Population != nil && *n.Population > 0 {
			weights[i] = float64(*n.Population)
		}
	}
	g.local = make([][]int, len(g.nbs))
	g.picked = make([]uint32, g.size.Residents)
	start := g.now.Add(-year - 35*day)
	for i := range g.size.Residents {
		nb := g.weighted(weights)
		p := person{nb: nb, created: g.between(start, g.now.Add(-30*day), 1), key: uuid.NewString()}
		p.id = g.id(p.created)
		g.residents = append(g.residents, p)
		g.local[nb] = append(g.local[nb], i)
		if p.created.Before(g.residents[g.earliest].created) {
			g.earliest = i
		}
		if err := g.writeResident(ctx, i, p); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) writeResident(ctx context.Context, i int, p person) error {
	nbID := g.nbs[p.nb].ID
	u := account.User{ID: p.id, DisplayName: dutchName(g.rng), NeighbourhoodID: &nbID, NeighbourhoodAsked: true,
		Role: account.Resident, CreatedAt: p.created, UpdatedAt: p.created}
	if err := put(ctx, g.db, &g.w, &g.w.users, u); err != nil {
		return err
	}
	id := account.Identity{ID: g.id(p.created), UserID: p.id, Provider: ResidentProvider,
		Subject: fmt.Sprintf("bewoner-%05d", i+1), CreatedAt: p.created, LastLoginAt: g.between(p.created, g.now, 1)}
	if err := put(ctx, g.db, &g.w, &g.w.identities, id); err != nil {
		return err
	}
	return put(ctx, g.db, &g.w, &g.w.keys, activityKeyRow{UserID: p.id, ActorKey: p.key, CreatedAt: p.created})
}

// pickResident draws a resident of neighbourhood nb (with probability
// local, otherwise of anywhere) who had joined before t; after a few
// misses it takes the resident who joined first.
func (g *generator) pickResident(nb int, local float64, t time.Time) person {
	for range 16 {
		p := g.residents[g.draw(nb, local)]
		if p.created.Before(t) {
			return p
		}
	}
	return g.residents[g.earliest]
}

func (g *generator) draw(nb int, local float64) int {
	if l := g.local[nb]; len(l) > 0 && g.rng.Float64() < local {
		return l[g.rng.IntN(len(l))]
	}
	return g.rng.IntN(len(g.residents))
}

// pickDistinct draws n different residents, most of them from nb. n is at
// most half the residents (Size.Validate), so a draw hits a new one at
// least half the time.
func (g *generator) pickDistinct(n, nb int) []person {
	g.round++
	if g.round == 0 { // wrapped: forget every old mark
		clear(g.picked)
		g.round = 1
	}
	out := make([]person, 0, n)
	fromHere, room := 0, len(g.local[nb])*3/4
	for len(out) < n {
		local := 0.7
		if fromHere >= room {
			local = 0
		}
		i := g.draw(nb, local)
		if g.picked[i] == g.round {
			continue
		}
		g.picked[i] = g.round
		if g.residents[i].nb == nb {
			fromHere++
		}
		out = append(out, g.residents[i])
	}
	return out
}
