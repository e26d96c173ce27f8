package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

type taskForm struct {
	Editing    bool
	Initiative initiative.Initiative
	Task       volunteer.Task
	Input      volunteer.TaskInput
	Errors     map[string]string
	Activities []volunteer.Activity // the planned ones a task can belong to
}

func taskInput(c echo.Context) volunteer.TaskInput {
	return volunteer.TaskInput{Title: c.FormValue("title"), Description: c.FormValue("description"),
		Bring: c.FormValue("bring"), Start: c.FormValue("start"), End: c.FormValue("end"),
		Capacity: c.FormValue("capacity"), ActivityID: c.FormValue("activity")}
}

func (s *Server) renderTaskForm(c echo.Context, status int, f taskForm) error {
	as, err := s.volunteers.Activities(c.Request().Context(), f.Initiative.ID, false)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.Status == volunteer.Planned {
			f.Activities = append(f.Activities, a)
		}
	}
	return s.render(c, status, "task_form", f)
}

func (s *Server) taskNew(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		if err := s.mustOrganise(c, ini.ID); err != nil {
			return err
		}
		in := volunteer.TaskInput{Capacity: "1", ActivityID: c.QueryParam("activiteit")}
		return s.renderTaskForm(c, http.StatusOK, taskForm{Initiative: ini, Input: in})
	})
}

func (s *Server) taskCreate(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		in := taskInput(c)
		t, err := s.volunteers.CreateTask(c.Request().Context(), *currentUser(c), ini.ID, in)
		if errs := fieldErrors(err); errs != nil {
			return s.renderTaskForm(c, http.StatusUnprocessableEntity, taskForm{Initiative: ini, Input: in, Errors: errs})
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/taak/"+t.ID.String())
	})
}

// withTask loads the :id task and its initiative.
func (s *Server) withTask(c echo.Context, fn func(volunteer.Task, initiative.Initiative) error) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	t, err := s.volunteers.TaskByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	ini, err := s.initiatives.ByID(c.Request().Context(), t.InitiativeID)
	if err != nil {
		return err
	}
	return fn(t, ini)
}

func (s *Server) taskEdit(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		if err := s.mustOrganise(c, ini.ID); err != nil {
			return err
		}
		return s.renderTaskForm(c, http.StatusOK, taskForm{Editing: true, Initiative: ini, Task: t, Input: t.Input()})
	})
}

func (s *Server) taskSave(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		in := taskInput(c)
		_, err := s.volunteers.UpdateTask(c.Request().Context(), *currentUser(c), t.ID, in)
		if errs := fieldErrors(err); errs != nil {
			return s.renderTaskForm(c, http.StatusUnprocessableEntity, taskForm{Editing: true, Initiative: ini, Task: t, Input: in, Errors: errs})
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/taak/"+t.ID.String())
	})
}

// taskView is the task page.
type taskView struct {
	Task         volunteer.Task
	Initiative   initiative.Initiative
	Activity     *volunteer.Activity
	When         string
	Description  template.HTML
	IsOrganiser  bool
	Signup       signupBlock
	CancelErrors map[string]string
	Reason       string
	meta         Meta
}

func (v taskView) PageMeta() Meta { return v.meta }

// signupBlock is the sign-up part of a task page, which htmx swaps in
// place after signing up or cancelling.
type signupBlock struct {
	Task      volunteer.Task
	Signup    volunteer.Signup
	Has       bool // the viewer has a sign-up (or was removed)
	CanJoin   bool // the viewer is a resident
	Anonymous bool
	Open      bool // sign-ups are open
	Notice    string
	CSRF      string
	Focus     bool
}

func (s *Server) signupBlock(c echo.Context, t volunteer.Task, cancelled bool) (signupBlock, error) {
	u := currentUser(c)
	b := signupBlock{Task: t, Anonymous: u == nil, CSRF: csrfToken(c), Open: !cancelled && time.Now().Before(t.StartsAt)}
	if u == nil {
		return b, nil
	}
	b.CanJoin = u.Role == account.Resident
	var err error
	b.Signup, b.Has, err = s.volunteers.SignupOf(c.Request().Context(), t.ID, u.ID)
	return b, err
}

