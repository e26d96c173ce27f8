package web

import (
	_ "embed"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/apitoken"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// apiPrefix is where the read-only JSON API lives. Its routes answer to
// an API token (Authorization: Bearer …), never to the session cookie, and
// need no CSRF token: they only read.
const apiPrefix = "/api/v1"

// openAPISpec describes the API; the tests check every response against it.
//
//go:embed openapi/v1.json
var openAPISpec []byte

// apiRoutes registers the JSON API. The routes are open to anyone at the
// access layer: the token check in apiAuth is their access control.
func (s *Server) apiRoutes() {
	s.handleAPI(apiPrefix+"/openapi.json", s.apiSpec)
	s.handleAPI(apiPrefix+"/neighbourhoods", s.apiAuth(s.apiNeighbourhoods))
	s.handleAPI(apiPrefix+"/themes", s.apiAuth(s.apiThemes))
	s.handleAPI(apiPrefix+"/figures", s.apiAuth(s.apiFigures))
	s.handleAPI(apiPrefix+"/weeks", s.apiAuth(s.apiWeeks))
}

// handleAPI registers a GET route of the API: recorded for the
// authorisation table like every route, but without the CSRF check (which
// would set a cookie) and without the access check (the session does not
// count here).
func (s *Server) handleAPI(path string, h echo.HandlerFunc) {
	s.routeTable = append(s.routeTable, routeInfo{http.MethodGet, path, anyone})
	s.echo.Add(http.MethodGet, path, h)
}

// isAPI reports whether a request is for the API, which the session
// middleware leaves alone.
func isAPI(path string) bool { return strings.HasPrefix(path, apiPrefix+"/") }

// apiErrorBody is every error the API returns.
type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Parameter string `json:"parameter,omitempty"`
}

// apiError answers with a JSON error with a stable code.
func apiError(c echo.Context, status int, code, message, param string) error {
	return c.JSON(status, apiErrorBody{apiErrorDetail{Code: code, Message: message, Parameter: param}})
}

