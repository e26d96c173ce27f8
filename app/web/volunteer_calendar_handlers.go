package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

const calendarType = "text/calendar; charset=utf-8"

func (s *Server) cal(name string) volunteer.Cal {
	return volunteer.Cal{BaseURL: s.cfg.BaseURL.String(), Name: name}
}

// initiativeCalendar is the public feed of an initiative's activities.
func (s *Server) initiativeCalendar(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		doc, err := s.volunteers.InitiativeFeed(c.Request().Context(), ini.ID, s.cal(ini.Title))
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=300")
		return c.Blob(http.StatusOK, calendarType, []byte(doc))
	})
}

// activityCalendar is one activity to add to a calendar.
func (s *Server) activityCalendar(c echo.Context) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	_, doc, err := s.volunteers.ActivityICS(c.Request().Context(), id, s.cal(""))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="activiteit.ics"`)
	return c.Blob(http.StatusOK, calendarType, []byte(doc))
}

// userCalendar is a resident's private feed; the token in the address is
// the only key, so a wrong or revoked one is a page that does not exist.
func (s *Server) userCalendar(c echo.Context) error {
	token := strings.TrimSuffix(c.Param("token"), ".ics")
	doc, err := s.volunteers.UserFeed(c.Request().Context(), token, s.cal(s.catalogName(c)))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	return c.Blob(http.StatusOK, calendarType, []byte(doc))
}

func (s *Server) catalogName(c echo.Context) string {
	return localizerOf(c).T("volunteer.agenda.feed_name")
}

// agendaView is "Mijn agenda": what the user joined, and their private
// calendar address.
type agendaView struct {
	Items       []agendaRow
	HasLink     bool
	CalendarURL string // shown once, right after it was made
}

type agendaRow struct {
	volunteer.AgendaItem
	When string
}

func (s *Server) agenda(c echo.Context) error { return s.renderAgenda(c, "") }

func (s *Server) renderAgenda(c echo.Context, calendarURL string) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	items, err := s.volunteers.Agenda(ctx, u.ID, time.Now())
	if err != nil {
		return err
	}
	v := agendaView{CalendarURL: calendarURL}
	lang := localizerOf(c).Lang()
	for _, it := range items {
		v.Items = append(v.Items, agendaRow{AgendaItem: it, When: formatSpan(it.StartsAt, it.EndsAt, lang)})
	}
	if v.HasLink, err = s.volunteers.HasCalendarToken(ctx, u.ID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "agenda", v)
}

func (s *Server) calendarLinkNew(c echo.Context) error {
	token, err := s.volunteers.NewCalendarToken(c.Request().Context(), *currentUser(c))
	if err != nil {
		return err
	}
	return s.renderAgenda(c, s.absURL("/kalender/"+token+".ics"))
}

func (s *Server) calendarLinkRevoke(c echo.Context) error {
	if err := s.volunteers.RevokeCalendarToken(c.Request().Context(), *currentUser(c)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/agenda")
}

// meedoenView lists a neighbourhood's tasks that still need volunteers.
type meedoenView struct {
	Neighbourhood municipality.Neighbourhood
	Tasks         []meedoenRow
}

type meedoenRow struct {
	volunteer.OpenTask
	When string
}

func (s *Server) meedoen(c echo.Context) error {
	ctx := c.Request().Context()
	n, err := s.municipality.NeighbourhoodBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	ts, err := s.volunteers.OpenTasks(ctx, n.ID, 100)
	if err != nil {
		return err
	}
	v := meedoenView{Neighbourhood: n}
	lang := localizerOf(c).Lang()
	for _, t := range ts {
		v.Tasks = append(v.Tasks, meedoenRow{OpenTask: t, When: formatSpan(t.StartsAt, t.EndsAt, lang)})
	}
	return s.render(c, http.StatusOK, "meedoen", v)
}
