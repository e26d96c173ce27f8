package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

type activityForm struct {
	Editing    bool
	Initiative initiative.Initiative
	Activity   volunteer.Activity
	Input      volunteer.ActivityInput
	Errors     map[string]string
}

func activityInput(c echo.Context) volunteer.ActivityInput {
	return volunteer.ActivityInput{Title: c.FormValue("title"), Description: c.FormValue("description"),
		Start: c.FormValue("start"), End: c.FormValue("end"), Place: c.FormValue("place"),
		Lat: c.FormValue("lat"), Lon: c.FormValue("lon"), Limit: c.FormValue("limit")}
}

func (s *Server) activityNew(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		if err := s.mustOrganise(c, ini.ID); err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "activity_form", activityForm{Initiative: ini})
	})
}

func (s *Server) activityCreate(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		in := activityInput(c)
		a, err := s.volunteers.CreateActivity(c.Request().Context(), *currentUser(c), ini.ID, in)
		if errs := fieldErrors(err); errs != nil {
			return s.render(c, http.StatusUnprocessableEntity, "activity_form", activityForm{Initiative: ini, Input: in, Errors: errs})
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/activiteit/"+a.ID.String())
	})
}

// withActivity loads the :id activity and its initiative.
func (s *Server) withActivity(c echo.Context, fn func(volunteer.Activity, initiative.Initiative) error) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	a, err := s.volunteers.ActivityByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	ini, err := s.initiatives.ByID(c.Request().Context(), a.InitiativeID)
	if err != nil {
		return err
	}
	return fn(a, ini)
}

func (s *Server) activityEdit(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		if err := s.mustOrganise(c, ini.ID); err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "activity_form", activityForm{Editing: true, Initiative: ini, Activity: a, Input: a.Input()})
	})
}

func (s *Server) activitySave(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		in := activityInput(c)
		_, err := s.volunteers.UpdateActivity(c.Request().Context(), *currentUser(c), a.ID, in)
		if errs := fieldErrors(err); errs != nil {
			return s.render(c, http.StatusUnprocessableEntity, "activity_form",
				activityForm{Editing: true, Initiative: ini, Activity: a, Input: in, Errors: errs})
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/activiteit/"+a.ID.String())
	})
}

// activityView is the activity page.
type activityView struct {
	Activity     volunteer.Activity
	Initiative   initiative.Initiative
	When         string
	Description  template.HTML
	IsOrganiser  bool
	RSVP         volunteer.RSVPState
	CanAnswer    bool // a resident, and the activity takes answers
	Anonymous    bool
	Tasks        []taskCard
	Notice       string // a refusal to explain (message key)
	CancelErrors map[string]string
	Reason       string
	meta         Meta
}

func (v activityView) PageMeta() Meta { return v.meta }

// taskCard is a task in a list.
type taskCard struct {
	volunteer.Task
	When string
}

func (s *Server) taskCards(c echo.Context, ts []volunteer.Task) []taskCard {
	lang := localizerOf(c).Lang()
	cards := make([]taskCard, len(ts))
	for i, t := range ts {
		cards[i] = taskCard{Task: t, When: formatSpan(t.StartsAt, t.EndsAt, lang)}
	}
	return cards
}

func (s *Server) activityView(c echo.Context, a volunteer.Activity, ini initiative.Initiative) (activityView, error) {
	ctx := c.Request().Context()
	u := currentUser(c)
	v := activityView{Activity: a, Initiative: ini, When: formatSpan(a.StartsAt, a.EndsAt, localizerOf(c).Lang()),
		Description: s.markdown.Full(a.Description), Anonymous: u == nil}
	var err error
	if v.IsOrganiser, err = s.isOrganiser(c, ini.ID); err != nil {
		return v, err
	}
	if u != nil {
		if v.RSVP, err = s.volunteers.RSVPOf(ctx, a.ID, u.ID); err != nil {
			return v, err
		}
		v.CanAnswer = u.Role == account.Resident && a.Status == volunteer.Planned && time.Now().Before(a.StartsAt)
	}
	ts, err := s.volunteers.TasksOfActivity(ctx, a.ID)
	if err != nil {
		return v, err
	}
	v.Tasks = s.taskCards(c, ts)
	v.meta = Meta{Title: a.Title, Description: ini.Title + " · " + v.When, Type: "article",
		Canonical: s.absURL("/activiteit/" + a.ID.String())}
	return v, nil
}

func (s *Server) activityPage(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		if hidden, err := s.renderIfHidden(c, ini); err != nil || hidden {
			return err
		}
		v, err := s.activityView(c, a, ini)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "activity", v)
	})
}

// activityRSVP answers going (going=ja) or not going; a refusal (a
// cancelled or started activity) shows on the page.
func (s *Server) activityRSVP(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		_, err := s.volunteers.RSVP(c.Request().Context(), *currentUser(c), a.ID, c.FormValue("going") == "ja")
		return s.afterAct(c, err, "/activiteit/"+a.ID.String(), func(notice string) error {
			v, verr := s.activityView(c, a, ini)
			v.Notice = notice
			return orRender(verr, func() error { return s.render(c, http.StatusConflict, "activity", v) })
		})
	})
}

func (s *Server) activityCancel(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		reason := c.FormValue("reason")
		err := s.volunteers.CancelActivity(c.Request().Context(), *currentUser(c), a.ID, reason)
		if errs := fieldErrors(err); errs != nil {
			v, verr := s.activityView(c, a, ini)
			v.CancelErrors, v.Reason = errs, reason
			return orRender(verr, func() error { return s.render(c, http.StatusUnprocessableEntity, "activity", v) })
		}
		return s.afterAct(c, err, "/activiteit/"+a.ID.String(), func(notice string) error {
			v, verr := s.activityView(c, a, ini)
			v.Notice = notice
			return orRender(verr, func() error { return s.render(c, http.StatusConflict, "activity", v) })
		})
	})
}

func (s *Server) activityHeld(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		err := s.volunteers.MarkHeld(c.Request().Context(), *currentUser(c), a.ID)
		return s.afterAct(c, err, "/activiteit/"+a.ID.String(), func(notice string) error {
			v, verr := s.activityView(c, a, ini)
			v.Notice = notice
			return orRender(verr, func() error { return s.render(c, http.StatusConflict, "activity", v) })
		})
	})
}
