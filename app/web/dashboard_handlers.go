package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// The comparison modes of the dashboard.
const (
	compareNeighbourhoods = "buurten"
	comparePeriods        = "perioden"
)

// dashboardQuery is the dashboard's filter as the form sends it (GET, so
// every view has an address that can be bookmarked, saved or printed).
type dashboardQuery struct {
	Neighbourhoods, Themes []string
	Period, From, To       string
	Compare, A, B          string
	From2, To2             string
}

func readDashboardQuery(v url.Values) dashboardQuery {
	return dashboardQuery{
		Neighbourhoods: v["buurt"], Themes: v["thema"], Period: v.Get("periode"),
		From: v.Get("van"), To: v.Get("tot"), Compare: v.Get("vergelijk"),
		A: v.Get("buurt_a"), B: v.Get("buurt_b"), From2: v.Get("van2"), To2: v.Get("tot2"),
	}
}

// Encode is the query string of q, for export links and presets.
func (q dashboardQuery) Encode() string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	v["buurt"], v["thema"] = q.Neighbourhoods, q.Themes
	set("periode", q.Period)
	set("van", q.From)
	set("tot", q.To)
	set("vergelijk", q.Compare)
	set("buurt_a", q.A)
	set("buurt_b", q.B)
	set("van2", q.From2)
	set("tot2", q.To2)
	return v.Encode()
}

// selection is a parsed query: the main filter, the comparison's second
// filter (nil without comparison), and whether unknown ids were dropped.
type selection struct {
	Main, Other *dashboard.Filter
	Ignored     bool
}

// choices are the neighbourhoods and themes the filter offers.
type choices struct {
	Neighbourhoods []municipality.Neighbourhood
	Themes         []municipality.Theme
}

func (s *Server) dashboardChoices(ctx context.Context) (choices, error) {
	ns, err := s.municipality.ListNeighbourhoods(ctx)
	if err != nil {
		return choices{}, err
	}
	ts, err := s.municipality.ListThemes(ctx)
	return choices{Neighbourhoods: ns, Themes: ts}, err
}

