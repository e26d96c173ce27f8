package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/search"
)

// maxSimilar is how many similar ideas the new-idea form suggests.
const maxSimilar = 5

// similarView is the list of similar ideas under the title field.
type similarView struct {
	Ideas   []search.Hit
	Checked bool // the resident asked; say so when there are none
	Down    bool
}

// similar finds up to maxSimilar ideas on the initiative like title.
func (s *Server) similar(ctx context.Context, ini initiative.Initiative, title string) similarView {
	v := similarView{}
	if len(search.QueryWords(title)) == 0 {
		return v
	}
	res, err := s.search.Search(ctx, search.Query{Text: title, Kinds: []search.Kind{search.KindIdea},
		InitiativeID: ini.ID.String(), PerPage: maxSimilar, AnyWord: true})
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.log.Warn("similar ideas: search failed", "error", err)
		}
		v.Down = true
		return v
	}
	v.Ideas = res.Hits
	return v
}

// similarIdeas answers the htmx request the title field makes while the
// resident types: the list of similar ideas.
func (s *Server) similarIdeas(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		v := s.similar(c.Request().Context(), ini, c.QueryParam("title"))
		v.Checked = len(search.QueryWords(c.QueryParam("title"))) > 0
		return c.Render(http.StatusOK, "idea_form#similar", v)
	})
}

// similarIdeasCheck is the form's "check for similar ideas" step without
// JavaScript: the form comes back as filled in, with the list.
func (s *Server) similarIdeasCheck(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		in := ideaInput(c)
		v := s.similar(c.Request().Context(), ini, in.Title)
		v.Checked = true
		return s.renderIdeaForm(c, http.StatusOK, ideaForm{Initiative: ini, Input: in, Similar: &v})
	})
}
