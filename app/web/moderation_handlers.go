package web

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// moderationRoutes let an initiative's organisers handle the reports about
// its ideas, comments and updates. The service decides who may (resident
// organisers only); loggedIn only keeps visitors on the login page.
func (s *Server) moderationRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(get, "/initiatief/:slug/meldingen", loggedIn, s.initiativeReports)
	s.handle(post, "/initiatief/:slug/meldingen/:kind/:id/afwijzen", loggedIn, s.initiativeDismiss)
	s.handle(post, "/initiatief/:slug/meldingen/:kind/:id/verbergen", loggedIn, s.initiativeHide)
}

// organiserKinds are the kinds an organiser's dismissal or hiding may name.
var organiserKinds = map[string]bool{"idea": true, "comment": true, "update": true}

type initiativeReportsView struct {
	Initiative initiative.Initiative
	Items      []idea.ItemReports
	Done       bool
	// The form that failed: its item, its field errors and the reason typed.
	FormID uuid.UUID
	Errors map[string]string
	Reason string
}

func (s *Server) initiativeReports(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		v := initiativeReportsView{Initiative: ini, Done: c.QueryParam("melding") == "afgehandeld"}
		return s.renderInitiativeReports(c, http.StatusOK, v)
	})
}

func (s *Server) renderInitiativeReports(c echo.Context, status int, v initiativeReportsView) error {
	items, err := s.ideas.InitiativeReports(c.Request().Context(), *currentUser(c), v.Initiative.ID)
	if err != nil {
		return err
	}
	v.Items = items
	return s.render(c, status, "initiative_reports", v)
}

// initiativeDismiss resolves the reports about an item without acting on it.
func (s *Server) initiativeDismiss(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		id, err := uuid.Parse(c.Param("id"))
		if err != nil || !organiserKinds[c.Param("kind")] {
			return echo.ErrNotFound
		}
		reason := c.FormValue("reason")
		err = s.ideas.DismissReports(c.Request().Context(), *currentUser(c), ini.ID, c.Param("kind"), id, reason)
		return s.initiativeReportDone(c, ini, err, id, reason)
	})
}

// initiativeHide hides a reported idea, comment or update with a public
// reason.
func (s *Server) initiativeHide(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		id, err := uuid.Parse(c.Param("id"))
		if err != nil || !organiserKinds[c.Param("kind")] {
			return echo.ErrNotFound
		}
		reason := c.FormValue("reason")
		err = s.ideas.HideReported(c.Request().Context(), *currentUser(c), ini.ID, c.Param("kind"), id, reason)
		return s.initiativeReportDone(c, ini, err, id, reason)
	})
}

func (s *Server) initiativeReportDone(c echo.Context, ini initiative.Initiative, err error, id uuid.UUID, reason string) error {
	if errs := fieldErrors(err); errs != nil {
		v := initiativeReportsView{Initiative: ini, FormID: id, Errors: errs, Reason: reason}
		return s.renderInitiativeReports(c, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/initiatief/"+ini.Slug+"/meldingen?melding=afgehandeld")
}
