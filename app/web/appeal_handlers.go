package web

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/moderation"
)

// appealRoutes: authors appeal against the hiding of their content, and
// administrators decide. Only residents write what could be hidden; the
// service checks that the appellant wrote it.
func (s *Server) appealRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(post, "/bezwaar", participant, s.appeal)
	s.handle(get, "/beheer/bezwaren", adminOnly, s.adminAppeals)
	s.handle(post, "/beheer/bezwaren/:id/herstellen", adminOnly, s.adminAppealDecide(true))
	s.handle(post, "/beheer/bezwaren/:id/handhaven", adminOnly, s.adminAppealDecide(false))
}

type adminAppealsView struct {
	Appeals []moderation.Appeal
	Done    bool
	// The form that failed: its appeal, its errors and the reason typed.
	FormID uuid.UUID
	Errors map[string]string
	Reason string
}

func (s *Server) adminAppeals(c echo.Context) error {
	return s.renderAdminAppeals(c, http.StatusOK, adminAppealsView{Done: c.QueryParam("melding") == "besloten"})
}

func (s *Server) renderAdminAppeals(c echo.Context, status int, v adminAppealsView) error {
	as, err := s.appeals.OpenAppeals(c.Request().Context(), *currentUser(c))
	if err != nil {
		return err
	}
	v.Appeals = as
	return s.render(c, status, "admin_appeals", v)
}

// adminAppealDecide restores the appealed item (restore) or keeps it
// hidden, with a reason the author reads.
func (s *Server) adminAppealDecide(restore bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := uuid.Parse(c.Param("id"))
		if err != nil {
			return echo.ErrNotFound
		}
		reason := c.FormValue("reason")
		err = s.appeals.Decide(c.Request().Context(), *currentUser(c), id, restore, reason)
		if errs := fieldErrors(err); errs != nil {
			return s.renderAdminAppeals(c, http.StatusUnprocessableEntity, adminAppealsView{FormID: id, Errors: errs, Reason: reason})
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/beheer/bezwaren?melding=besloten")
	}
}
