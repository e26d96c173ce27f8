package demo

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/initiative"
)

const day = 24 * time.Hour

// plannedInitiative is what the ideas of an initiative need to know of it.
type plannedInitiative struct {
	k          int // position in the catalogue order; 0 is the showcase
	id         uuid.UUID
	nb         int
	created    time.Time
	themes     []uuid.UUID
	organisers []person
	ideas      int
	text       initiativeText
}

func (p *plannedInitiative) nbID(g *generator) uuid.UUID { return g.nbs[p.nb].ID }

// makeInitiatives writes every initiative with its themes, organisers,
// followers and updates, and returns them for the ideas.
func (g *generator) makeInitiatives(ctx context.Context) ([]*plannedInitiative, error) {
	perInitiative, err := g.planIdeaCounts()
	if err != nil {
		return nil, err
	}
	cat := catalogue()
	slugs := map[string]bool{}
	out := make([]*plannedInitiative, 0, g.size.Initiatives)
	for k := range g.size.Initiatives {
		p := &plannedInitiative{k: k, text: cat[k%len(cat)], ideas: perInitiative[k]}
		ini := g.initiativeRow(p, k < len(cat))
		ini.Slug = uniqueSlug(slugs, initiative.Slugify(ini.Title))
		if err := g.writeInitiative(ctx, p, ini); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// planIdeaCounts gives every initiative at least one idea and the showcase
// a full page of them, and spreads the rest.
func (g *generator) planIdeaCounts() ([]int, error) {
	n := g.size.Initiatives
	weights, caps := make([]float64, n), make([]int, n)
	for k := range n {
		weights[k], caps[k] = 0.5+g.rng.Float64()*1.5, g.size.Ideas
	}
	extra := min(ShowcaseIdeas-1, g.size.Ideas-n)
	counts, err := allocate(g.size.Ideas-n-extra, weights, caps)
	if err != nil {
		return nil, err
	}
	for k := range counts {
		counts[k]++
	}
	counts[0] += extra
	return counts, nil
}

// initiativeRow fills in the initiative: the catalogue's own for the first
// dozen, the catalogue again in other neighbourhoods after that.
func (g *generator) initiativeRow(p *plannedInitiative, own bool) initiative.Initiative {
	t := p.text
	ini := initiative.Initiative{Summary: t.summary, Description: t.description, Status: initiative.Active}
	if own {
		p.nb = g.nbIndex(t.neighbourhood, p.k)
		ini.Title = t.title
		p.created = g.between(g.now.Add(-time.Duration(t.startedDaysAgo)*day), g.now.Add(-time.Duration(t.startedDaysAgo-3)*day), 1)
		ini.Status = initiative.Status(t.status)
		ini.WebsiteURL, ini.FacebookURL, ini.InstagramURL, ini.WhatsAppURL = t.website, t.facebook, t.instagram, t.whatsapp
	} else {
		p.nb = p.k % len(g.nbs)
		ini.Title = t.short + " " + g.nbs[p.nb].Name
		p.created = g.between(g.now.Add(-year+5*day), g.now.Add(-20*day), 1)
		ini.Status = g.someStatus()
	}
	p.id = g.id(p.created)
	for _, slug := range t.themes {
		if th, ok := g.themeBy[slug]; ok {
			p.themes = append(p.themes, th.ID)
		}
	}
	if len(p.themes) == 0 {
		p.themes = []uuid.UUID{g.themes[g.rng.IntN(len(g.themes))].ID}
	}
	creator := g.pickResident(p.nb, 0.8, p.created)
	if own && t.organiser && g.organiser != nil {
		creator = *g.organiser
	}
	p.organisers = []person{creator}
	ini.ID, ini.NeighbourhoodID, ini.CreatedBy = p.id, p.nbID(g), &creator.id
	ini.IdeasCount, ini.CreatedAt, ini.UpdatedAt = p.ideas, p.created, p.created
	return ini
}

// nbIndex finds the catalogue's neighbourhood among those in use, or
// spreads the initiative over them when it is not there.
func (g *generator) nbIndex(slug string, k int) int {
	for i, n := range g.nbs {
		if n.Slug == slug {
			return i
		}
	}
	return k % len(g.nbs)
}

// someStatus is mostly active, as on a real site.
func (g *generator) someStatus() initiative.Status {
	switch x := g.rng.IntN(100); {
	case x < 88:
		return initiative.Active
	case x < 92:
		return initiative.Paused
	case x < 97:
		return initiative.Completed
	}
	return initiative.Archived
}

// uniqueSlug returns base, or base-2, base-3, … when it is taken.
func uniqueSlug(taken map[string]bool, base string) string {
	s := base
	for n := 2; taken[s]; n++ {
		suffix := "-" + strconv.Itoa(n)
		s = base[:min(len(base), initiative.SlugMax-len(suffix))] + suffix
	}
	taken[s] = true
	return s
}

func (g *generator) writeInitiative(ctx context.Context, p *plannedInitiative, ini initiative.Initiative) error {
	followers := g.pickDistinct(g.followerCount(), p.nb)
	ini.FollowersCount = len(followers)
	if err := put(ctx, g.db, &g.w, &g.w.initiatives, ini); err != nil {
		return err
	}
	creator := p.organisers[0]
	g.log(activity.InitiativeCreated, creator, p.created, p.nbID(g), p.id, nil, &p.themes[0])
	for _, th := range p.themes {
		if err := put(ctx, g.db, &g.w, &g.w.themes, initiativeThemeRow{InitiativeID: p.id, ThemeID: th}); err != nil {
			return err
		}
	}
	if err := g.writeOrganisers(ctx, p); err != nil {
		return err
	}
	for _, f := range followers {
		at := g.later(latest(p.created, f.created))
		if err := put(ctx, g.db, &g.w, &g.w.follows, followRow{InitiativeID: p.id, UserID: f.id, CreatedAt: at}); err != nil {
			return err
		}
		g.log(activity.Followed, f, at, p.nbID(g), p.id, nil, nil)
	}
	return g.writeUpdates(ctx, p)
}

func (g *generator) followerCount() int {
	return min(maxSupportsPerIdea(g.size.Residents), 3+g.rng.IntN(40))
}

// writeOrganisers adds the creator and, for about a third of the
// initiatives, a co-organiser who joined within the first month.
func (g *generator) writeOrganisers(ctx context.Context, p *plannedInitiative) error {
	creator := p.organisers[0]
	if err := put(ctx, g.db, &g.w, &g.w.organisers, organiserRow{InitiativeID: p.id, UserID: creator.id, CreatedAt: p.created}); err != nil {
		return err
	}
	if g.rng.IntN(3) != 0 {
		return nil
	}
	co := g.pickResident(p.nb, 0.8, g.now)
	if co.id == creator.id {
		return nil
	}
	joined := g.between(latest(p.created, co.created), latest(p.created, co.created).Add(30*day), 1)
	if joined.After(g.now) {
		joined = g.now.Add(-time.Hour)
	}
	p.organisers = append(p.organisers, co)
	return put(ctx, g.db, &g.w, &g.w.organisers, organiserRow{InitiativeID: p.id, UserID: co.id, CreatedAt: joined})
}

// writeUpdates posts a few updates; the demo organiser's initiatives always
// have some.
func (g *generator) writeUpdates(ctx context.Context, p *plannedInitiative) error {
	n := g.rng.IntN(4)
	if g.organiser != nil && p.organisers[0].id == g.organiser.id {
		n = 2 + g.rng.IntN(2)
	}
	first := g.rng.IntN(len(updateBodies))
	for j := range n {
		author := p.organisers[g.rng.IntN(len(p.organisers))]
		at := g.between(latest(p.created, author.created).Add(day), g.now.Add(-time.Hour), 1)
		up := initiative.Update{ID: g.id(at), InitiativeID: p.id, AuthorID: &author.id,
			Body: updateBodies[(first+j)%len(updateBodies)], CreatedAt: at}
		if err := put(ctx, g.db, &g.w, &g.w.updates, up); err != nil {
			return err
		}
		g.log(activity.UpdatePosted, author, at, p.nbID(g), p.id, nil, nil)
	}
	return nil
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
