package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/municipality"
)

type homeView struct {
	Neighbourhoods []municipality.Neighbourhood
	Themes         []municipality.Theme
}

// home lists the neighbourhoods and themes.
func (s *Server) home(c echo.Context) error {
	ctx := c.Request().Context()
	ns, err := s.municipality.ListNeighbourhoods(ctx)
	if err != nil {
		return err
	}
	ts, err := s.municipality.ListThemes(ctx)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "home", homeView{Neighbourhoods: ns, Themes: ts})
}

type neighbourhoodView struct {
	Neighbourhood municipality.Neighbourhood
}

// neighbourhood shows one neighbourhood's page.
func (s *Server) neighbourhood(c echo.Context) error {
	n, err := s.municipality.NeighbourhoodBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "neighbourhood", neighbourhoodView{Neighbourhood: n})
}
