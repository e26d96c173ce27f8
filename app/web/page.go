package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Page is what every view gets: the frame the layout needs (municipality,
// current path, the other language's URL) and the page's own Data.
type Page struct {
	Settings   municipality.Settings
	HouseStyle string // the address of the municipality's colours' stylesheet; "" when it set none
	Path       string
	AltLang    string
	AltLangURL string
	User       *account.User // nil when nobody is logged in
	CSRF       string        // the token every form posts back
	Unread     int           // the user's unread notifications, for the bell
	Meta       Meta
	Data       any
}

// Meta is what link previews (WhatsApp, Facebook, X) and search engines read:
// the canonical URL, a description and an image. Titles come from the
// page's "title" block.
type Meta struct {
	Title       string // for og:title; empty means the site name
	Description string
	Image       string // absolute URL
	Canonical   string // absolute URL
	Type        string // og:type: website or article
	// Feed is the site path of the page's Atom feed, for a
	// <link rel="alternate">; "" when it has none.
	Feed string
	// StructuredData is the page's schema.org JSON-LD object; nil for none.
	StructuredData any
}

// metaProvider is view data that describes its own page for previews.
type metaProvider interface{ PageMeta() Meta }

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
	meta := Meta{Type: "website"}
	if mp, ok := data.(metaProvider); ok {
		meta = mp.PageMeta()
	}
	if meta.Canonical == "" {
		meta.Canonical = s.absURL(c.Request().URL.Path)
	}
	if status == http.StatusOK { // an error page has no feed and describes nothing
		if meta.Feed == "" {
			meta.Feed = routeFeed(c)
		}
		if meta.StructuredData == nil {
			meta.StructuredData = s.structuredData(data)
		}
	}
	if meta.Image != "" && strings.HasPrefix(meta.Image, "/") {
		meta.Image = s.absURL(meta.Image)
	}
	return c.Render(status, view, &Page{
		Meta:       meta,
		Settings:   settings,
		HouseStyle: houseStyleURL(settings),
		Path:       c.Request().URL.Path,
		AltLang:    alt,
		AltLangURL: altLangURL(c, alt),
		User:       currentUser(c),
		CSRF:       csrfToken(c),
		Unread:     s.unread(c),
		Data:       data,
	})
}

// absURL makes a site path absolute with BASE_URL.
func (s *Server) absURL(p string) string {
	return strings.TrimSuffix(s.cfg.BaseURL.String(), "/") + p
}

// withQuery returns u's path and query with key set to value. The path
// keeps its escaping and one leading slash: "//host" would link off-site.
func withQuery(u *url.URL, key, value string) string {
	q := u.Query()
	q.Set(key, value)
	return "/" + strings.TrimLeft(u.EscapedPath(), "/\\") + "?" + q.Encode()
}

// altLangURL links to this page in the other language; a page rendered in
// answer to a form post has no address of its own to link to.
func altLangURL(c echo.Context, lang string) string {
	if c.Request().Method != http.MethodGet {
		return ""
	}
	return withQuery(c.Request().URL, "lang", lang)
}