// taskActivity is the activity a task belongs to (nil for a standalone
// task), and whether the task is off because either was cancelled.
func (s *Server) taskActivity(c echo.Context, t volunteer.Task) (*volunteer.Activity, bool, error) {
	if t.ActivityID == nil {
		return nil, t.Cancelled(), nil
	}
	a, err := s.volunteers.ActivityByID(c.Request().Context(), *t.ActivityID)
	if err != nil {
		return nil, false, err
	}
	return &a, t.Cancelled() || a.Status == volunteer.Cancelled, nil
}

func (s *Server) taskView(c echo.Context, t volunteer.Task, ini initiative.Initiative) (taskView, error) {
	v := taskView{Task: t, Initiative: ini, When: formatSpan(t.StartsAt, t.EndsAt, localizerOf(c).Lang()),
		Description: s.markdown.Full(t.Description)}
	var cancelled bool
	var err error
	if v.Activity, cancelled, err = s.taskActivity(c, t); err != nil {
		return v, err
	}
	if v.IsOrganiser, err = s.isOrganiser(c, ini.ID); err != nil {
		return v, err
	}
	if v.Signup, err = s.signupBlock(c, t, cancelled); err != nil {
		return v, err
	}
	v.meta = Meta{Title: t.Title, Description: ini.Title + " · " + v.When, Type: "article",
		Canonical: s.absURL("/taak/" + t.ID.String())}
	return v, nil
}

func (s *Server) taskPage(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		if hidden, err := s.renderIfHidden(c, ini); err != nil || hidden {
			return err
		}
		v, err := s.taskView(c, t, ini)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "task", v)
	})
}

func (s *Server) taskSignUp(c echo.Context) error {
	return s.signupAct(c, func(u account.User, id uuid.UUID) error {
		_, err := s.volunteers.SignUp(c.Request().Context(), u, id)
		return err
	})
}

func (s *Server) taskLeave(c echo.Context) error {
	return s.signupAct(c, func(u account.User, id uuid.UUID) error {
		return s.volunteers.Leave(c.Request().Context(), u, id)
	})
}

// signupAct signs up or cancels. An htmx request gets the new sign-up
// block, and only that is read and rendered; a plain form post goes back
// to the task page. A refusal (twice, closed) shows in the block: with
// status 409 on a plain post, with 200 to htmx, which swaps no error
// responses in.
func (s *Server) signupAct(c echo.Context, act func(account.User, uuid.UUID) error) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = act(*currentUser(c), id)
	notice := refusal(err)
	if err != nil && notice == "" {
		return err
	}
	htmx := c.Request().Header.Get("HX-Request") == "true"
	if !htmx && notice == "" {
		return c.Redirect(http.StatusSeeOther, "/taak/"+id.String()+"#aanmelden")
	}
	if htmx {
		t, err := s.volunteers.TaskByID(c.Request().Context(), id)
		if err != nil {
			return err
		}
		_, cancelled, err := s.taskActivity(c, t)
		if err != nil {
			return err
		}
		b, err := s.signupBlock(c, t, cancelled)
		if err != nil {
			return err
		}
		b.Notice, b.Focus = notice, true
		return c.Render(http.StatusOK, "task#signup", b)
	}
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		v, err := s.taskView(c, t, ini)
		if err != nil {
			return err
		}
		v.Signup.Notice, v.Signup.Focus = notice, true
		return s.render(c, http.StatusConflict, "task", v)
	})
}

// taskCancel calls the task off; a missing reason, or a task already
// called off, shows the page again with the message at the reason.
func (s *Server) taskCancel(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		reason := c.FormValue("reason")
		err := s.volunteers.CancelTask(c.Request().Context(), *currentUser(c), t.ID, reason)
		errs, status := fieldErrors(err), http.StatusUnprocessableEntity
		if key := refusal(err); key != "" {
			errs, status = map[string]string{"reason": key}, http.StatusConflict
		}
		if errs == nil && err != nil {
			return err
		}
		if errs == nil {
			return c.Redirect(http.StatusSeeOther, "/taak/"+t.ID.String())
		}
		v, err := s.taskView(c, t, ini)
		if err != nil {
			return err
		}
		v.CancelErrors, v.Reason = errs, reason
		return s.render(c, status, "task", v)
	})
}
