package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/login"
)

// demoProvider is the identity provider name of the seeded demo users.
const demoProvider = "demo"

func (s *Server) loginCookieName() string {
	if s.cfg.HTTPS() {
		return "__Host-bb_login"
	}
	return "bb_login"
}

// loginCookie holds the attempt. On https it is SameSite=None because Sign
// in with Apple returns with a cross-site POST; the signed, random state
// inside it is what binds the callback to this browser.
func (s *Server) loginCookie(value string, maxAge int) *http.Cookie {
	ck := &http.Cookie{Name: s.loginCookieName(), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.HTTPS(), SameSite: http.SameSiteLaxMode}
	if s.cfg.HTTPS() {
		ck.SameSite = http.SameSiteNoneMode
	}
	return ck
}

type loginView struct {
	Providers []providerButton
	Demo      []account.User
	Next      string
}

type providerButton struct {
	Name, Label string
}

// buttons returns the enabled providers with their labels, in the fixed
// order of the registry.
func (s *Server) buttons(c echo.Context) []providerButton {
	loc := localizerOf(c)
	var bs []providerButton
	for _, p := range s.logins.List() {
		label := p.Label
		if label == "" {
			label = loc.T("auth.provider." + p.Name)
		}
		bs = append(bs, providerButton{Name: p.Name, Label: label})
	}
	return bs
}

// loginPage offers the enabled providers, and the demo users on a
// development machine without providers.
func (s *Server) loginPage(c echo.Context) error {
	next := safeNext(c.QueryParam("next"))
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, next)
	}
	v := loginView{Providers: s.buttons(c), Next: next}
	if s.demoLogin {
		users, err := s.accounts.UsersOfProvider(c.Request().Context(), demoProvider)
		if err != nil {
			return err
		}
		v.Demo = users
	}
	return s.render(c, http.StatusOK, "login", v)
}

// authStart sends the browser to the provider, remembering the attempt.
func (s *Server) authStart(c echo.Context) error {
	p, ok := s.logins.Get(c.Param("provider"))
	if !ok {
		return echo.ErrNotFound
	}
	linkTo := ""
	if u := currentUser(c); u != nil && c.QueryParam("link") == "1" {
		linkTo = u.ID.String()
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), login.Timeout)
	defer cancel()
	authURL, attempt, err := p.Begin(ctx, safeNext(c.QueryParam("next")), linkTo)
	if err != nil {
		return loginFailure(err)
	}
	value, err := s.loginCodec.Encode(s.loginCookieName(), attempt)
	if err != nil {
		return err
	}
	c.SetCookie(s.loginCookie(value, int(login.AttemptTTL.Seconds())))
	return c.Redirect(http.StatusFound, authURL)
}

// authCallback finishes a login (or a link) the provider sent back.
func (s *Server) authCallback(c echo.Context) error {
	p, ok := s.logins.Get(c.Param("provider"))
	if !ok {
		return echo.ErrNotFound
	}
	ck, err := c.Cookie(s.loginCookieName())
	if err != nil {
		return &pageError{status: http.StatusBadRequest, key: "auth.state"}
	}
	c.SetCookie(s.loginCookie("", -1)) // one attempt, one callback
	attempt, err := s.loginCodec.Decode(s.loginCookieName(), ck.Value)
	if err != nil {
		return &pageError{status: http.StatusBadRequest, key: "auth.state", cause: err}
	}
	params, err := c.FormParams() // query for GET; Apple posts a form
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), login.Timeout)
	defer cancel()
	profile, err := p.Finish(ctx, attempt, params)
	if err != nil {
		return loginFailure(err)
	}
	if attempt.LinkTo != "" {
		return s.finishLink(c, attempt.LinkTo, profile)
	}
	u, err := s.accounts.Login(c.Request().Context(), profile)
	if err != nil {
		return err
	}
	return s.loggedIn(c, u, attempt.Next)
}

// loggedIn starts the session and sends a new resident to the question
// about their neighbourhood first.
func (s *Server) loggedIn(c echo.Context, u account.User, next string) error {
	if err := s.startSession(c, u); err != nil {
		return err
	}
	if !u.NeighbourhoodAsked && u.Role == account.Resident {
		return c.Redirect(http.StatusSeeOther, "/profiel/buurt?next="+urlQueryEscape(next))
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) finishLink(c echo.Context, linkTo string, p account.Profile) error {
	u := currentUser(c)
	if u == nil || u.ID.String() != linkTo {
		return &pageError{status: http.StatusBadRequest, key: "auth.state"}
	}
	err := s.accounts.Link(c.Request().Context(), u.ID, p)
	if errors.Is(err, account.ErrIdentityTaken) {
		return c.Redirect(http.StatusSeeOther, "/profiel?melding=bezet")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/profiel?melding=gekoppeld")
}

// loginFailure turns a flow error into its friendly page.
func loginFailure(err error) error {
	switch {
	case errors.Is(err, login.ErrState), errors.Is(err, login.ErrNonce):
		return &pageError{status: http.StatusBadRequest, key: "auth.state", cause: err}
	case errors.Is(err, login.ErrDenied):
		return &pageError{status: http.StatusUnauthorized, key: "auth.denied", cause: err}
	case errors.Is(err, login.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return &pageError{status: http.StatusBadGateway, key: "auth.unavailable", cause: err}
	}
	return err
}

// logout ends this browser's session.
func (s *Server) logout(c echo.Context) error {
	if t := sessionToken(c); t != "" {
		if err := s.accounts.EndSession(c.Request().Context(), t); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/")
}

// demoLoginPost logs in as a seeded demo user. The route only exists on a
// localhost BASE_URL without real providers.
func (s *Server) demoLoginPost(c echo.Context) error {
	id, err := uuid.Parse(c.FormValue("user"))
	if err != nil {
		return apperr.InvalidFields(map[string]string{"user": "auth.demo.pick"})
	}
	users, err := s.accounts.UsersOfProvider(c.Request().Context(), demoProvider)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.ID == id {
			return s.loggedIn(c, u, safeNext(c.FormValue("next")))
		}
	}
	return apperr.InvalidFields(map[string]string{"user": "auth.demo.pick"})
}

// safeNext accepts only a local path to return to, never another site.
func safeNext(next string) string {
	// Browsers drop tabs and newlines from URLs, so "/\t/evil.example"
	// would become "//evil.example": refuse every control character.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	return next
}
