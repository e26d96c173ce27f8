package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/upload"
)

// maxCoverBytes is the largest cover image accepted (before processing).
const maxCoverBytes = 5 << 20

type initiativeForm struct {
	Editing        bool
	Initiative     initiative.Initiative
	Input          initiative.Input
	Errors         map[string]string
	Neighbourhoods []municipality.Neighbourhood
	Themes         []municipality.Theme
	Statuses       []initiative.Status
}

// Checked reports whether the theme is among the form's themes.
func (f initiativeForm) Checked(themeID uuid.UUID) bool {
	for _, id := range f.Input.ThemeIDs {
		if id == themeID.String() {
			return true
		}
	}
	return false
}

func (s *Server) renderInitiativeForm(c echo.Context, status int, f initiativeForm) error {
	ctx := c.Request().Context()
	var err error
	if f.Neighbourhoods, err = s.municipality.ListNeighbourhoods(ctx); err != nil {
		return err
	}
	if f.Themes, err = s.municipality.ListThemes(ctx); err != nil {
		return err
	}
	f.Statuses = initiative.Statuses()
	return s.render(c, status, "initiative_form", f)
}

func (s *Server) initiativeNew(c echo.Context) error {
	in := initiative.Input{}
	if u := currentUser(c); u.NeighbourhoodID != nil {
		in.NeighbourhoodID = u.NeighbourhoodID.String()
	}
	return s.renderInitiativeForm(c, http.StatusOK, initiativeForm{Input: in})
}

func initiativeInput(c echo.Context) initiative.Input {
	form, _ := c.FormParams()
	return initiative.Input{
		Title: c.FormValue("title"), Summary: c.FormValue("summary"), Description: c.FormValue("description"),
		NeighbourhoodID: c.FormValue("neighbourhood"), ThemeIDs: form["themes"], Status: c.FormValue("status"),
		Links: initiative.Links{
			Website: c.FormValue("website_url"), Facebook: c.FormValue("facebook_url"),
			Instagram: c.FormValue("instagram_url"), X: c.FormValue("x_url"), WhatsApp: c.FormValue("whatsapp_url"),
		},
	}
}

// initiativeCreate creates an initiative; a bad field or a bad image
// re-renders the form with the input kept, and nothing is stored. The image
// is checked first, so an initiative is only created with a usable cover.
func (s *Server) initiativeCreate(c echo.Context) error {
	in := initiativeInput(c)
	cover, coverErr := s.readCover(c)
	if coverErr != nil {
		return s.renderInitiativeForm(c, http.StatusUnprocessableEntity, initiativeForm{Input: in, Errors: coverErr})
	}
	ini, err := s.initiatives.Create(c.Request().Context(), *currentUser(c), in)
	if errs := fieldErrors(err); errs != nil {
		return s.renderInitiativeForm(c, http.StatusUnprocessableEntity, initiativeForm{Input: in, Errors: errs})
	}
	if err != nil {
		return err
	}
	if err := s.saveCover(c, ini, cover); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/initiatief/"+ini.Slug)
}

// readCover reads and processes the optional "cover" file. It returns the
// JPEG bytes, or a field error for the form.
func (s *Server) readCover(c echo.Context) ([]byte, map[string]string) {
	fh, err := c.FormFile("cover")
	if err != nil || fh.Size == 0 {
		return nil, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, map[string]string{"cover": "initiative.cover.corrupt"}
	}
	defer f.Close()
	// Decoding a large photo takes hundreds of MB for a moment; at most
	// imageSlots run at once, the rest wait their turn.
	s.imageSlots <- struct{}{}
	jpeg, _, _, err := upload.ProcessImage(f, maxCoverBytes)
	<-s.imageSlots
	switch {
	case errors.Is(err, upload.ErrTooBig):
		return nil, map[string]string{"cover": "initiative.cover.too_big"}
	case errors.Is(err, upload.ErrType):
		return nil, map[string]string{"cover": "initiative.cover.type"}
	case err != nil:
		return nil, map[string]string{"cover": "initiative.cover.corrupt"}
	}
	return jpeg, nil
}

// saveCover stores a processed cover under a new key and points the
// initiative at it.
func (s *Server) saveCover(c echo.Context, ini initiative.Initiative, jpeg []byte) error {
	if jpeg == nil {
		return nil
	}
	ctx := c.Request().Context()
	key := "covers/" + uuid.NewString() + ".jpg"
	if err := s.uploads.Put(ctx, key, bytes.NewReader(jpeg), "image/jpeg"); err != nil {
		return err
	}
	if err := s.initiatives.SetCover(ctx, *currentUser(c), ini.ID, key); err != nil {
		_ = s.uploads.Delete(ctx, key)
		return err
	}
	if ini.CoverImage != "" {
		_ = s.uploads.Delete(ctx, ini.CoverImage)
	}
	return nil
}

