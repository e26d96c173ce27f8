package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/dashboard"
)

// jsonCell is a count in the JSON export: hidden counts ("< 5") have no
// number, only "hidden": true.
type jsonCell struct {
	N      *int `json:"n"`
	Hidden bool `json:"hidden,omitempty"`
}

func cellJSON(c dashboard.Cell) jsonCell {
	if c.Hidden {
		return jsonCell{Hidden: true}
	}
	n := c.N
	return jsonCell{N: &n}
}

func ratioJSON(r dashboard.Ratio) *float64 {
	if !r.Known {
		return nil
	}
	v := r.Value
	return &v
}

type jsonFigure struct {
	Key      string   `json:"key"`
	Current  jsonCell `json:"current"`
	Previous jsonCell `json:"previous"`
}

type jsonMeasure struct {
	Key      string   `json:"key"`
	Current  *float64 `json:"current"`
	Previous *float64 `json:"previous"`
}

type jsonWeek struct {
	Start        string   `json:"start"`
	Ideas        int      `json:"ideas"`
	Supports     int      `json:"supports"`
	Comments     int      `json:"comments"`
	Actions      int      `json:"actions"`
	Participants jsonCell `json:"participants"`
}

type jsonIdea struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	Current  jsonCell `json:"current"`
	Previous jsonCell `json:"previous"`
}

type jsonReport struct {
	From         string        `json:"from"`
	To           string        `json:"to"` // the last day included
	Figures      []jsonFigure  `json:"figures"`
	Measures     []jsonMeasure `json:"measures"`
	Weeks        []jsonWeek    `json:"weeks"`
	TopIdeas     []jsonIdea    `json:"top_ideas"`
	GrowingIdeas []jsonIdea    `json:"growing_ideas"`
}

// dashboardJSON downloads the figures of the selection as JSON: the same
// numbers as the page and the CSV.
func (s *Server) dashboardJSON(c echo.Context) error {
	r, err := s.reportOf(c)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="dashboard.json"`)
	return c.JSON(http.StatusOK, s.reportJSON(r))
}

// reportJSON is r as the JSON export and the API give it: suppressed
// counts stay hidden.
func (s *Server) reportJSON(r dashboard.Report) jsonReport {
	out := jsonReport{From: r.Filter.Period.From.Format(time.DateOnly),
		To: r.Filter.Period.To.AddDate(0, 0, -1).Format(time.DateOnly)}
	for _, f := range r.Figures {
		out.Figures = append(out.Figures, jsonFigure{Key: f.Key, Current: cellJSON(f.Current), Previous: cellJSON(f.Previous)})
	}
	concentration := func(get func(dashboard.Concentration) float64) [2]dashboard.Ratio {
		var rs [2]dashboard.Ratio
		for i, c := range r.Concentration {
			rs[i] = dashboard.Ratio{Value: get(c), Known: c.Known}
		}
		return rs
	}
	for key, rs := range map[string][2]dashboard.Ratio{
		"per_1000": r.Per1000, "fill_rate": r.FillRate, "median_hours": r.Responsiveness,
		"top_share": concentration(func(c dashboard.Concentration) float64 { return c.TopShare }),
		"gini":      concentration(func(c dashboard.Concentration) float64 { return c.Gini }),
	} {
		out.Measures = append(out.Measures, jsonMeasure{Key: key, Current: ratioJSON(rs[0]), Previous: ratioJSON(rs[1])})
	}
	sortMeasures(out.Measures)
	for _, w := range r.Weeks {
		out.Weeks = append(out.Weeks, jsonWeek{Start: w.Start.Format(time.DateOnly), Ideas: w.Ideas, Supports: w.Supports,
			Comments: w.Comments, Actions: w.Actions, Participants: cellJSON(w.Participants)})
	}
	out.TopIdeas, out.GrowingIdeas = s.ideasJSON(r.TopIdeas), s.ideasJSON(r.GrowingIdeas)
	return out
}

func (s *Server) ideasJSON(ideas []dashboard.IdeaTrend) []jsonIdea {
	out := []jsonIdea{}
	for _, it := range ideas {
		out = append(out, jsonIdea{ID: it.ID.String(), Title: it.Title, URL: s.absURL("/idee/" + it.ID.String()),
			Current: cellJSON(it.Current), Previous: cellJSON(it.Previous)})
	}
	return out
}

// sortMeasures puts the measures in the page's order.
func sortMeasures(ms []jsonMeasure) {
	order := map[string]int{"per_1000": 0, "top_share": 1, "gini": 2, "fill_rate": 3, "median_hours": 4}
	slices.SortFunc(ms, func(a, b jsonMeasure) int { return order[a.Key] - order[b.Key] })
}