// known keeps the ids that name one of valid, and reports whether any
// was dropped: an unknown id is ignored with a note rather than an error,
// so an old bookmark still shows something.
func known(ids []string, valid func(uuid.UUID) bool) ([]uuid.UUID, bool) {
	var out []uuid.UUID
	dropped := false
	for _, s := range ids {
		id, err := uuid.Parse(s)
		if err != nil || !valid(id) {
			dropped = dropped || s != ""
			continue
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, dropped
}

// parse turns q into filters, or field errors.
func (ch choices) parse(q dashboardQuery, now time.Time) (selection, error) {
	isNb := func(id uuid.UUID) bool {
		return slices.ContainsFunc(ch.Neighbourhoods, func(n municipality.Neighbourhood) bool { return n.ID == id })
	}
	isTheme := func(id uuid.UUID) bool {
		return slices.ContainsFunc(ch.Themes, func(t municipality.Theme) bool { return t.ID == id })
	}
	nbs, d1 := known(q.Neighbourhoods, isNb)
	themes, d2 := known(q.Themes, isTheme)
	sel := selection{Ignored: d1 || d2}
	p, err := dashboard.ParsePeriod(q.Period, q.From, q.To, now, [2]string{"van", "tot"})
	if err != nil {
		return sel, err
	}
	main := dashboard.Filter{Neighbourhoods: nbs, Themes: themes, Period: p}
	sel.Main = &main
	switch q.Compare {
	case "":
	case compareNeighbourhoods:
		a, _ := known([]string{q.A}, isNb)
		b, _ := known([]string{q.B}, isNb)
		if len(a) != 1 || len(b) != 1 || a[0] == b[0] {
			return sel, apperr.InvalidFields(map[string]string{"buurt_a": "dashboard.compare.two_neighbourhoods"})
		}
		first, second := main, main
		first.Neighbourhoods, second.Neighbourhoods = a, b
		sel.Main, sel.Other = &first, &second
	case comparePeriods:
		p2, err := dashboard.ParsePeriod(dashboard.Custom, q.From2, q.To2, now, [2]string{"van2", "tot2"})
		if err != nil {
			return sel, err
		}
		if p2.Overlaps(p) {
			return sel, apperr.InvalidFields(map[string]string{"van2": "dashboard.compare.overlap"})
		}
		other := main
		other.Period = p2
		sel.Other = &other
	default:
		return sel, apperr.InvalidFields(map[string]string{"vergelijk": "dashboard.compare.unknown"})
	}
	return sel, nil
}

// presets are the viewer's saved filters, when the viewer is staff (on a
// public dashboard, other visitors save none).
func (s *Server) presets(c echo.Context) ([]dashboard.Preset, bool, error) {
	u := currentUser(c)
	if !staffOnly.allows(u) {
		return nil, false, nil
	}
	ps, err := s.dashboard.Presets(c.Request().Context(), *u)
	return ps, true, err
}

// dashboardPage shows the figures of the selection, or the filter again
// with its errors (422).
func (s *Server) dashboardPage(c echo.Context) error {
	ctx := c.Request().Context()
	ch, err := s.dashboardChoices(ctx)
	if err != nil {
		return err
	}
	q := readDashboardQuery(c.QueryParams())
	v := dashboardView{Query: q, Choices: ch, QueryString: q.Encode(), Lang: localizerOf(c).Lang()}
	if v.Presets, v.CanSave, err = s.presets(c); err != nil {
		return err
	}
	sel, err := ch.parse(q, s.dashboard.Now())
	v.Ignored = sel.Ignored
	if errs := fieldErrors(err); errs != nil {
		v.Errors = errs
		return s.render(c, http.StatusUnprocessableEntity, "dashboard", v)
	}
	if err != nil {
		return err
	}
	if err := s.fillReports(ctx, &v, sel); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dashboard", v)
}

func (s *Server) fillReports(ctx context.Context, v *dashboardView, sel selection) error {
	r, err := s.dashboard.Report(ctx, *sel.Main)
	if err != nil {
		return err
	}
	loc := s.catalog.Localizer(v.Lang)
	v.build(r, loc)
	if sel.Other == nil {
		return nil
	}
	other, err := s.dashboard.Report(ctx, *sel.Other)
	if err != nil {
		return err
	}
	v.Compare = newCompareView(r, other, v, loc)
	return nil
}

// reportOf computes the report of the request's filter, for the exports;
// an invalid filter is a 422 error page.
func (s *Server) reportOf(c echo.Context) (dashboard.Report, error) {
	ctx := c.Request().Context()
	ch, err := s.dashboardChoices(ctx)
	if err != nil {
		return dashboard.Report{}, err
	}
	sel, err := ch.parse(readDashboardQuery(c.QueryParams()), s.dashboard.Now())
	if err != nil {
		return dashboard.Report{}, err
	}
	return s.dashboard.Report(ctx, *sel.Main)
}

// dashboardCSV downloads the figures of the selection: the same numbers
// as the page, "< 5" included.
func (s *Server) dashboardCSV(c echo.Context) error {
	r, err := s.reportOf(c)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="dashboard.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	for _, row := range csvRows(r, localizerOf(c)) {
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// presetSave stores the current filter under a name and shows it.
func (s *Server) presetSave(c echo.Context) error {
	query := c.FormValue("query")
	_, err := s.dashboard.SavePreset(c.Request().Context(), *currentUser(c), c.FormValue("naam"), query)
	if errs := fieldErrors(err); errs != nil {
		return s.presetInvalid(c, query, errs)
	}
	if err != nil {
		return err
	}
	q, _ := url.ParseQuery(query)
	return c.Redirect(http.StatusSeeOther, "/gemeente?"+readDashboardQuery(q).Encode())
}

// presetInvalid re-renders the dashboard of query with the preset form's
// error (422).
func (s *Server) presetInvalid(c echo.Context, query string, errs map[string]string) error {
	ctx := c.Request().Context()
	ch, err := s.dashboardChoices(ctx)
	if err != nil {
		return err
	}
	vals, _ := url.ParseQuery(query)
	q := readDashboardQuery(vals)
	v := dashboardView{Query: q, Choices: ch, QueryString: q.Encode(), Lang: localizerOf(c).Lang(),
		PresetErrors: errs, PresetName: c.FormValue("naam")}
	if v.Presets, v.CanSave, err = s.presets(c); err != nil {
		return err
	}
	if sel, err := ch.parse(q, s.dashboard.Now()); err == nil {
		if err := s.fillReports(ctx, &v, sel); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusUnprocessableEntity, "dashboard", v)
}

// presetDelete removes one of the user's own presets.
func (s *Server) presetDelete(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	if err := s.dashboard.DeletePreset(c.Request().Context(), *currentUser(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/gemeente")
}
