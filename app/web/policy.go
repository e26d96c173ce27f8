package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
)

// access is who may use a route. Every route is registered with one, and
// this file is the only place that decides: handlers never check roles.
type access int

const (
	anyone      access = iota
	loggedIn           // any logged-in user
	participant        // residents (and organisers): staff and admins watch, they don't take part
	staffOnly          // municipality staff and administrators
	adminOnly          // administrators
)

func (a access) String() string {
	return [...]string{"anyone", "logged in", "participant", "staff", "admin"}[a]
}

// allows reports whether u (nil when anonymous) may use a route with a.
func (a access) allows(u *account.User) bool {
	switch a {
	case anyone:
		return true
	case loggedIn:
		return u != nil
	case participant:
		return u != nil && u.Role == account.Resident
	case staffOnly:
		return u != nil && (u.Role == account.Staff || u.Role == account.Admin)
	case adminOnly:
		return u != nil && u.Role == account.Admin
	}
	return false
}

// routeInfo records a registered route and its access, for the
// authorisation table test.
type routeInfo struct {
	Method, Path string
	Access       access
}

// handle registers h for method and path behind the CSRF check and the
// access check. (Per route rather than as global middleware, so that a
// request for a route that does not exist gets its 404 or 405.)
func (s *Server) handle(method, path string, a access, h echo.HandlerFunc) {
	s.routeTable = append(s.routeTable, routeInfo{method, path, a})
	s.echo.Add(method, path, s.csrfCheck(func(c echo.Context) error {
		u := currentUser(c)
		if a.allows(u) && blockedFrom(u, method, path) {
			return &pageError{status: http.StatusForbidden, key: "error.blocked"}
		}
		if a.allows(u) {
			if err := s.limitAction(c, path); err != nil {
				return err
			}
			if err := s.honeypotFilled(c, path); err != nil {
				return err
			}
			return h(c)
		}
		if u != nil {
			return &pageError{status: http.StatusForbidden, key: "error.403"}
		}
		if c.Request().Method == http.MethodGet {
			return c.Redirect(http.StatusSeeOther, "/inloggen?next="+url.QueryEscape(c.Request().URL.RequestURI()))
		}
		return &pageError{status: http.StatusUnauthorized, key: "error.401"}
	}))
}

// blockedMayWrite are the writes a blocked user keeps: logging in and out,
// and their rights over their own account (a copy of their data, ending
// their sessions, deleting the account).
var blockedMayWrite = map[string]bool{
	"/logout": true, "/auth/:provider/callback": true,
	"/profiel/gegevens": true, "/profiel/sessies/beeindigen": true, "/profiel/verwijderen": true,
}

// blockedFrom reports whether u is blocked and the request writes: a
// blocked user may read everything they could before, and write nothing
// but what blockedMayWrite lists. This is the one place that enforces a
// block.
func blockedFrom(u *account.User, method, path string) bool {
	if u == nil || !u.Blocked() {
		return false
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return !blockedMayWrite[path]
}
