package web

import (
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Page is what every view gets: the frame the layout needs (municipality,
// current path, the other language's URL) and the page's own Data.
type Page struct {
	Settings   municipality.Settings
	Path       string
	AltLang    string
	AltLangURL string
	User       *account.User // nil when nobody is logged in
	CSRF       string        // the token every form posts back
	Data       any
}

// render renders view as a full page with status.
func (s *Server) render(c echo.Context, status int, view string, data any) error {
	settings, err := s.municipality.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	lang := localizerOf(c).Lang()
	alt := "en"
	if lang == "en" {
		alt = "nl"
	}
	return c.Render(status, view, &Page{
		Settings:   settings,
		Path:       c.Request().URL.Path,
		AltLang:    alt,
		AltLangURL: withQuery(c.Request().URL, "lang", alt),
		User:       currentUser(c),
		CSRF:       csrfToken(c),
		Data:       data,
	})
}

// withQuery returns u's path and query with key set to value.
func withQuery(u *url.URL, key, value string) string {
	q := u.Query()
	q.Set(key, value)
	return u.Path + "?" + q.Encode()
}
