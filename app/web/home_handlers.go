package web

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// listSize is how many initiatives and ideas the overview pages show.
const listSize = 6

type homeView struct {
	Neighbourhoods []municipality.Neighbourhood
	Themes         []municipality.Theme
	Mine           *municipality.Neighbourhood // the viewer's neighbourhood, if chosen
	Initiatives    []initiative.Initiative
	Newest         []ideaCard
	MostSupported  []ideaCard
	All            bool // "?alle=1": the whole municipality instead of the viewer's neighbourhood
}

// home shows what happens in the viewer's neighbourhood (or everywhere):
// the newest initiatives and the newest and most supported ideas.
func (s *Server) home(c echo.Context) error {
	ctx := c.Request().Context()
	v := homeView{All: c.QueryParam("alle") == "1"}
	var err error
	if v.Neighbourhoods, err = s.municipality.ListNeighbourhoods(ctx); err != nil {
		return err
	}
	if v.Themes, err = s.municipality.ListThemes(ctx); err != nil {
		return err
	}
	var nb *uuid.UUID
	if u := currentUser(c); u != nil && u.NeighbourhoodID != nil && !v.All {
		for i := range v.Neighbourhoods {
			if v.Neighbourhoods[i].ID == *u.NeighbourhoodID {
				v.Mine, nb = &v.Neighbourhoods[i], u.NeighbourhoodID
			}
		}
	}
	if err := s.overview(c, nb, &v.Initiatives, &v.Newest, &v.MostSupported); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "home", v)
}

// overview loads the newest initiatives and the newest and most supported
// ideas of a neighbourhood (nil: everywhere).
func (s *Server) overview(c echo.Context, nb *uuid.UUID, inis *[]initiative.Initiative, newest, supported *[]ideaCard) error {
	ctx := c.Request().Context()
	var err error
	if *inis, err = s.initiatives.List(ctx, initiative.Filter{NeighbourhoodID: nb, Limit: listSize}); err != nil {
		return err
	}
	n, err := s.ideas.Newest(ctx, nb, listSize)
	if err != nil {
		return err
	}
	m, err := s.ideas.MostSupported(ctx, nb, listSize)
	if err != nil {
		return err
	}
	if *newest, err = s.ideaCards(c, n); err != nil {
		return err
	}
	*supported, err = s.ideaCards(c, m)
	return err
}

type neighbourhoodView struct {
	Neighbourhood municipality.Neighbourhood
	Initiatives   []initiative.Initiative
	Trending      []ideaCard
}

// neighbourhood shows a neighbourhood's initiatives and trending ideas.
func (s *Server) neighbourhood(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := s.municipality.NeighbourhoodBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	v := neighbourhoodView{Neighbourhood: n}
	if v.Initiatives, err = s.initiatives.List(ctx, initiative.Filter{NeighbourhoodID: &n.ID, Limit: 50}); err != nil {
		return err
	}
	trending, err := s.ideas.Trending(ctx, &n.ID, 10)
	if err != nil {
		return err
	}
	if v.Trending, err = s.ideaCards(c, trending); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "neighbourhood", v)
}