// mediaPolicy is the Content-Security-Policy of an uploaded image: should a
// browser ever render one as a document, it runs nothing and loads nothing
// but itself, in a sandbox.
const mediaPolicy = "default-src 'none'; img-src 'self'; sandbox"

// media serves stored uploads; keys are random, so they cache forever.
// Every upload is re-encoded as a JPEG (see upload.ProcessImage), so only
// JPEG keys exist and the type is fixed, never sniffed or taken from the
// uploader; the key's characters are checked by the store's Open.
func (s *Server) media(c echo.Context) error {
	key := c.Param("*")
	if !strings.HasPrefix(key, "covers/") || !strings.HasSuffix(key, ".jpg") {
		return echo.ErrNotFound
	}
	r, err := s.uploads.Open(c.Request().Context(), key)
	if err != nil {
		return echo.ErrNotFound
	}
	defer r.Close()
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "public, max-age=31536000, immutable")
	h.Set(echo.HeaderContentType, "image/jpeg")
	h.Set(echo.HeaderXContentTypeOptions, "nosniff")
	h.Set(echo.HeaderContentDisposition, `inline; filename="`+key[strings.LastIndexByte(key, '/')+1:]+`"`)
	h.Set(echo.HeaderContentSecurityPolicy, mediaPolicy)
	c.Response().WriteHeader(http.StatusOK)
	_, err = io.Copy(c.Response(), r)
	return err
}

// loadInitiative finds the initiative of the :slug parameter.
func (s *Server) loadInitiative(c echo.Context) (initiative.Initiative, error) {
	ini, redirect, err := s.initiatives.BySlug(c.Request().Context(), c.Param("slug"))
	if err == nil && redirect != "" {
		return ini, &redirectError{to: strings.Replace(c.Request().URL.Path, "/"+c.Param("slug"), "/"+redirect, 1)}
	}
	return ini, err
}

// redirectError sends the browser to an initiative's current address.
type redirectError struct{ to string }

func (e *redirectError) Error() string { return "moved to " + e.to }

func (s *Server) withInitiative(c echo.Context, fn func(initiative.Initiative) error) error {
	ini, err := s.loadInitiative(c)
	var re *redirectError
	if errors.As(err, &re) {
		return c.Redirect(http.StatusMovedPermanently, re.to)
	}
	if err != nil {
		return err
	}
	return fn(ini)
}

type initiativeView struct {
	Initiative    initiative.Initiative
	Neighbourhood municipality.Neighbourhood
	Description   template.HTML
	CoverURL      string
	Organisers    []account.User
	IsOrganiser   bool
	IsFollowing   bool
	Updates       []updateRow
	Ideas         ideaList
	Themes        []municipality.Theme
	UpdateErrors  map[string]string
	UpdateBody    string
	InviteLink    string
	Volunteering  volunteerSection
	// Hidden is what moderation hid of the initiative.
	Hidden   hidden
	Reported bool // the viewer just reported something on the page
	meta     Meta
}

func (v initiativeView) PageMeta() Meta { return v.meta }

type updateRow struct {
	ID         uuid.UUID
	AuthorName string
	Date       string
	Body       template.HTML // empty when the viewer may not read it
	Hidden     hidden
}

func (s *Server) initiativePage(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		v, err := s.initiativeView(c, ini)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, "initiative", v)
	})
}

