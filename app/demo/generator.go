package demo

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// seed makes every run with the same size and clock produce the same data.
const seed = 20261125

// year is how far back the participation goes.
const year = 365 * 24 * time.Hour

// person is someone who takes part: a demo resident or the demo organiser.
type person struct {
	id      uuid.UUID
	nb      int // index into generator.nbs
	created time.Time
	key     string // pseudonymous activity key
}

// generator makes the participation of one SeedParticipation call and
// writes it through its batched writer.
type generator struct {
	rng       *rand.Rand
	now       time.Time
	size      Size
	nbs       []municipality.Neighbourhood
	themes    []municipality.Theme
	themeBy   map[string]municipality.Theme
	organiser *person // the demo organiser, nil when Seed did not run
	residents []person
	local     [][]int // resident indices per neighbourhood
	earliest  int     // index of the resident who joined first
	// picked marks residents already drawn in round (see pickDistinct).
	picked []uint32
	round  uint32
	w      writer
	db     bun.IDB
}

func newGenerator(ctx context.Context, bdb *bun.DB, m *municipality.Service, size Size, now time.Time) (*generator, error) {
	g := &generator{rng: rand.New(rand.NewPCG(seed, uint64(size.Residents))), now: now, size: size}
	nbs, err := m.ListNeighbourhoods(ctx)
	if err != nil {
		return nil, err
	}
	g.nbs = nbs[:min(len(nbs), size.Neighbourhoods)]
	if g.themes, err = ensureThemes(ctx, m); err != nil {
		return nil, err
	}
	g.themeBy = make(map[string]municipality.Theme, len(g.themes))
	for _, t := range g.themes {
		g.themeBy[t.Slug] = t
	}
	g.organiser, err = demoOrganiser(ctx, bdb, g)
	return g, err
}

func ensureThemes(ctx context.Context, m *municipality.Service) ([]municipality.Theme, error) {
	ts, err := m.ListThemes(ctx)
	if err != nil || len(ts) > 0 {
		return ts, err
	}
	for _, t := range Themes() {
		if _, err := m.EnsureTheme(ctx, t); err != nil {
			return nil, err
		}
	}
	return m.ListThemes(ctx)
}

// demoOrganiser finds the demo user who organises initiatives, if Seed
// made them.
func demoOrganiser(ctx context.Context, bdb *bun.DB, g *generator) (*person, error) {
	var u account.User
	err := bdb.NewSelect().Model(&u).
		Where("id = (?)", bdb.NewSelect().Model((*account.Identity)(nil)).Column("user_id").
			Where("provider = ? AND subject = ?", DemoProvider, organiserSubject)).
		Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("demo organiser: %w", err)
	}
	// The persona has been around for years, whenever Seed made the account.
	p := &person{id: u.ID, nb: 0, created: g.now.Add(-2 * year)}
	for i, n := range g.nbs {
		if u.NeighbourhoodID != nil && n.ID == *u.NeighbourhoodID {
			p.nb = i
		}
	}
	return p, nil
}

// organiserSubject is the demo user who runs two demo initiatives.
const organiserSubject = "initiatiefnemer"

// run makes and writes everything inside tx.
func (g *generator) run(ctx context.Context, tx bun.Tx) error {
	g.db = tx
	if g.organiser != nil {
		key, err := activity.KeyOf(ctx, tx, g.organiser.id, g.now)
		if err != nil {
			return err
		}
		g.organiser.key = key
	}
	if err := g.makeResidents(ctx); err != nil {
		return err
	}
	inis, err := g.makeInitiatives(ctx)
	if err != nil {
		return err
	}
	if err := g.makeIdeas(ctx, inis); err != nil {
		return err
	}
	return g.w.flush(ctx, tx)
}

func (g *generator) result() ParticipationResult {
	w := &g.w
	return ParticipationResult{
		Residents: w.users.written, Initiatives: w.initiatives.written, Organisers: w.organisers.written,
		Follows: w.follows.written, Updates: w.updates.written, Ideas: w.ideas.written,
		StatusChanges: w.statusChanges.written, Supports: w.supports.written, Comments: w.comments.written,
		Activity: w.activity.written,
	}
}

// makeResidents adds the residents, each with a login identity that only
// the seed knows and an activity key, spread over the neighbourhoods in
// proportion to their population. They joined over the 13 months before
// the last month.
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
	start := g.now.Add(-year - 35*24*time.Hour)
	for i := range g.size.Residents {
		nb := g.weighted(weights)
		p := person{id: uuid.Nil, nb: nb, created: g.between(start, g.now.Add(-30*24*time.Hour), 1), key: uuid.NewString()}
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

// log queues the activity-log row of an act.
func (g *generator) log(ctx context.Context, kind activity.Kind, p person, at time.Time, nb, ini uuid.UUID, ideaID, theme *uuid.UUID) error {
	ev := activity.Event{ID: g.id(at), ActorKey: p.key, Kind: kind, NeighbourhoodID: &nb, InitiativeID: &ini,
		IdeaID: ideaID, ThemeID: theme, CreatedAt: at}
	return put(ctx, g.db, &g.w, &g.w.activity, ev)
}

// between returns a time in [lo, hi), to the millisecond. skew above 1
// favours times close to lo (most support comes soon after an idea).
func (g *generator) between(lo, hi time.Time, skew int) time.Time {
	d := hi.Sub(lo)
	if d <= time.Millisecond {
		return lo
	}
	u := g.rng.Float64()
	for range skew - 1 {
		u *= g.rng.Float64()
	}
	return lo.Add(time.Duration(float64(d) * u)).Truncate(time.Millisecond)
}

// later is a time after lo and before now, favouring soon after lo.
func (g *generator) later(lo time.Time) time.Time {
	return g.between(lo.Add(time.Minute), g.now.Add(-time.Minute), 2)
}

// id makes a UUIDv7 for a row made at t: its time part is t, so ids sort
// like the rows' times, as ids made at the moment would.
func (g *generator) id(t time.Time) uuid.UUID {
	var u uuid.UUID
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(t.UnixMilli()))
	copy(u[:6], ms[2:])
	binary.BigEndian.PutUint64(u[8:], g.rng.Uint64())
	r := g.rng.Uint32()
	u[6] = 0x70 | byte(r&0x0f) // version 7
	u[7] = byte(r >> 8)
	u[8] = 0x80 | u[8]&0x3f // RFC 4122 variant
	return u
}

// weighted draws an index with probability proportional to its weight.
func (g *generator) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := g.rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
