package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// privacyRoutes are a resident's rights under the AVG: a copy of their
// data and the deletion of their account, both from the profile page.
func (s *Server) privacyRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(post, "/profiel/gegevens", loggedIn, s.dataExport)
	s.handle(get, "/profiel/verwijderen", loggedIn, s.accountDeletePage)
	s.handle(post, "/profiel/verwijderen", loggedIn, s.accountDelete)
	s.handle(get, "/account-verwijderd", anyone, s.accountDeleted)
}

// dataExport sends the ZIP of everything kept about the user. It is a POST
// (with the CSRF check) so that no link on another site can make a
// browser fetch it, and it is never cached.
func (s *Server) dataExport(c echo.Context) error {
	data, err := s.privacy.Export(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="buurtboost-mijn-gegevens.zip"`)
	h.Set("Cache-Control", "no-store")
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
	return c.Blob(http.StatusOK, "application/zip", data)
}

type accountDeleteView struct {
	Errors map[string]string
	Notice string // a refusal that is no fault of the form
}

func (s *Server) accountDeletePage(c echo.Context) error {
	return s.render(c, http.StatusOK, "account_delete", accountDeleteView{})
}

// accountDelete deletes the account once the box is ticked, logs the
// browser out and says goodbye. Unticked, the page comes back with 422.
func (s *Server) accountDelete(c echo.Context) error {
	err := s.privacy.DeleteAccount(c.Request().Context(), *currentUser(c), c.FormValue("confirm") == "1")
	if errs := fieldErrors(err); errs != nil {
		return s.render(c, http.StatusUnprocessableEntity, "account_delete", accountDeleteView{Errors: errs})
	}
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Forbidden {
		return s.render(c, http.StatusForbidden, "account_delete", accountDeleteView{Notice: ae.Key})
	}
	if err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/account-verwijderd")
}

func (s *Server) accountDeleted(c echo.Context) error {
	return s.render(c, http.StatusOK, "account_deleted", nil)
}