func (s *Server) initiativeView(c echo.Context, ini initiative.Initiative) (initiativeView, error) {
	ctx := c.Request().Context()
	v := initiativeView{Initiative: ini, Description: s.markdown.Full(ini.Description), Reported: c.QueryParam("gemeld") == "1"}
	var err error
	if v.Neighbourhood, err = s.municipality.NeighbourhoodByID(ctx, ini.NeighbourhoodID); err != nil {
		return v, err
	}
	if v.Organisers, err = s.initiatives.Organisers(ctx, ini.ID); err != nil {
		return v, err
	}
	u := currentUser(c)
	if err := s.viewerState(ctx, u, &v); err != nil {
		return v, err
	}
	if v.Hidden, err = s.hiddenFor(c, "initiative", ini.ID, ini.Concealment, v.IsOrganiser, adminOnly.allows(u), "/initiatief/"+ini.Slug); err != nil {
		return v, err
	}
	if v.Hidden.Notice != "" { // nothing of it is shown
		v.meta = Meta{Title: localizerOf(c).T("moderation.hidden.title"), Canonical: s.absURL("/initiatief/" + ini.Slug)}
		return v, nil
	}
	if v.Updates, err = s.updateRows(c, ini, v.IsOrganiser || adminOnly.allows(u)); err != nil {
		return v, err
	}
	if v.Themes, err = s.municipality.ListThemes(ctx); err != nil {
		return v, err
	}
	if v.Ideas, err = s.ideaList(c, ini); err != nil {
		return v, err
	}
	if v.Volunteering, err = s.volunteerSection(c, ini, v.IsOrganiser); err != nil {
		return v, err
	}
	if ini.CoverImage != "" {
		v.CoverURL = "/media/" + ini.CoverImage
	}
	v.meta = Meta{Title: ini.Title, Description: ini.Summary, Image: v.CoverURL, Type: "article",
		Canonical: s.absURL("/initiatief/" + ini.Slug), Feed: initiativeFeed(ini)}
	return v, nil
}

func (s *Server) viewerState(ctx context.Context, u *account.User, v *initiativeView) error {
	if u == nil {
		return nil
	}
	var err error
	for _, o := range v.Organisers {
		v.IsOrganiser = v.IsOrganiser || o.ID == u.ID
	}
	v.IsFollowing, err = s.initiatives.IsFollowing(ctx, v.Initiative.ID, u.ID)
	return err
}

// updateRows are the initiative's latest updates; a hidden one shows its
// reason instead, except to moderators and its author.
func (s *Server) updateRows(c echo.Context, ini initiative.Initiative, moderator bool) ([]updateRow, error) {
	ups, err := s.initiatives.Updates(c.Request().Context(), ini.ID, 10)
	if err != nil {
		return nil, err
	}
	lang := localizerOf(c).Lang()
	viewer := currentUser(c)
	rows := make([]updateRow, 0, len(ups))
	for _, u := range ups {
		row := updateRow{ID: u.ID, AuthorName: u.AuthorName, Date: formatDate(u.CreatedAt, lang)}
		back := "/initiatief/" + ini.Slug + "#update-" + u.ID.String()
		if row.Hidden, err = s.hiddenFor(c, "update", u.ID, u.Concealment, isUser(viewer, u.AuthorID), moderator, back); err != nil {
			return nil, err
		}
		if row.Hidden.Notice == "" {
			row.Body = s.markdown.Full(u.Body)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// ideaList is one page of an initiative's ideas with the filter that made it.
type ideaList struct {
	Ideas     []ideaCard
	Sort      string
	Status    string
	Theme     string
	NextURL   string
	Statuses  []idea.Status
	BaseQuery string
}

// ideaCard is an idea in a list, with whether the viewer supports it.
type ideaCard struct {
	idea.Idea
	Supported bool
	CanVote   bool
	Anonymous bool   // the button is a link to the login page
	Focus     bool   // an htmx swap: the new button takes the focus
	Back      string // where a plain form post returns to: the listing page
	CSRF      string
}

func (s *Server) ideaList(c echo.Context, ini initiative.Initiative) (ideaList, error) {
	l := ideaList{Sort: c.QueryParam("sort"), Status: c.QueryParam("status"), Theme: c.QueryParam("thema"), Statuses: idea.Statuses()}
	q := idea.Query{InitiativeID: ini.ID, Sort: l.Sort, Status: idea.Status(l.Status), Cursor: c.QueryParam("na"), Limit: 20}
	if l.Theme != "" {
		id, err := uuid.Parse(l.Theme)
		if err != nil {
			return l, apperr.InvalidFields(map[string]string{"thema": "idea.theme.unknown"})
		}
		q.ThemeID = &id
	}
	page, err := s.ideas.List(c.Request().Context(), q)
	if err != nil {
		return l, err
	}
	if l.Ideas, err = s.ideaCards(c, page.Ideas); err != nil {
		return l, err
	}
	if page.Next != "" {
		next := url.Values{"sort": {l.Sort}, "status": {l.Status}, "thema": {l.Theme}, "na": {page.Next}}
		l.NextURL = "/initiatief/" + ini.Slug + "?" + next.Encode() + "#ideeen"
	}
	return l, nil
}

// ideaCards adds the viewer's support state to ideas in one query.
func (s *Server) ideaCards(c echo.Context, ideas []idea.Idea) ([]ideaCard, error) {
	u := currentUser(c)
	supported := map[uuid.UUID]bool{}
	if u != nil && len(ideas) > 0 {
		ids := make([]uuid.UUID, len(ideas))
		for i, it := range ideas {
			ids[i] = it.ID
		}
		var err error
		if supported, err = s.ideas.SupportedAmong(c.Request().Context(), u.ID, ids); err != nil {
			return nil, err
		}
	}
	cards := make([]ideaCard, len(ideas))
	for i, it := range ideas {
		cards[i] = ideaCard{Idea: it, Supported: supported[it.ID], CanVote: canVote(u), Anonymous: u == nil,
			CSRF: csrfToken(c), Back: backTo(c, it)}
	}
	return cards, nil
}

// canVote: anonymous visitors see the button (it leads to the login page);
// staff and admins watch and do not vote.
func canVote(u *account.User) bool { return u == nil || u.Role == account.Resident }

func (s *Server) initiativeEdit(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		ok, err := s.initiatives.IsOrganiser(c.Request().Context(), ini.ID, currentUser(c).ID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.E(apperr.Forbidden, "error.forbidden")
		}
		in := ini.Input()
		return s.renderInitiativeForm(c, http.StatusOK, initiativeForm{Editing: true, Initiative: ini, Input: in})
	})
}

func (s *Server) initiativeSave(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		in := initiativeInput(c)
		cover, coverErr := s.readCover(c)
		if coverErr != nil {
			return s.renderInitiativeForm(c, http.StatusUnprocessableEntity, initiativeForm{Editing: true, Initiative: ini, Input: in, Errors: coverErr})
		}
		saved, err := s.initiatives.Update(c.Request().Context(), *currentUser(c), ini.ID, in)
		if errs := fieldErrors(err); errs != nil {
			return s.renderInitiativeForm(c, http.StatusUnprocessableEntity, initiativeForm{Editing: true, Initiative: ini, Input: in, Errors: errs})
		}
		if err != nil {
			return err
		}
		if err := s.saveCover(c, saved, cover); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/initiatief/"+saved.Slug)
	})
}

