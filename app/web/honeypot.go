package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// honeypotField is a text field on public forms (views/partials/honeypot.html)
// that people never see or reach and form-filling bots fill in.
const honeypotField = "website"

// honeypotRoutes carry the honeypot field.
var honeypotRoutes = map[string]bool{
	"/initiatieven": true, "/initiatief/:slug/ideeen": true, "/idee/:id/reacties": true,
}

// honeypotFilled refuses a post to a honeypot route whose honeypot is
// filled: 422 with the generic "check your input" page, and nothing is
// written. A person never sees the field, so the vague message costs no
// one; a bot learns nothing it can act on.
func (s *Server) honeypotFilled(c echo.Context, path string) error {
	if !honeypotRoutes[path] || c.Request().Method != http.MethodPost {
		return nil
	}
	r := c.Request()
	// An upload not yet parsed (CSRF token in a header) is left for its
	// handler to read under its own body limit.
	if r.MultipartForm == nil && strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		return nil
	}
	if strings.TrimSpace(c.FormValue(honeypotField)) == "" {
		return nil
	}
	s.log.Info("honeypot filled", "path", path, "ip", c.RealIP())
	return &pageError{status: http.StatusUnprocessableEntity, key: "error.422"}
}
