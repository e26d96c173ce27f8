package demo

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/idea"
)

// plannedIdea is an idea before it is written: where and when.
type plannedIdea struct {
	ini      *plannedInitiative
	j        int // its number within the initiative
	created  time.Time
	showcase bool
}

// makeIdeas writes every idea with its status history, supports and
// comments, oldest first.
func (g *generator) makeIdeas(ctx context.Context, inis []*plannedInitiative) error {
	planned := g.planIdeas(inis)
	supports, comments, err := g.planTalk(planned)
	if err != nil {
		return err
	}
	generic := genericIdeas()
	for i, p := range planned {
		if err := g.writeIdea(ctx, p, ideaTextFor(p, generic), supports[i], comments[i]); err != nil {
			return err
		}
	}
	return nil
}

// planIdeas places every idea in time after its initiative started; the
// showcase idea comes in the first days, so its discussion is long over.
func (g *generator) planIdeas(inis []*plannedInitiative) []plannedIdea {
	var out []plannedIdea
	for _, ini := range inis {
		lo := ini.created.Add(time.Hour)
		for j := range ini.ideas {
			p := plannedIdea{ini: ini, j: j, created: g.between(lo, g.now.Add(-2*time.Hour), 1)}
			if ini.k == 0 && j == 0 {
				p.created, p.showcase = g.between(lo, lo.Add(2*day), 1), true
			}
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].created.Before(out[b].created) })
	return out
}

// planTalk decides how many supports and comments each idea gets: a few
// ideas draw most of them, older ideas have had more time, and comments
// follow supports. The totals are exactly the size's.
func (g *generator) planTalk(ideas []plannedIdea) (supports, comments []int, err error) {
	n := len(ideas)
	weights, caps := make([]float64, n), make([]int, n)
	showcase := -1
	for i, p := range ideas {
		age := g.now.Sub(p.created).Hours() / year.Hours()
		weights[i] = math.Exp(g.rng.NormFloat64()) * math.Sqrt(age+0.05)
		caps[i] = maxSupportsPerIdea(g.size.Residents)
		if p.showcase {
			weights[i] *= 4
			showcase = i
		}
	}
	if supports, err = allocate(g.size.Supports, weights, caps); err != nil {
		return nil, nil, err
	}
	first := min(ShowcaseComments, g.size.Comments)
	for i := range ideas {
		weights[i] = math.Sqrt(float64(supports[i])+1) * math.Exp(0.5*g.rng.NormFloat64())
		caps[i] = maxOtherComments
		if i == showcase {
			weights[i], caps[i] = 0, 0
		}
	}
	if comments, err = allocate(g.size.Comments-first, weights, caps); err != nil {
		return nil, nil, err
	}
	if showcase >= 0 {
		comments[showcase] = first
	}
	return supports, comments, nil
}

// ideaTextFor takes the initiative's own ideas first, then generic ones.
func ideaTextFor(p plannedIdea, generic []ideaText) ideaText {
	own := p.ini.text.ideas
	if p.j < len(own) {
		return own[p.j]
	}
	return generic[(p.ini.k*7+p.j-len(own))%len(generic)]
}

// ideaWrite is one idea with everything that hangs under it.
type ideaWrite struct {
	idea       idea.Idea
	author     person
	history    []idea.StatusChange
	supporters []person
	withdrawn  []person
	comments   []idea.Comment
	commenters []person
}

func (g *generator) writeIdea(ctx context.Context, p plannedIdea, text ideaText, supports, comments int) error {
	ini := p.ini
	w := ideaWrite{author: g.pickResident(ini.nb, 0.7, p.created)}
	w.idea = idea.Idea{ID: g.id(p.created), InitiativeID: ini.id, NeighbourhoodID: ini.nbID(g), AuthorID: &w.author.id, Title: text.title,
		Description: text.description, ThemeID: g.ideaTheme(ini), Status: idea.Open,
		SupportsCount: supports, CreatedAt: p.created, UpdatedAt: p.created}
	g.planHistory(p, &w)
	withdrawals := min(supports/25+count(g.rng.IntN(25) < supports%25), maxSupportsPerIdea(g.size.Residents)-supports)
	people := g.pickDistinct(supports+max(withdrawals, 0), ini.nb)
	w.supporters, w.withdrawn = people[:supports], people[supports:]
	g.planComments(p, comments, &w)
	return g.writeIdeaRows(ctx, ini, &w)
}

// ideaTheme is mostly the initiative's main theme, sometimes another of
// its themes, sometimes none.
func (g *generator) ideaTheme(ini *plannedInitiative) *uuid.UUID {
	var id uuid.UUID
	switch x := g.rng.IntN(10); {
	case x < 6:
		id = ini.themes[0]
	case x < 8:
		id = ini.themes[g.rng.IntN(len(ini.themes))]
	default:
		return nil
	}
	return &id
}

// statusPaths are the histories that end in each status an organiser can
// give; an idea gets one of those ending in its final status.
var statusPaths = [][]idea.Status{
	{idea.Considering},
	{idea.Considering, idea.Planned}, {idea.Planned},
	{idea.Planned, idea.Done}, {idea.Considering, idea.Planned, idea.Done},
	{idea.NotNow}, {idea.Considering, idea.NotNow},
}

