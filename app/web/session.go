package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
)

// Context keys for the logged-in user.
const (
	ctxUser  = "user"
	ctxToken = "session_token"
)

// sessionCookieName is __Host- prefixed on https, so the browser only
// accepts it Secure, host-only and for path "/".
func (s *Server) sessionCookieName() string {
	if s.cfg.HTTPS() {
		return "__Host-bb_session"
	}
	return "bb_session"
}

// session loads the user from the session cookie. A cookie that names no
// live session is cleared.
func (s *Server) session(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isAPI(c.Request().URL.Path) { // the API answers to tokens only
			return next(c)
		}
		ck, err := c.Cookie(s.sessionCookieName())
		if err != nil || ck.Value == "" {
			return next(c)
		}
		u, _, err := s.accounts.SessionUser(c.Request().Context(), ck.Value)
		switch {
		case apperr.Is(err, apperr.Unauthorized):
			s.clearSessionCookie(c)
		case err != nil:
			return err
		default:
			c.Set(ctxUser, &u)
			c.Set(ctxToken, ck.Value)
		}
		return next(c)
	}
}

// currentUser is the logged-in user, or nil.
func currentUser(c echo.Context) *account.User {
	u, _ := c.Get(ctxUser).(*account.User)
	return u
}

func sessionToken(c echo.Context) string {
	t, _ := c.Get(ctxToken).(string)
	return t
}

// startSession logs u in: a new session (the old one, if any, ended) and a
// new cookie.
func (s *Server) startSession(c echo.Context, u account.User) error {
	token, err := s.accounts.StartSession(c.Request().Context(), u.ID, userAgentSummary(c.Request().UserAgent()), sessionToken(c))
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: s.sessionCookieName(), Value: token, Path: "/", MaxAge: int(account.MaxSessionAge.Seconds()),
		HttpOnly: true, Secure: s.cfg.HTTPS(), SameSite: http.SameSiteLaxMode,
	})
	c.Set(ctxUser, &u)
	c.Set(ctxToken, token)
	return nil
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.HTTPS(), SameSite: http.SameSiteLaxMode})
	c.Set(ctxUser, nil)
	c.Set(ctxToken, "")
}

// userAgentSummary reduces a User-Agent to "browser on system", enough for
// a user to recognise their own sessions and no more.
func userAgentSummary(ua string) string {
	browser := firstMatch(ua, [][2]string{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"Chrome/", "Chrome"}, {"Chromium/", "Chromium"}, {"Safari/", "Safari"}})
	system := firstMatch(ua, [][2]string{{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}})
	switch {
	case browser == "" && system == "":
		return ""
	case system == "":
		return browser
	case browser == "":
		return system
	}
	return browser + " · " + system
}

func firstMatch(s string, pairs [][2]string) string {
	for _, p := range pairs {
		if strings.Contains(s, p[0]) {
			return p[1]
		}
	}
	return ""
}

// pageError is a failure with its own friendly page: the catalogue keys
// <key>.title and <key>.body.
type pageError struct {
	status int
	key    string
	cause  error
}

func (e *pageError) Error() string {
	if e.cause != nil {
		return e.key + ": " + e.cause.Error()
	}
	return e.key
}

func (e *pageError) Unwrap() error { return e.cause }

func asPageError(err error) (*pageError, bool) {
	var pe *pageError
	ok := errors.As(err, &pe)
	return pe, ok
}
