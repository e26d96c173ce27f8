package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// idParam is the :id of the path; a malformed one is a page that does
// not exist.
func idParam(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return id, echo.ErrNotFound
	}
	return id, nil
}

// formatSpan writes a time window: "9 maart 2026, 17:00 – 21:00", with
// the end date only when it is another day.
func formatSpan(start, end time.Time, lang string) string {
	s, e := start.In(amsterdam), end.In(amsterdam)
	if s.Format("2006-01-02") == e.Format("2006-01-02") {
		return formatDateTime(start, lang) + " – " + e.Format("15:04")
	}
	return formatDateTime(start, lang) + " – " + formatDateTime(end, lang)
}

// refusal returns the message key of a refusal a page explains in place
// (a closed task, a second sign-up), or "" for any other error.
func refusal(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Conflict && strings.HasPrefix(ae.Key, "volunteer.") {
		return ae.Key
	}
	return ""
}

// mustOrganise refuses a form page to anyone who does not organise the
// initiative; the service decides the same again when the form is sent.
func (s *Server) mustOrganise(c echo.Context, initiativeID uuid.UUID) error {
	ok, err := s.isOrganiser(c, initiativeID)
	if err != nil {
		return err
	}
	if !ok {
		return volunteer.ErrNotOrganiser
	}
	return nil
}

func (s *Server) isOrganiser(c echo.Context, initiativeID uuid.UUID) (bool, error) {
	u := currentUser(c)
	if u == nil || u.Role != account.Resident {
		return false, nil
	}
	return s.volunteers.IsOrganiser(c.Request().Context(), initiativeID, u.ID)
}

// afterAct redirects to back after a successful act, shows a refusal on
// the page with showRefusal, and passes any other error on.
func (s *Server) afterAct(c echo.Context, err error, back string, showRefusal func(notice string) error) error {
	if key := refusal(err); key != "" {
		return showRefusal(key)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, back)
}

func orRender(err error, render func() error) error {
	if err != nil {
		return err
	}
	return render()
}

// volInput is a form field of another input type than text (a date, a
// number), for the vol_input partial.
type volInput struct {
	Type, Step string
	F          formField
}

func newVolInput(typ, step string, f formField) volInput {
	return volInput{Type: typ, Step: step, F: f}
}

// volunteerSection is the activities and tasks part of an initiative page.
type volunteerSection struct {
	Slug                      string
	Organiser                 bool
	Activities                []activityRow
	Tasks                     []taskCard
	MoreActivities, MoreTasks int // beyond those listed
}

// sectionSize is how many activities and tasks an initiative page lists;
// the calendar feed has them all.
const sectionSize = 10

type activityRow struct {
	volunteer.Activity
	When string
}

func (s *Server) volunteerSection(c echo.Context, ini initiative.Initiative, organiser bool) (volunteerSection, error) {
	ctx := c.Request().Context()
	v := volunteerSection{Slug: ini.Slug, Organiser: organiser}
	as, n, err := s.volunteers.UpcomingActivities(ctx, ini.ID, sectionSize)
	if err != nil {
		return v, err
	}
	lang := localizerOf(c).Lang()
	for _, a := range as {
		v.Activities = append(v.Activities, activityRow{Activity: a, When: formatSpan(a.StartsAt, a.EndsAt, lang)})
	}
	v.MoreActivities = n - len(as)
	ts, n, err := s.volunteers.UpcomingTasks(ctx, ini.ID, sectionSize)
	v.Tasks, v.MoreTasks = s.taskCards(c, ts), n-len(ts)
	return v, err
}
