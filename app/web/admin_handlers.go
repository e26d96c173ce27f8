package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/buurtboost/buurtboost/app/account"
	admins "github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// adminRoutes are the administrators' console. The access level keeps
// everyone else out; package admin checks the role again.
func (s *Server) adminRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(get, "/beheer", adminOnly, s.adminHome)
	s.handle(get, "/beheer/gebruikers", adminOnly, s.adminUsers)
	s.handle(post, "/beheer/gebruikers/:id/rol", adminOnly, s.adminSetRole)
	s.handle(post, "/beheer/gebruikers/:id/blokkeren", adminOnly, s.adminBlock)
	s.handle(post, "/beheer/gebruikers/:id/deblokkeren", adminOnly, s.adminUnblock)
	s.handle(get, "/beheer/logboek", adminOnly, s.adminAudit)
	s.handle(get, "/beheer/buurten", adminOnly, s.adminNeighbourhoods)
	s.handle(get, "/beheer/instellingen", adminOnly, s.adminSettings)
	s.handle(get, "/beheer/themas", adminOnly, s.adminThemes)
	s.handle(get, "/beheer/meldingen", adminOnly, s.adminReports)
	s.handle(post, "/beheer/meldingen/:kind/:id/afwijzen", adminOnly, s.adminDismiss)
	s.handle(post, "/beheer/meldingen/:kind/:id/verbergen", adminOnly, s.adminHide)
	s.handle(post, "/beheer/themas", adminOnly, s.adminThemeCreate)
	s.handle(post, "/beheer/themas/:id", adminOnly, s.adminThemeSave)
	s.handle(post, "/beheer/instellingen", adminOnly, s.adminSettingsSave)
	s.handle(post, "/beheer/buurten/import", adminOnly, middleware.BodyLimit(importUpload)(s.adminImport))
}

func (s *Server) adminHome(c echo.Context) error {
	return s.render(c, http.StatusOK, "admin", nil)
}

type adminUsersView struct {
	Users   []adminUserRow
	Roles   []account.Role
	Query   string
	Full    bool // the list stopped at admins.PageSize
	Notice  string
	Problem string // a refusal that is no fault of a form field
	// The form that failed: which user and which action ("role" or
	// "block"), its field errors and the reason as typed.
	FormUser   uuid.UUID
	FormAction string
	Errors     map[string]string
	Reason     string
}

type adminUserRow struct {
	account.User
	Self bool
}

// adminUsers lists users, or those matching ?q=.
func (s *Server) adminUsers(c echo.Context) error {
	v := adminUsersView{Query: c.QueryParam("q")}
	if c.QueryParam("melding") == "opgeslagen" {
		v.Notice = "admin.users.saved"
	}
	return s.renderAdminUsers(c, http.StatusOK, v)
}

func (s *Server) renderAdminUsers(c echo.Context, status int, v adminUsersView) error {
	me := currentUser(c)
	us, err := s.admin.Users(c.Request().Context(), *me, v.Query)
	if err != nil {
		return err
	}
	for _, u := range us {
		v.Users = append(v.Users, adminUserRow{User: u, Self: u.ID == me.ID})
	}
	v.Full = len(us) == admins.PageSize
	v.Roles = []account.Role{account.Resident, account.Staff, account.Admin}
	return s.render(c, status, "admin_users", v)
}

// adminSetRole changes a user's role (with an optional reason).
func (s *Server) adminSetRole(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	role, ok := account.ParseRole(c.FormValue("role"))
	reason := c.FormValue("reason")
	if !ok {
		err = apperr.InvalidFields(map[string]string{"role": "error.invalid"})
	} else {
		err = s.admin.SetRole(c.Request().Context(), *currentUser(c), id, role, reason)
	}
	return s.adminDone(c, err, id, "role", reason)
}

// adminBlock blocks a user with a reason they are shown.
func (s *Server) adminBlock(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	reason := c.FormValue("reason")
	err = s.admin.Block(c.Request().Context(), *currentUser(c), id, reason)
	return s.adminDone(c, err, id, "block", reason)
}

func (s *Server) adminUnblock(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	err = s.admin.Unblock(c.Request().Context(), *currentUser(c), id)
	return s.adminDone(c, err, id, "unblock", "")
}