func (s *Server) follow(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		if err := s.initiatives.Follow(c.Request().Context(), *currentUser(c), ini.ID); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/initiatief/"+ini.Slug)
	})
}

func (s *Server) unfollow(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		if err := s.initiatives.Unfollow(c.Request().Context(), *currentUser(c), ini.ID); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/initiatief/"+ini.Slug)
	})
}

// invite makes a one-time co-organiser link and shows it on the page.
func (s *Server) invite(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		token, _, err := s.initiatives.Invite(c.Request().Context(), *currentUser(c), ini.ID)
		if err != nil {
			return err
		}
		v, err := s.initiativeView(c, ini)
		if err != nil {
			return err
		}
		v.InviteLink = s.absURL("/uitnodiging/" + token)
		return s.render(c, http.StatusOK, "initiative", v)
	})
}

func (s *Server) leave(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		if err := s.initiatives.Leave(c.Request().Context(), *currentUser(c), ini.ID); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/initiatief/"+ini.Slug)
	})
}

func (s *Server) postUpdate(c echo.Context) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		body := c.FormValue("body")
		_, err := s.initiatives.PostUpdate(c.Request().Context(), *currentUser(c), ini.ID, body)
		if errs := fieldErrors(err); errs != nil {
			v, verr := s.initiativeView(c, ini)
			if verr != nil {
				return verr
			}
			v.UpdateErrors, v.UpdateBody = errs, body
			return s.render(c, http.StatusUnprocessableEntity, "initiative", v)
		}
		if err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/initiatief/"+ini.Slug+"#updates")
	})
}

type invitationView struct {
	Initiative initiative.Initiative
	Token      string
}

func (s *Server) invitation(c echo.Context) error {
	ini, err := s.initiatives.InviteInfo(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "invitation", invitationView{Initiative: ini, Token: c.Param("token")})
}

func (s *Server) acceptInvitation(c echo.Context) error {
	ini, err := s.initiatives.AcceptInvite(c.Request().Context(), *currentUser(c), c.Param("token"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/initiatief/"+ini.Slug)
}

// backTo is the page a support button returns to without JavaScript: the
// page that lists the idea, or (on a POST) the return path it was given.
func backTo(c echo.Context, it idea.Idea) string {
	if c.Request().Method == http.MethodGet {
		return c.Request().URL.RequestURI()
	}
	return safeNextOr(c.FormValue("terug"), "/idee/"+it.ID.String())
}
