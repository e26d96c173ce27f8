package web

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/notify"
)

// notifyRoutes are the bell's pages: the list, marking read, e-mail
// settings and the one-click unsubscribe link from e-mails.
func (s *Server) notifyRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(get, "/meldingen", loggedIn, s.notifications)
	s.handle(post, "/meldingen/gelezen", loggedIn, s.notificationsReadAll)
	s.handle(post, "/meldingen/:id/gelezen", loggedIn, s.notificationRead)
	s.handle(get, "/meldingen/instellingen", loggedIn, s.notificationSettings)
	s.handle(post, "/meldingen/instellingen", loggedIn, s.notificationSettingsSave)
	// The unsubscribe link works without logging in: its signed token says
	// who and what. Mail programs post to it themselves (RFC 8058), so it
	// is exempt from the CSRF check (see protect.go); the token is the proof.
	s.handle(get, notify.UnsubscribePath+":token", anyone, s.unsubscribePage)
	s.handle(post, notify.UnsubscribePath+":token", anyone, s.unsubscribe)
}

// unreadTimeout bounds the bell's query: a page never waits long for it.
const unreadTimeout = time.Second

// unread is the bell's count for the logged-in user (0 for visitors, or
// when the count cannot be had: the page matters more than the bell).
func (s *Server) unread(c echo.Context) int {
	u := currentUser(c)
	if u == nil || s.notify == nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), unreadTimeout)
	defer cancel()
	n, err := s.notify.Unread(ctx, u.ID)
	if err != nil {
		s.log.Warn("unread notifications", "error", err)
		return 0
	}
	return n
}

type notificationsView struct {
	Items  []notificationRow
	Unread bool
}

type notificationRow struct {
	ID          uuid.UUID
	Title, Body string
	Link        string
	When, ISO   string
	Read        bool
}

func (s *Server) notifications(c echo.Context) error {
	u := currentUser(c)
	items, err := s.notify.List(c.Request().Context(), u.ID, 0)
	if err != nil {
		return err
	}
	l := localizerOf(c)
	v := notificationsView{Items: make([]notificationRow, len(items))}
	for i, it := range items {
		title, body := notify.Text(l, it.Kind, it.Params)
		v.Items[i] = notificationRow{ID: it.ID, Title: title, Body: body, Link: it.Link, Read: it.Read,
			When: formatDateTime(it.At, l.Lang()), ISO: it.At.UTC().Format(time.RFC3339)}
		v.Unread = v.Unread || !it.Read
	}
	return s.render(c, http.StatusOK, "notifications", v)
}

func (s *Server) notificationsReadAll(c echo.Context) error {
	if err := s.notify.MarkAllRead(c.Request().Context(), currentUser(c).ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/meldingen")
}

func (s *Server) notificationRead(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return notify.ErrNotFound
	}
	if err := s.notify.MarkRead(c.Request().Context(), currentUser(c).ID, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/meldingen")
}

type notifySettingsView struct {
	Kinds  []kindOption
	Lang   string
	Saved  bool
	Errors map[string]string
}

type kindOption struct {
	Kind  notify.Kind
	Label string
	On    bool
}

func (s *Server) notificationSettings(c echo.Context) error {
	st, err := s.notify.Settings(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return s.renderNotifySettings(c, http.StatusOK, st, c.QueryParam("melding") == "opgeslagen", nil)
}

func (s *Server) notificationSettingsSave(c echo.Context) error {
	st := notify.Settings{Lang: c.FormValue("lang"), Email: map[notify.Kind]bool{}}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	for _, k := range form["email"] {
		st.Email[notify.Kind(k)] = true
	}
	if err := s.notify.SaveSettings(c.Request().Context(), currentUser(c).ID, st); err != nil {
		if errs := fieldErrors(err); errs != nil {
			return s.renderNotifySettings(c, http.StatusUnprocessableEntity, st, false, errs)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/meldingen/instellingen?melding=opgeslagen")
}

func (s *Server) renderNotifySettings(c echo.Context, status int, st notify.Settings, saved bool, errs map[string]string) error {
	l := localizerOf(c)
	v := notifySettingsView{Lang: st.Lang, Saved: saved, Errors: errs}
	for _, k := range notify.Kinds() {
		v.Kinds = append(v.Kinds, kindOption{Kind: k, Label: notify.KindLabel(l, k), On: st.Email[k]})
	}
	return s.render(c, status, "notify_settings", v)
}

type unsubscribeView struct {
	Token string
	Kind  string
	Done  bool
}

// unsubscribePage asks to confirm: a link opened by a mail scanner must not
// unsubscribe anyone.
func (s *Server) unsubscribePage(c echo.Context) error {
	_, k, err := s.notify.CheckToken(c.Param("token"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "unsubscribe", unsubscribeView{Token: c.Param("token"), Kind: notify.KindLabel(localizerOf(c), k)})
}

func (s *Server) unsubscribe(c echo.Context) error {
	k, err := s.notify.Unsubscribe(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "unsubscribe", unsubscribeView{Kind: notify.KindLabel(localizerOf(c), k), Done: true})
}