// adminDone answers a user action: back to the list (keeping the search)
// when it worked, the list again with the form's errors (422) or the
// refusal (409) when not.
func (s *Server) adminDone(c echo.Context, err error, id uuid.UUID, action, reason string) error {
	q := c.FormValue("q")
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/beheer/gebruikers?melding=opgeslagen&q="+url.QueryEscape(q))
	}
	v := adminUsersView{Query: q, FormUser: id, FormAction: action, Reason: reason}
	if errs := fieldErrors(err); errs != nil {
		v.Errors = errs
		return s.renderAdminUsers(c, http.StatusUnprocessableEntity, v)
	}
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Conflict {
		v.Problem = ae.Key
		return s.renderAdminUsers(c, http.StatusConflict, v)
	}
	return err
}

type auditRow struct {
	When, Who, Action, Subject, Reason string
	Former                             bool // the actor's account is gone
}

// adminAudit shows the newest entries of the audit log.
func (s *Server) adminAudit(c echo.Context) error {
	es, err := s.admin.AuditLog(c.Request().Context(), *currentUser(c), 200)
	if err != nil {
		return err
	}
	lang := localizerOf(c).Lang()
	rows := make([]auditRow, 0, len(es))
	for _, e := range es {
		rows = append(rows, auditRow{When: formatDateTime(e.CreatedAt, lang), Who: e.ActorName, Former: e.ActorID == nil,
			Action: "admin.audit.action." + string(e.Action), Subject: e.SubjectKind + " " + e.SubjectID, Reason: e.Reason})
	}
	return s.render(c, http.StatusOK, "admin_audit", rows)
}

// importUpload bounds the import's request: both files' limit plus room
// for the rest of the form. The service reports a file over its limit.
const importUpload = "21M"

type adminNeighbourhoodsView struct {
	Neighbourhoods []municipality.Neighbourhood
	Problems       []admins.Problem
	Imported       *admins.ImportResult
	CodeProperties []string // the GeoJSON properties that may name a CBS code
}

func (s *Server) adminNeighbourhoods(c echo.Context) error {
	v := adminNeighbourhoodsView{}
	if c.QueryParam("melding") == "geimporteerd" {
		added, _ := strconv.Atoi(c.QueryParam("nieuw"))
		updated, _ := strconv.Atoi(c.QueryParam("bijgewerkt"))
		outlines, _ := strconv.Atoi(c.QueryParam("grenzen"))
		v.Imported = &admins.ImportResult{Added: added, Updated: updated, Outlines: outlines}
	}
	return s.renderAdminNeighbourhoods(c, http.StatusOK, v)
}

func (s *Server) renderAdminNeighbourhoods(c echo.Context, status int, v adminNeighbourhoodsView) error {
	ns, err := s.admin.Neighbourhoods(c.Request().Context(), *currentUser(c))
	if err != nil {
		return err
	}
	v.Neighbourhoods, v.CodeProperties = ns, admins.OutlineCodeProperties()
	return s.render(c, status, "admin_neighbourhoods", v)
}

// adminImport imports the uploaded CSV file of neighbourhoods and GeoJSON
// file of their outlines (either may be missing), all or nothing: when
// anything is wrong the page lists every problem (422) and nothing changed.
func (s *Server) adminImport(c echo.Context) error {
	var files admins.ImportFiles
	for field, r := range map[string]*io.Reader{"bestand": &files.CSV, "grenzen": &files.Outlines} {
		fh, err := c.FormFile(field)
		if err != nil { // no file, or no multipart form: the service says what is missing
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		*r = f
	}
	res, problems, err := s.admin.ImportNeighbourhoods(c.Request().Context(), *currentUser(c), files)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderAdminNeighbourhoods(c, http.StatusUnprocessableEntity, adminNeighbourhoodsView{Problems: problems})
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/beheer/buurten?melding=geimporteerd&nieuw=%d&bijgewerkt=%d&grenzen=%d",
		res.Added, res.Updated, res.Outlines))
}

type adminSettingsView struct {
	Form   admins.Settings
	Errors map[string]string
	Saved  bool
}

