package demo

import (
	"context"
	"database/sql"
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
	events []event // the activity log, written last in time order
	w      writer
	db     bun.Tx
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
	p, ok, err := demoOrganiser(ctx, bdb, g)
	if ok {
		g.organiser = &p
	}
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

// demoOrganiser finds the demo user who organises initiatives; ok is false
// when Seed did not make them.
func demoOrganiser(ctx context.Context, bdb *bun.DB, g *generator) (p person, ok bool, err error) {
	var u account.User
	err = bdb.NewSelect().Model(&u).
		Where("id = (?)", bdb.NewSelect().Model((*account.Identity)(nil)).Column("user_id").
			Where("provider = ? AND subject = ?", DemoProvider, organiserSubject)).
		Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return person{}, false, nil
	}
	if err != nil {
		return person{}, false, fmt.Errorf("demo organiser: %w", err)
	}
	// The persona has been around for years, whenever Seed made the account.
	p = person{id: u.ID, created: g.now.Add(-2 * year)}
	for i, n := range g.nbs {
		if u.NeighbourhoodID != nil && n.ID == *u.NeighbourhoodID {
			p.nb = i
		}
	}
	return p, true, nil
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
	if err := g.writeEvents(ctx); err != nil {
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