// apiAuth lets a request through with a live API token only.
func (s *Server) apiAuth(h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		header := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, secret, ok := strings.Cut(header, " ")
		if header == "" {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="buurtboost"`)
			return apiError(c, http.StatusUnauthorized, "token_missing", "send an API token: Authorization: Bearer <token>", "")
		}
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="buurtboost", error="invalid_request"`)
			return apiError(c, http.StatusUnauthorized, "token_malformed", "the Authorization header must be: Bearer <token>", "")
		}
		_, err := s.tokens.Authenticate(c.Request().Context(), strings.TrimSpace(secret))
		if errors.Is(err, apitoken.ErrInvalid) {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="buurtboost", error="invalid_token"`)
			return apiError(c, http.StatusUnauthorized, "token_invalid", "the API token is unknown or revoked", "")
		}
		if err != nil {
			return s.apiInternal(c, err)
		}
		return h(c)
	}
}

// apiFail answers err: 400 for a refused parameter, 500 otherwise.
func (s *Server) apiFail(c echo.Context, err error) error {
	var bad errBadParam
	if errors.As(err, &bad) {
		return apiError(c, http.StatusBadRequest, "invalid_parameter", bad.message, bad.param)
	}
	return s.apiInternal(c, err)
}

// apiInternal logs err and answers 500 with the request id to quote.
func (s *Server) apiInternal(c echo.Context, err error) error {
	id := c.Response().Header().Get(echo.HeaderXRequestID)
	s.log.Error("api", "request_id", id, "error", err.Error())
	return apiError(c, http.StatusInternalServerError, "internal", "something went wrong; quote request id "+id, "")
}

func (s *Server) apiSpec(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPISpec)
}

type apiNeighbourhood struct {
	ID         string `json:"id"`
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	CBSCode    string `json:"cbs_code,omitempty"`
	Population *int   `json:"population"`
}

func (s *Server) apiNeighbourhoods(c echo.Context) error {
	if err := onlyParams(c); err != nil {
		return s.apiFail(c, err)
	}
	ns, err := s.municipality.ListNeighbourhoods(c.Request().Context())
	if err != nil {
		return s.apiInternal(c, err)
	}
	out := []apiNeighbourhood{}
	for _, n := range ns {
		a := apiNeighbourhood{ID: n.ID.String(), Slug: n.Slug, Name: n.Name, Population: n.Population}
		if n.CBSCode != nil {
			a.CBSCode = *n.CBSCode
		}
		out = append(out, a)
	}
	return c.JSON(http.StatusOK, map[string]any{"neighbourhoods": out})
}

type apiTheme struct {
	ID      string `json:"id"`
	Slug    string `json:"slug"`
	LabelNL string `json:"label_nl"`
	LabelEN string `json:"label_en"`
}

func (s *Server) apiThemes(c echo.Context) error {
	if err := onlyParams(c); err != nil {
		return s.apiFail(c, err)
	}
	ts, err := s.municipality.ListThemes(c.Request().Context())
	if err != nil {
		return s.apiInternal(c, err)
	}
	out := []apiTheme{}
	for _, t := range ts {
		out = append(out, apiTheme{ID: t.ID.String(), Slug: t.Slug, LabelNL: t.LabelNL, LabelEN: t.LabelEN})
	}
	return c.JSON(http.StatusOK, map[string]any{"themes": out})
}

// apiFigures are the dashboard's figures and measures for a selection.
func (s *Server) apiFigures(c echo.Context) error {
	r, ok, err := s.apiReport(c)
	if !ok {
		return err
	}
	out := s.reportJSON(r)
	return c.JSON(http.StatusOK, map[string]any{
		"filter": apiFilterOf(r.Filter), "figures": nonNil(out.Figures), "measures": nonNil(out.Measures),
	})
}

// apiWeeks is the selection's weekly time series.
func (s *Server) apiWeeks(c echo.Context) error {
	r, ok, err := s.apiReport(c)
	if !ok {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"filter": apiFilterOf(r.Filter), "weeks": nonNil(s.reportJSON(r).Weeks)})
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// apiFilter echoes the selection a response describes.
type apiFilter struct {
	Neighbourhoods []string `json:"neighbourhoods"`
	Themes         []string `json:"themes"`
	From           string   `json:"from"`
	To             string   `json:"to"` // the last day included
}

func apiFilterOf(f dashboard.Filter) apiFilter {
	ids := func(us []uuid.UUID) []string {
		out := []string{}
		for _, u := range us {
			out = append(out, u.String())
		}
		return out
	}
	return apiFilter{Neighbourhoods: ids(f.Neighbourhoods), Themes: ids(f.Themes),
		From: f.Period.From.Format(time.DateOnly), To: f.Period.To.AddDate(0, 0, -1).Format(time.DateOnly)}
}

// apiPeriods maps the API's period names to the dashboard's presets.
var apiPeriods = map[string]string{"30d": dashboard.Last30Days, "quarter": dashboard.Quarter, "year": dashboard.Year}

// onlyParams answers 400 for a query parameter not in allowed: a typo
// ("neighborhood") would otherwise silently widen the selection.
func onlyParams(c echo.Context, allowed ...string) error {
	for k := range c.QueryParams() {
		if !slices.Contains(allowed, k) {
			return errBadParam{k, "unknown parameter " + k}
		}
	}
	return nil
}

// errBadParam is a parameter the API refuses, answered with 400.
type errBadParam struct{ param, message string }

func (e errBadParam) Error() string { return e.message }

// apiReport computes the report of the request's parameters; when it
// cannot (ok false), the error answer has been written and err is what the
// handler returns.
func (s *Server) apiReport(c echo.Context) (dashboard.Report, bool, error) {
	ctx := c.Request().Context()
	f, err := s.apiFilterFrom(c)
	if err != nil {
		return dashboard.Report{}, false, s.apiFail(c, err)
	}
	r, err := s.dashboard.Report(ctx, f)
	if err != nil {
		return dashboard.Report{}, false, s.apiInternal(c, err)
	}
	return r, true, nil
}

// apiFilterFrom reads neighbourhood and theme (ids, repeatable), period
// (30d, quarter, year) or from and to (YYYY-MM-DD, both included).
func (s *Server) apiFilterFrom(c echo.Context) (dashboard.Filter, error) {
	q := c.QueryParams()
	if err := onlyParams(c, "neighbourhood", "theme", "period", "from", "to"); err != nil {
		return dashboard.Filter{}, err
	}
	ch, err := s.dashboardChoices(c.Request().Context())
	if err != nil {
		return dashboard.Filter{}, err
	}
	nbs, err := apiIDs(q, "neighbourhood", func(id uuid.UUID) bool {
		return slices.ContainsFunc(ch.Neighbourhoods, func(n municipality.Neighbourhood) bool { return n.ID == id })
	})
	if err != nil {
		return dashboard.Filter{}, err
	}
	themes, err := apiIDs(q, "theme", func(id uuid.UUID) bool {
		return slices.ContainsFunc(ch.Themes, func(t municipality.Theme) bool { return t.ID == id })
	})
	if err != nil {
		return dashboard.Filter{}, err
	}
	p, err := apiPeriod(q, s.dashboard.Now())
	return dashboard.Filter{Neighbourhoods: nbs, Themes: themes, Period: p}, err
}

// apiIDs parses the ids of parameter name; unlike the dashboard page,
// which ignores an unknown id so that an old bookmark still works, the API
// refuses it: a client should not get all neighbourhoods' figures for a
// typo.
func apiIDs(q url.Values, name string, known func(uuid.UUID) bool) ([]uuid.UUID, error) {
	var out []uuid.UUID
	for _, v := range q[name] {
		id, err := uuid.Parse(v)
		if err != nil {
			return nil, errBadParam{name, name + " must be an id (a UUID): " + v}
		}
		if !known(id) {
			return nil, errBadParam{name, "no " + name + " has the id " + v}
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// apiPeriod turns period, or from and to, into the dashboard's period,
// with its rules (no end before the start, at most five years).
func apiPeriod(q url.Values, now time.Time) (dashboard.Period, error) {
	from, to, period := q.Get("from"), q.Get("to"), q.Get("period")
	if from != "" || to != "" {
		if period != "" {
			return dashboard.Period{}, errBadParam{"period", "give either period or from and to, not both"}
		}
		p, err := dashboard.ParsePeriod(dashboard.Custom, from, to, now, [2]string{"from", "to"})
		return p, periodError(err)
	}
	preset, ok := apiPeriods[period]
	if period != "" && !ok {
		return dashboard.Period{}, errBadParam{"period", "period must be 30d, quarter or year (or give from and to)"}
	}
	return dashboard.ParsePeriod(preset, "", "", now, [2]string{"from", "to"})
}

// periodMessages explain the dashboard's period errors to an API client.
var periodMessages = map[string]string{
	"dashboard.period.date_invalid":     "must be a date as YYYY-MM-DD (from and to both)",
	"dashboard.period.end_before_start": "to must not be before from",
	"dashboard.period.too_long":         "the period may be at most five years",
}

func periodError(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return err
	}
	for _, field := range []string{"from", "to"} {
		if key, ok := ae.Fields[field]; ok {
			return errBadParam{field, field + ": " + periodMessages[key]}
		}
	}
	return err
}