func (s *Server) adminSettings(c echo.Context) error {
	st, err := s.admin.Settings(c.Request().Context(), *currentUser(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_settings", adminSettingsView{Form: st, Saved: c.QueryParam("melding") == "opgeslagen"})
}

// adminSettingsSave stores the settings; bad input comes back with 422.
func (s *Server) adminSettingsSave(c echo.Context) error {
	form := admins.Settings{Name: c.FormValue("name"), LogoURL: c.FormValue("logo_url"), PrimaryColor: c.FormValue("primary_color"),
		AccentColor: c.FormValue("accent_color"), PrivacyContact: c.FormValue("privacy_contact")}
	err := s.admin.SaveSettings(c.Request().Context(), *currentUser(c), form)
	if errs := fieldErrors(err); errs != nil {
		return s.render(c, http.StatusUnprocessableEntity, "admin_settings", adminSettingsView{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/beheer/instellingen?melding=opgeslagen")
}

type adminThemesView struct {
	Themes []municipality.Theme
	Saved  bool
	// The form that failed: uuid.Nil for the new theme's.
	FormID uuid.UUID
	Form   admins.ThemeInput
	Errors map[string]string
}

func (s *Server) adminThemes(c echo.Context) error {
	return s.renderAdminThemes(c, http.StatusOK, adminThemesView{Saved: c.QueryParam("melding") == "opgeslagen"})
}

func (s *Server) renderAdminThemes(c echo.Context, status int, v adminThemesView) error {
	ts, err := s.admin.Themes(c.Request().Context(), *currentUser(c))
	if err != nil {
		return err
	}
	v.Themes = ts
	return s.render(c, status, "admin_themes", v)
}

func themeForm(c echo.Context) admins.ThemeInput {
	return admins.ThemeInput{LabelNL: c.FormValue("label_nl"), LabelEN: c.FormValue("label_en")}
}

func (s *Server) adminThemeCreate(c echo.Context) error {
	form := themeForm(c)
	_, err := s.admin.CreateTheme(c.Request().Context(), *currentUser(c), form)
	return s.adminThemeDone(c, err, uuid.Nil, form)
}

func (s *Server) adminThemeSave(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return echo.ErrNotFound
	}
	form := themeForm(c)
	err = s.admin.UpdateTheme(c.Request().Context(), *currentUser(c), id, form)
	return s.adminThemeDone(c, err, id, form)
}

func (s *Server) adminThemeDone(c echo.Context, err error, id uuid.UUID, form admins.ThemeInput) error {
	if errs := fieldErrors(err); errs != nil {
		return s.renderAdminThemes(c, http.StatusUnprocessableEntity, adminThemesView{FormID: id, Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/beheer/themas?melding=opgeslagen")
}

// reportKinds are the kinds a dismissal may name in its path.
var reportKinds = map[string]bool{"initiative": true, "idea": true, "comment": true, "update": true}

type adminReportsView struct {
	Groups []admins.ReportGroup
	Done   bool
	// The form that failed: its item, its field errors and the reason typed.
	FormID uuid.UUID
	Errors map[string]string
	Reason string
}

func (s *Server) adminReports(c echo.Context) error {
	return s.renderAdminReports(c, http.StatusOK, adminReportsView{Done: c.QueryParam("melding") == "afgehandeld"})
}

func (s *Server) renderAdminReports(c echo.Context, status int, v adminReportsView) error {
	gs, err := s.admin.OpenReports(c.Request().Context(), *currentUser(c))
	if err != nil {
		return err
	}
	v.Groups = gs
	return s.render(c, status, "admin_reports", v)
}

// adminDismiss resolves the reports about an item without acting on it.
func (s *Server) adminDismiss(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil || !reportKinds[c.Param("kind")] {
		return echo.ErrNotFound
	}
	reason := c.FormValue("reason")
	err = s.admin.Dismiss(c.Request().Context(), *currentUser(c), c.Param("kind"), id, reason)
	return s.adminReportDone(c, err, id, reason)
}

// adminHide hides a reported item of any kind with a public reason.
func (s *Server) adminHide(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil || !reportKinds[c.Param("kind")] {
		return echo.ErrNotFound
	}
	reason := c.FormValue("reason")
	err = s.admin.Hide(c.Request().Context(), *currentUser(c), c.Param("kind"), id, reason)
	return s.adminReportDone(c, err, id, reason)
}

func (s *Server) adminReportDone(c echo.Context, err error, id uuid.UUID, reason string) error {
	if errs := fieldErrors(err); errs != nil {
		return s.renderAdminReports(c, http.StatusUnprocessableEntity, adminReportsView{FormID: id, Errors: errs, Reason: reason})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/beheer/meldingen?melding=afgehandeld")
}
