package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/search"
)

// searchView is the search page: the query, its filters as facet
// checkboxes with counts, and one page of hits.
type searchView struct {
	Query     string
	Sort      string // the sorteer value: relevantie, nieuwste, steun
	Sorts     []string
	Kinds     []facetOption
	Areas     []facetOption // neighbourhoods
	Themes    []facetOption
	Hits      []searchHit
	Total     int
	Page      int
	PrevURL   string
	NextURL   string
	Notes     []string // message keys: ignored filters, a cut query
	Corrected string
	Down      bool // the search engine did not answer
	Searched  bool // a query or a filter was given
	Suggest   []municipality.Theme

	facetCounts map[string]map[string]int
}

// facetOption is one checkbox: its value, its label, how many hits it
// has, and whether it is checked.
type facetOption struct {
	Param, Value, Label string
	Count               int
	Checked             bool
}

// searchHit is a hit with the labels the page shows.
type searchHit struct {
	search.Hit
	KindLabel string // message key
	Area      string // neighbourhood name
}

// sortParams maps the sorteer values to sorts, in the order offered.
var sortParams = []struct {
	Param string
	Sort  search.Sort
}{{"relevantie", search.Relevance}, {"nieuwste", search.Newest}, {"steun", search.MostSupported}}

// searchPage shows the search page; to an htmx request (search as you
// type) only its results.
func (s *Server) searchPage(c echo.Context) error {
	ctx := c.Request().Context()
	nbs, err := s.municipality.ListNeighbourhoods(ctx)
	if err != nil {
		return err
	}
	themes, err := s.municipality.ListThemes(ctx)
	if err != nil {
		return err
	}
	q, v := parseSearch(c.QueryParams(), nbs, themes)
	if v.Searched {
		s.runSearch(ctx, q, &v)
	}
	v.fillFacets(q, nbs, themes, localizerOf(c).Lang())
	v.pageLinks(c.Request().URL, q)
	if len(v.Hits) == 0 {
		v.Suggest = themes
	}
	// htmx restoring a page from history (after its cache was lost) asks
	// for the whole page.
	h := c.Request().Header
	if h.Get("HX-Request") == "true" && h.Get("HX-History-Restore-Request") != "true" {
		return c.Render(http.StatusOK, "search#results", v)
	}
	return s.render(c, http.StatusOK, "search", v)
}

// runSearch asks the engine; when it is down the page says so and the
// rest of the site carries on.
func (s *Server) runSearch(ctx context.Context, q search.Query, v *searchView) {
	res, err := s.search.Search(ctx, q)
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.log.Warn("search failed", "error", err)
		}
		v.Down = true
		return
	}
	v.Total, v.Corrected = res.Total, res.Corrected
	v.Hits = make([]searchHit, len(res.Hits))
	for i, h := range res.Hits {
		v.Hits[i] = searchHit{Hit: h, KindLabel: "search.kind." + string(h.Kind)}
	}
	v.facetCounts = res.Facets
}

// parseSearch reads the query string. Unknown filter values are ignored,
// with a note, rather than refused: a link from an old page still works.
func parseSearch(params url.Values, nbs []municipality.Neighbourhood, themes []municipality.Theme) (search.Query, searchView) {
	text := params.Get("q")
	q := search.Query{Text: search.CutQuery(text), Page: 1, PerPage: search.DefaultPerPage}
	v := searchView{Query: q.Text, Sort: "relevantie"}
	if len([]rune(text)) > search.MaxQueryLen {
		v.Notes = append(v.Notes, "search.note.cut")
	}
	ignored := false
	for _, k := range params["soort"] {
		if kind, ok := search.ParseKind(k); ok {
			q.Kinds = append(q.Kinds, kind)
		} else {
			ignored = true
		}
	}
	for _, id := range params["buurt"] {
		if slices.ContainsFunc(nbs, func(n municipality.Neighbourhood) bool { return n.ID.String() == id }) {
			q.Neighbourhoods = append(q.Neighbourhoods, id)
		} else {
			ignored = true
		}
	}
	for _, id := range params["thema"] {
		if slices.ContainsFunc(themes, func(t municipality.Theme) bool { return t.ID.String() == id }) {
			q.Themes = append(q.Themes, id)
		} else {
			ignored = true
		}
	}
	for _, sp := range sortParams {
		if params.Get("sorteer") == sp.Param {
			q.Sort, v.Sort = sp.Sort, sp.Param
		}
	}
	if n, err := strconv.Atoi(params.Get("pagina")); err == nil && n > 1 && n <= 500 {
		q.Page = n
	}
	if ignored {
		v.Notes = append(v.Notes, "search.note.unknown_filter")
	}
	v.Page = q.Page
	v.Searched = q.Text != "" || len(q.Kinds)+len(q.Neighbourhoods)+len(q.Themes) > 0
	return q, v
}