// planHistory gives about half of the ideas older than two weeks a status
// with reasons; the showcase idea is planned, as in journey 3.
func (g *generator) planHistory(p plannedIdea, w *ideaWrite) {
	var path []idea.Status
	switch {
	case p.showcase:
		path = statusPaths[1]
	case g.now.Sub(p.created) < 14*day || g.rng.IntN(2) == 0:
		return
	default:
		path = statusPaths[g.rng.IntN(len(statusPaths))]
	}
	times := make([]time.Time, len(path))
	for i := range times {
		times[i] = g.between(p.created.Add(day), g.now.Add(-time.Hour), 1)
	}
	sort.Slice(times, func(a, b int) bool { return times[a].Before(times[b]) })
	for i, st := range path {
		by := p.ini.organisers[g.rng.IntN(len(p.ini.organisers))]
		reasons := statusReasons[string(st)]
		w.history = append(w.history, idea.StatusChange{ID: g.id(times[i]), IdeaID: w.idea.ID, Status: st,
			Reason: reasons[g.rng.IntN(len(reasons))], ChangedBy: &by.id, CreatedAt: times[i]})
	}
	last := w.history[len(w.history)-1]
	w.idea.Status, w.idea.StatusReason, w.idea.UpdatedAt = last.Status, last.Reason, last.CreatedAt
	w.idea.FirstStatusAt = &w.history[0].CreatedAt
}

// planComments writes a discussion of n comments in the two months after
// the idea, about a third of them replies (one level deep), some from the
// organisers. A few were later removed by their author or hidden by an
// organiser, except under the showcase idea; those do not count.
func (g *generator) planComments(p plannedIdea, n int, w *ideaWrite) {
	window := 60 * day
	if p.showcase {
		window = 30 * day
	}
	end := p.created.Add(window)
	if end.After(g.now) {
		end = g.now.Add(-time.Minute)
	}
	times := make([]time.Time, n)
	for i := range times {
		times[i] = g.between(p.created.Add(time.Minute), end, 1)
	}
	sort.Slice(times, func(a, b int) bool { return times[a].Before(times[b]) })
	var threads []uuid.UUID
	for i, t := range times {
		c := idea.Comment{ID: g.id(t), IdeaID: w.idea.ID, CreatedAt: t, UpdatedAt: t}
		var author person
		if i > 0 && g.rng.IntN(100) < 35 {
			parent := threads[g.rng.IntN(len(threads))]
			c.ParentID, c.Body = &parent, replyBody(g.rng)
			author = g.pickResident(p.ini.nb, 0.6, t)
			if g.rng.IntN(10) < 3 {
				author = p.ini.organisers[0]
			}
		} else {
			threads = append(threads, c.ID)
			c.Body, author = commentBody(g.rng), g.pickResident(p.ini.nb, 0.6, t)
		}
		c.AuthorID = &author.id
		if !p.showcase {
			g.maybeConceal(&c, p.ini)
		}
		if c.Visible() {
			w.idea.CommentsCount++
		}
		w.comments, w.commenters = append(w.comments, c), append(w.commenters, author)
	}
}

// maybeConceal has the author remove about 2 in 100 comments and an
// organiser hide about 1 in 100.
func (g *generator) maybeConceal(c *idea.Comment, ini *plannedInitiative) {
	switch x := g.rng.IntN(100); {
	case x < 2:
		at := c.CreatedAt.Add(10 * time.Minute)
		if at.After(g.now) {
			at = g.now
		}
		c.DeletedAt = &at
	case x < 3:
		c.HiddenReason, c.HiddenBy = hideReason, &ini.organisers[0].id
	}
}

// writeIdeaRows queues the idea before the rows that refer to it, with an
// activity-log row for every act.
func (g *generator) writeIdeaRows(ctx context.Context, ini *plannedInitiative, w *ideaWrite) error {
	it, nb := w.idea, ini.nbID(g)
	if err := put(ctx, g.db, &g.w, &g.w.ideas, it); err != nil {
		return err
	}
	g.log(activity.IdeaCreated, w.author, it.CreatedAt, nb, ini.id, &it.ID, it.ThemeID)
	for _, h := range w.history {
		if err := put(ctx, g.db, &g.w, &g.w.statusChanges, h); err != nil {
			return err
		}
	}
	for _, s := range w.supporters {
		at := g.later(latest(it.CreatedAt, s.created))
		if err := put(ctx, g.db, &g.w, &g.w.supports, supportRow{IdeaID: it.ID, UserID: s.id, CreatedAt: at}); err != nil {
			return err
		}
		g.log(activity.SupportGiven, s, at, nb, ini.id, &it.ID, it.ThemeID)
	}
	if err := g.writeWithdrawn(ctx, ini, w); err != nil {
		return err
	}
	for i, c := range w.comments {
		if err := put(ctx, g.db, &g.w, &g.w.comments, c); err != nil {
			return err
		}
		g.log(activity.CommentPosted, w.commenters[i], c.CreatedAt, nb, ini.id, &it.ID, it.ThemeID)
	}
	return nil
}

// writeWithdrawn logs supports that were given and later taken back: they
// leave two log rows and no support.
func (g *generator) writeWithdrawn(ctx context.Context, ini *plannedInitiative, w *ideaWrite) error {
	it, nb := w.idea, ini.nbID(g)
	for _, s := range w.withdrawn {
		given := g.later(latest(it.CreatedAt, s.created))
		taken := g.later(given)
		g.log(activity.SupportGiven, s, given, nb, ini.id, &it.ID, it.ThemeID)
		g.log(activity.SupportWithdrawn, s, taken, nb, ini.id, &it.ID, it.ThemeID)
	}
	return nil
}
