package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Size says how much participation SeedParticipation makes.
type Size struct {
	// Neighbourhoods to spread it over; missing ones are added (benchmark
	// sizes only: the demo municipality has eight).
	Neighbourhoods int
	Residents      int
	Initiatives    int
	Ideas          int
	Supports       int
	Comments       int
}

// DemoSize is what `seed --demo` adds: a living demo municipality.
var DemoSize = Size{Neighbourhoods: 8, Residents: 300, Initiatives: 12, Ideas: 100, Supports: 3000, Comments: 1500}

// BenchSize is a large municipality for the load generator.
var BenchSize = Size{Neighbourhoods: 50, Residents: 20000, Initiatives: 2000, Ideas: 100000, Supports: 1000000, Comments: 150000}

// The shape of every size: the first initiative of the catalogue is the
// showcase, with at least ShowcaseIdeas ideas (one full page), and its
// first idea has exactly ShowcaseComments comments while no other idea has
// more than maxOtherComments.
const (
	ShowcaseIdeas    = 20
	ShowcaseComments = 50
	maxOtherComments = 40
	minResidents     = 10
)

// ResidentProvider is the login provider of the demo residents. They have
// no way to log in: the demo login lists only DemoProvider's users.
const ResidentProvider = "demo-resident"

// ParticipationResult counts what SeedParticipation added. It is all zero
// when the database already had initiatives and nothing was done.
type ParticipationResult struct {
	Neighbourhoods int // added for a size larger than the municipality
	Residents      int
	Initiatives    int
	Organisers     int
	Follows        int
	Updates        int
	Ideas          int
	StatusChanges  int
	Supports       int
	Comments       int
	Activity       int
}

// Validate reports a size that cannot be made: too few residents for the
// supports (each resident supports an idea once) or too many comments for
// the showcase to stay the most discussed idea.
func (s Size) Validate() error {
	switch {
	case s.Neighbourhoods < 1 || s.Initiatives < 1:
		return errors.New("demo size: at least one neighbourhood and one initiative")
	case s.Residents < minResidents:
		return fmt.Errorf("demo size: at least %d residents", minResidents)
	case s.Ideas < s.Initiatives:
		return errors.New("demo size: at least one idea per initiative")
	case s.Supports < 0 || s.Supports > s.Ideas*maxSupportsPerIdea(s.Residents):
		return errors.New("demo size: more supports than residents can give")
	case s.Comments < 0 || s.Comments > ShowcaseComments+(s.Ideas-1)*maxOtherComments:
		return errors.New("demo size: too many comments for the showcase idea to lead")
	}
	return nil
}

// maxSupportsPerIdea leaves room to draw distinct supporters quickly.
func maxSupportsPerIdea(residents int) int { return residents / 2 }

// SeedParticipation fills the database with residents, initiatives, ideas,
// supports, comments, follows and updates of the given size, spread over
// the year before now, with exact counters and an activity-log row for
// every act. It does nothing when any initiative exists, so running it
// twice changes nothing. The settings, neighbourhoods, themes and demo
// users of Seed should be there first; the demo organiser then runs two
// initiatives. The choices are pseudo-random from a fixed seed, so one size
// and one now always give the same data.
//
// Rows are written in batches inside one transaction: the demo size takes
// under a second, BenchSize (3.5 million rows) about 80 s on two cores.
func SeedParticipation(ctx context.Context, bdb *bun.DB, size Size, now time.Time) (ParticipationResult, error) {
	if err := size.Validate(); err != nil {
		return ParticipationResult{}, err
	}
	exists, err := bdb.NewSelect().Table("initiatives").Exists(ctx)
	if err != nil || exists {
		return ParticipationResult{}, err
	}
	now = now.UTC().Truncate(time.Millisecond)
	m := municipality.NewService(bdb, func() time.Time { return now })
	added, err := ensureNeighbourhoods(ctx, m, size.Neighbourhoods)
	if err != nil {
		return ParticipationResult{}, err
	}
	g, err := newGenerator(ctx, bdb, m, size, now)
	if err != nil {
		return ParticipationResult{}, err
	}
	if err := inBulkTx(ctx, bdb, g.run); err != nil {
		return ParticipationResult{}, fmt.Errorf("seed participation: %w", err)
	}
	r := g.result()
	r.Neighbourhoods = added
	return r, nil
}

// ensureNeighbourhoods adds fictional neighbourhoods until there are n.
func ensureNeighbourhoods(ctx context.Context, m *municipality.Service, n int) (int, error) {
	have, err := m.CountNeighbourhoods(ctx)
	if err != nil {
		return 0, err
	}
	added := 0
	for i := 0; have+added < n; i++ {
		name := extraNeighbourhoodName(i)
		cbs, pop := fmt.Sprintf("BU9999%04d", 101+i), 1500+(i*379)%3500
		ok, err := m.EnsureNeighbourhood(ctx, municipality.Neighbourhood{
			Slug: initiative.Slugify(name), Name: name, CBSCode: &cbs, Population: &pop,
		})
		if err != nil {
			return added, err
		}
		added += count(ok)
	}
	return added, nil
}
