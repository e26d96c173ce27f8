package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/municipality"
)

type profileView struct {
	User           account.User
	Identities     []identityRow
	Linkable       []providerButton
	Neighbourhoods []municipality.Neighbourhood
	Sessions       []sessionRow
	Notice         string
	Errors         map[string]string
	Form           account.ProfileInput
}

type identityRow struct {
	ID    uuid.UUID
	Label string
	Since string
}

type sessionRow struct {
	Device   string
	LastSeen string
	Current  bool
}

// profileNotices are the messages a redirect may ask the profile to show.
var profileNotices = map[string]string{
	"gekoppeld": "profile.notice.linked", "bezet": "profile.notice.taken",
	"ontkoppeld": "profile.notice.unlinked", "laatste": "profile.notice.last",
	"opgeslagen": "profile.notice.saved",
}

func (s *Server) profile(c echo.Context) error {
	u := currentUser(c)
	form := account.ProfileInput{Name: u.DisplayName, NeighbourhoodID: u.NeighbourhoodID, EmailConsent: u.EmailConsent}
	return s.renderProfile(c, http.StatusOK, form, nil)
}

func (s *Server) renderProfile(c echo.Context, status int, form account.ProfileInput, errs map[string]string) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	v := profileView{User: *u, Notice: profileNotices[c.QueryParam("melding")], Errors: errs, Form: form}
	ids, err := s.accounts.Identities(ctx, u.ID)
	if err != nil {
		return err
	}
	linked := map[string]bool{}
	lang := localizerOf(c).Lang()
	for _, id := range ids {
		linked[id.Provider] = true
		v.Identities = append(v.Identities, identityRow{ID: id.ID, Label: s.providerLabel(c, id.Provider), Since: formatDate(id.CreatedAt, lang)})
	}
	for _, b := range s.buttons(c) {
		if !linked[b.Name] {
			v.Linkable = append(v.Linkable, b)
		}
	}
	if v.Neighbourhoods, err = s.municipality.ListNeighbourhoods(ctx); err != nil {
		return err
	}
	sessions, err := s.accounts.Sessions(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, ss := range sessions {
		v.Sessions = append(v.Sessions, sessionRow{Device: ss.UserAgent, LastSeen: formatDateTime(ss.LastSeenAt, lang), Current: ss.IsCurrent(sessionToken(c))})
	}
	return s.render(c, status, "profile", v)
}

func (s *Server) providerLabel(c echo.Context, name string) string {
	if p, ok := s.logins.Get(name); ok && p.Label != "" {
		return p.Label
	}
	return localizerOf(c).T("auth.provider." + name)
}

// profileSave stores the profile form; invalid input re-renders it with
// messages and status 422.
func (s *Server) profileSave(c echo.Context) error {
	form := account.ProfileInput{Name: c.FormValue("name"), EmailConsent: c.FormValue("email_consent") == "1"}
	nb, err := optionalID(c.FormValue("neighbourhood"))
	if err != nil {
		return s.renderProfile(c, http.StatusUnprocessableEntity, form, map[string]string{"neighbourhood": "account.neighbourhood.unknown"})
	}
	form.NeighbourhoodID = nb
	if _, err := s.accounts.UpdateProfile(c.Request().Context(), currentUser(c).ID, form); err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Code == apperr.Invalid {
			return s.renderProfile(c, http.StatusUnprocessableEntity, form, ae.Fields)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/profiel?melding=opgeslagen")
}

type pickView struct {
	Neighbourhoods []municipality.Neighbourhood
	Next           string
	Error          string
}

// pickNeighbourhood asks a new user, once, where they live.
func (s *Server) pickNeighbourhood(c echo.Context) error {
	ns, err := s.municipality.ListNeighbourhoods(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "pick_neighbourhood", pickView{Neighbourhoods: ns, Next: safeNext(c.QueryParam("next"))})
}

func (s *Server) pickNeighbourhoodSave(c echo.Context) error {
	next := safeNext(c.FormValue("next"))
	var nb *uuid.UUID
	if c.FormValue("skip") == "" {
		id, err := uuid.Parse(c.FormValue("neighbourhood"))
		if err != nil {
			return s.pickAgain(c, next)
		}
		nb = &id
	}
	err := s.accounts.SetNeighbourhood(c.Request().Context(), currentUser(c).ID, nb)
	if apperr.Is(err, apperr.Invalid) {
		return s.pickAgain(c, next)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) pickAgain(c echo.Context, next string) error {
	ns, err := s.municipality.ListNeighbourhoods(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusUnprocessableEntity, "pick_neighbourhood",
		pickView{Neighbourhoods: ns, Next: next, Error: "account.neighbourhood.pick"})
}

// unlink removes one of the user's login providers.
func (s *Server) unlink(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	err = s.accounts.Unlink(c.Request().Context(), currentUser(c).ID, id)
	if errors.Is(err, account.ErrLastIdentity) {
		return c.Redirect(http.StatusSeeOther, "/profiel?melding=laatste")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/profiel?melding=ontkoppeld")
}

// logoutEverywhere ends all of the user's sessions, this one included.
func (s *Server) logoutEverywhere(c echo.Context) error {
	if err := s.accounts.EndAllSessions(c.Request().Context(), currentUser(c).ID); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/")
}

func optionalID(s string) (*uuid.UUID, error) {
	if s == "" {
		return nil, nil
	}
	id, err := uuid.Parse(s)
	return &id, err
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
