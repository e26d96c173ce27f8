package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// statusOf maps an error to its HTTP status: echo's own errors keep theirs,
// domain errors by their code, anything else is a 500. This is the one
// place where codes become statuses.
func statusOf(err error) int {
	if pe, ok := asPageError(err); ok {
		return pe.status
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he.Code
	}
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Conflict, apperr.AlreadyExists:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// errorPages have their own title and text in the catalogues; other
// statuses share the nearest one.
var errorPages = map[int]bool{400: true, 401: true, 403: true, 404: true, 405: true, 413: true, 422: true, 429: true, 500: true, 503: true}

// errorView is the data of the error page.
type errorView struct {
	Title, Body string
	RequestID   string
	Login       bool // offer the login page
}

// handleError renders every error as a friendly, localised page. Server
// errors are logged by the request logger with the request id, which the
// page shows so a resident can quote it.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := statusOf(err)
	page := status
	if !errorPages[page] {
		page = 500
		if status < 500 {
			page = 400
		}
	}
	keys := errorKeys(page)
	if pe, ok := asPageError(err); ok {
		keys = []string{pe.key + ".title", pe.key + ".body"}
	}
	v := errorView{Title: keys[0], Body: keys[1], Login: status == http.StatusUnauthorized}
	if status >= 500 {
		v.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	}
	if status == http.StatusMethodNotAllowed {
		// echo sets Allow for 405s on its error; keep it.
		c.Response().Header().Set(echo.HeaderAllow, c.Response().Header().Get(echo.HeaderAllow))
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if rerr := s.render(c, status, "error", v); rerr != nil {
		s.log.Error("render error page", "error", rerr, "cause", err)
		_ = c.String(status, http.StatusText(status))
	}
}

// errorKeys are the title and body message keys of an error page.
func errorKeys(status int) []string {
	p := "error." + strconv.Itoa(status)
	return []string{p + ".title", p + ".body"}
}
