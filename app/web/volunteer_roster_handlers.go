package web

import (
	"bytes"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// rosterView is an organiser's list of who signed up, who waits and who
// showed up; the page prints as a sign-in sheet.
type rosterView struct {
	Kind       string // "activity" or "task"
	ID         uuid.UUID
	Title      string
	When       string
	Initiative initiative.Initiative
	Rows       []volunteer.RosterRow
	Started    bool // attendance can be noted
	Notice     string
	Errors     map[string]string
	ErrorFor   string // the sign-up the errors are about
	Reason     string
}

func (s *Server) activityRoster(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		_, rows, err := s.volunteers.ActivityRoster(c.Request().Context(), *currentUser(c), a.ID)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "roster", rosterView{Kind: "activity", ID: a.ID, Title: a.Title,
			When: formatSpan(a.StartsAt, a.EndsAt, localizerOf(c).Lang()), Initiative: ini, Rows: rows})
	})
}

func (s *Server) taskRoster(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		return s.renderTaskRoster(c, http.StatusOK, t, ini, rosterView{})
	})
}

// renderTaskRoster shows the task's roster with v's notice or errors.
func (s *Server) renderTaskRoster(c echo.Context, status int, t volunteer.Task, ini initiative.Initiative, v rosterView) error {
	_, rows, err := s.volunteers.TaskRoster(c.Request().Context(), *currentUser(c), t.ID)
	if err != nil {
		return err
	}
	v.Kind, v.ID, v.Title, v.Initiative, v.Rows = "task", t.ID, t.Title, ini, rows
	v.When, v.Started = formatSpan(t.StartsAt, t.EndsAt, localizerOf(c).Lang()), !time.Now().Before(t.StartsAt)
	return s.render(c, status, "roster", v)
}

// signupParam is the sign-up a roster form is about.
func signupParam(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.FormValue("signup"))
	if err != nil {
		return id, echo.ErrNotFound
	}
	return id, nil
}

func (s *Server) taskRemove(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		sid, err := signupParam(c)
		if err != nil {
			return err
		}
		reason := c.FormValue("reason")
		err = s.volunteers.Remove(c.Request().Context(), *currentUser(c), t.ID, sid, reason)
		if errs := fieldErrors(err); errs != nil {
			return s.renderTaskRoster(c, http.StatusUnprocessableEntity, t, ini,
				rosterView{Errors: errs, ErrorFor: sid.String(), Reason: reason})
		}
		return s.rosterAfter(c, err, t, ini)
	})
}

func (s *Server) taskAttendance(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, ini initiative.Initiative) error {
		sid, err := signupParam(c)
		if err != nil {
			return err
		}
		err = s.volunteers.MarkAttendance(c.Request().Context(), *currentUser(c), t.ID, sid, volunteer.Attendance(c.FormValue("attendance")))
		if errs := fieldErrors(err); errs != nil {
			return s.renderTaskRoster(c, http.StatusUnprocessableEntity, t, ini, rosterView{Errors: errs, ErrorFor: sid.String()})
		}
		return s.rosterAfter(c, err, t, ini)
	})
}

// rosterAfter returns to the roster after an act, explaining a refusal.
func (s *Server) rosterAfter(c echo.Context, err error, t volunteer.Task, ini initiative.Initiative) error {
	return s.afterAct(c, err, "/taak/"+t.ID.String()+"/deelnemers", func(notice string) error {
		return s.renderTaskRoster(c, http.StatusConflict, t, ini, rosterView{Notice: notice})
	})
}

func (s *Server) activityRosterCSV(c echo.Context) error {
	return s.withActivity(c, func(a volunteer.Activity, _ initiative.Initiative) error {
		_, rows, err := s.volunteers.ActivityRoster(c.Request().Context(), *currentUser(c), a.ID)
		if err != nil {
			return err
		}
		return s.rosterCSV(c, "deelnemers-"+a.ID.String()+".csv", rows)
	})
}

func (s *Server) taskRosterCSV(c echo.Context) error {
	return s.withTask(c, func(t volunteer.Task, _ initiative.Initiative) error {
		_, rows, err := s.volunteers.TaskRoster(c.Request().Context(), *currentUser(c), t.ID)
		if err != nil {
			return err
		}
		return s.rosterCSV(c, "vrijwilligers-"+t.ID.String()+".csv", rows)
	})
}

// rosterCSV sends rows as a CSV download with localised headers and
// states.
func (s *Server) rosterCSV(c echo.Context, filename string, rows []volunteer.RosterRow) error {
	loc := localizerOf(c)
	header := []string{loc.T("volunteer.csv.nr"), loc.T("volunteer.csv.name"), loc.T("volunteer.csv.email"),
		loc.T("volunteer.csv.state"), loc.T("volunteer.csv.attendance"), loc.T("volunteer.csv.reason")}
	label := func(v string) string {
		if v == "" {
			return ""
		}
		return loc.T("volunteer.state." + v)
	}
	var buf bytes.Buffer
	if err := volunteer.WriteCSV(&buf, header, rows, label); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	h.Set(echo.HeaderCacheControl, "private, no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
