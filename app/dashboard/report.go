package dashboard

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
)

// The figures, in the order a report lists them. Each is also a message
// key suffix ("dashboard.figure.<key>") and a CSV row name.
const (
	FigInitiativesStarted   = "initiatives_started"
	FigInitiativesActive    = "initiatives_active"
	FigInitiativesCompleted = "initiatives_completed"
	FigIdeas                = "ideas"
	FigSupports             = "supports"
	FigComments             = "comments"
	FigActivitiesHeld       = "activities_held"
	FigVolunteerSignups     = "volunteer_signups"
	FigVolunteerHours       = "volunteer_hours"
	FigParticipants         = "participants"
	FigNewParticipants      = "participants_new"
	FigReturning            = "participants_returning"
	FigIdeasPlanned         = "ideas_planned"
	FigPlannedHeld          = "ideas_planned_held"
)

// Figure is one count in the current and the previous period.
type Figure struct {
	Key               string
	People            bool // a count of people, suppressed below MinPeople
	Current, Previous Cell
}

// Change is current minus previous, or false when either is hidden: a
// change next to a hidden count would reveal it.
func (f Figure) Change() (int, bool) {
	if f.Current.Hidden || f.Previous.Hidden {
		return 0, false
	}
	return f.Current.N - f.Previous.N, true
}

// Ratio is a derived figure (per 1,000 residents, fill rate, median
// hours) that may be unknown: no data, or it would reveal a hidden count.
type Ratio struct {
	Value float64
	Known bool
}

// Report is everything the dashboard shows for one selection.
type Report struct {
	Filter   Filter
	Figures  []Figure
	Per1000  [2]Ratio // participants per 1,000 residents: current, previous
	FillRate [2]Ratio // share of volunteer task places taken
	// Responsiveness is the median number of hours from an idea to its
	// first status, over ideas proposed in the period; Answered is how
	// many of those got one.
	Responsiveness [2]Ratio
	Answered       [2]Figure
	Concentration  [2]Concentration
	Themes         []ThemeTrend
	TopIdeas       []IdeaTrend
	GrowingIdeas   []IdeaTrend
	Weeks          []Week
	Neighbourhoods []NeighbourhoodSeries
}

// Figure returns the figure with key (zero when absent).
func (r Report) Figure(key string) Figure {
	for _, f := range r.Figures {
		if f.Key == key {
			return f
		}
	}
	return Figure{Key: key}
}

// ThemeTrend is a theme's ideas and supports now and before.
type ThemeTrend struct {
	ID                uuid.UUID
	LabelNL, LabelEN  string
	Current, Previous int
}

// Growth is the change against the previous period.
func (t ThemeTrend) Growth() int { return t.Current - t.Previous }

// Label returns the theme's label in lang.
func (t ThemeTrend) Label(lang string) string {
	if lang == "en" {
		return t.LabelEN
	}
	return t.LabelNL
}

// IdeaTrend is an idea's supports in the period and the one before: each
// support is one person, so both are suppressed below MinPeople.
type IdeaTrend struct {
	ID                uuid.UUID
	Title             string
	Current, Previous Cell
}

// Week is one week of the period's time series.
type Week struct {
	Start                     time.Time
	Ideas, Supports, Comments int
	Actions                   int
	Participants              Cell
}

// NeighbourhoodSeries is one neighbourhood's actions per week, for the
// small multiples.
type NeighbourhoodSeries struct {
	ID      uuid.UUID
	Name    string
	Actions []int
	Total   int
}

// parallelQueries bounds the queries one report runs at once, so that a
// report does not take over the connection pool.
const parallelQueries = 4

// Report computes every figure of the selection f. The figures of the
// log come from its daily rollups (fromRollups) when the period is made of
// whole days, as every period of the filter is; other periods are counted
// on the log itself. The steps are independent of one another, so they
// run side by side, each on its own connection: the page waits for the
// slowest, not for their sum.
func (s *Service) Report(ctx context.Context, f Filter) (Report, error) {
	if !f.Period.wholeDays() {
		return s.reportFromLog(ctx, f)
	}
	return s.report(ctx, f, s.fromRollups, s.publicFigures, s.volunteering, s.responsiveness)
}

// reportFromLog computes the report with every aggregate on the log
// itself: for periods that do not start and end at midnight, and as the
// reference the rollups are tested against.
func (s *Service) reportFromLog(ctx context.Context, f Filter) (Report, error) {
	return s.report(ctx, f, s.logFigures, s.participants, s.publicFigures, s.volunteering,
		s.themes, s.ideas, s.weeks, s.smallMultiples, s.responsiveness)
}

func (s *Service) report(ctx context.Context, f Filter, steps ...func(context.Context, Filter, *Report) error) (Report, error) {
	parts := make([]Report, len(steps))
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	slots := make(chan struct{}, parallelQueries)
	for i, step := range steps {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			errs[i] = step(ctx, f, &parts[i])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Report{}, fmt.Errorf("dashboard report: %w", err)
	}
	r := Report{Filter: f}
	for _, p := range parts {
		r.merge(p)
	}
	// Rates need the (suppressed) participant counts.
	if err := s.ratios(ctx, f, &r); err != nil {
		return Report{}, fmt.Errorf("dashboard report: %w", err)
	}
	r.sortFigures()
	return r, nil
}

// merge takes what one step computed: each field is some step's alone.
func (r *Report) merge(p Report) {
	r.Figures = append(r.Figures, p.Figures...)
	if p.FillRate != ([2]Ratio{}) {
		r.FillRate = p.FillRate
	}
	if p.Responsiveness != ([2]Ratio{}) || p.Answered[0].Key != "" {
		r.Responsiveness, r.Answered = p.Responsiveness, p.Answered
	}
	if p.Concentration != ([2]Concentration{}) {
		r.Concentration = p.Concentration
	}
	r.Themes = append(r.Themes, p.Themes...)
	r.TopIdeas = append(r.TopIdeas, p.TopIdeas...)
	r.GrowingIdeas = append(r.GrowingIdeas, p.GrowingIdeas...)
	r.Weeks = append(r.Weeks, p.Weeks...)
	r.Neighbourhoods = append(r.Neighbourhoods, p.Neighbourhoods...)
}

// order is the order of the figures in a report.
var order = []string{
	FigInitiativesStarted, FigInitiativesActive, FigInitiativesCompleted, FigIdeas, FigSupports,
	FigComments, FigActivitiesHeld, FigVolunteerSignups, FigVolunteerHours, FigParticipants,
	FigNewParticipants, FigReturning, FigIdeasPlanned, FigPlannedHeld,
}

func (r *Report) sortFigures() {
	byKey := map[string]Figure{}
	for _, f := range r.Figures {
		byKey[f.Key] = f
	}
	r.Figures = r.Figures[:0]
	for _, k := range order {
		if f, ok := byKey[k]; ok {
			r.Figures = append(r.Figures, f)
		}
	}
}

func (r *Report) add(key string, cur, prev int) {
	r.Figures = append(r.Figures, Figure{Key: key, Current: Shown(cur), Previous: Shown(prev)})
}

func (r *Report) addPeople(key string, cur, prev int) {
	r.Figures = append(r.Figures, Figure{Key: key, People: true, Current: People(cur), Previous: People(prev)})
}
