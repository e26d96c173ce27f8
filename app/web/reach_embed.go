package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// embedCards is how many initiatives the widget lists; the rest are one
// click away on the site. It keeps the widget well under 20 KB.
const embedCards = 12

type embedView struct {
	Neighbourhood municipality.Neighbourhood
	Initiatives   []initiative.Initiative
	SiteURL       string // the neighbourhood's page on the site
}

// embedCSP replaces the site's policy for the widget: it loads one
// stylesheet from this site and nothing else, runs no script, and may be
// framed only by the origins in EMBED_ORIGINS ('none' when there are none).
func (s *Server) embedCSP() string {
	ancestors := "'none'"
	if len(s.cfg.EmbedOrigins) > 0 {
		ancestors = strings.Join(s.cfg.EmbedOrigins, " ")
	}
	return "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; " +
		"frame-ancestors " + ancestors
}

// embedNeighbourhood is the read-only widget: a neighbourhood's
// initiatives as cards, for a municipality's own website.
func (s *Server) embedNeighbourhood(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := s.municipality.NeighbourhoodBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	v := embedView{Neighbourhood: n, SiteURL: s.absURL("/buurt/" + n.Slug)}
	// List leaves archived initiatives out, so nothing hidden is shown.
	if v.Initiatives, err = s.initiatives.List(ctx, initiative.Filter{NeighbourhoodID: &n.ID, Limit: embedCards}); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", s.embedCSP())
	// X-Frame-Options cannot name several origins; frame-ancestors
	// supersedes it, so it goes when framing is allowed at all.
	if len(s.cfg.EmbedOrigins) > 0 {
		h.Del("X-Frame-Options")
	}
	h.Set(echo.HeaderCacheControl, "public, max-age=300")
	return s.render(c, http.StatusOK, "embed#embed", v)
}

type embedHelpView struct {
	Neighbourhoods []municipality.Neighbourhood
	BaseURL        string
	Origins        []string
}

// Snippet is the iframe a webmaster pastes for neighbourhood n.
func (v embedHelpView) Snippet(n municipality.Neighbourhood, title string) string {
	return `<iframe src="` + v.BaseURL + `/embed/buurt/` + n.Slug + `" title="` + strings.ReplaceAll(title, `"`, "&quot;") +
		`" width="100%" height="640" loading="lazy" style="border:0"></iframe>`
}

// embedHelp explains the widget, with a snippet per neighbourhood.
func (s *Server) embedHelp(c echo.Context) error {
	ns, err := s.municipality.ListNeighbourhoods(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "embed_help", embedHelpView{Neighbourhoods: ns,
		BaseURL: strings.TrimSuffix(s.cfg.BaseURL.String(), "/"), Origins: s.cfg.EmbedOrigins})
}
