package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/feeds"
	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/discovery"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// feedPageSize is how many entries one page of a feed holds; older ones
// are on the next page (RFC 5005 paged feeds), never cut off.
const feedPageSize = 50

// feedSpec is what one feed is about.
type feedSpec struct {
	Title     string
	Path      string // the feed's own address, without a cursor
	Alternate string // the HTML page it follows
	Scope     discovery.Scope
}

// initiativeFeed is the news, new ideas and start of one initiative.
func (s *Server) initiativeFeed(c echo.Context) error {
	return s.withPublicInitiative(c, func(ini initiative.Initiative) error {
		return s.feed(c, feedSpec{Title: ini.Title, Path: initiativeFeed(ini),
			Alternate: "/initiatief/" + ini.Slug, Scope: discovery.Scope{InitiativeID: &ini.ID}})
	})
}

// neighbourhoodFeed is everything public that happens in a neighbourhood.
func (s *Server) neighbourhoodFeed(c echo.Context) error {
	n, err := s.municipality.NeighbourhoodBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.feed(c, feedSpec{Title: n.Name, Path: "/buurt/" + n.Slug + "/feed",
		Alternate: "/buurt/" + n.Slug, Scope: discovery.Scope{NeighbourhoodID: &n.ID}})
}

// themeFeed is everything public about initiatives with one theme.
func (s *Server) themeFeed(c echo.Context) error {
	themes, err := s.municipality.ListThemes(c.Request().Context())
	if err != nil {
		return err
	}
	for _, th := range themes {
		if th.Slug == c.Param("slug") {
			return s.feed(c, feedSpec{Title: th.Label(localizerOf(c).Lang()), Path: "/thema/" + th.Slug + "/feed",
				Alternate: "/", Scope: discovery.Scope{ThemeID: &th.ID}})
		}
	}
	return echo.ErrNotFound
}

// initiativeFeed is the site path of an initiative's feed; archived
// initiatives have none.
func initiativeFeed(ini initiative.Initiative) string {
	if !discovery.Public(ini) {
		return ""
	}
	return "/initiatief/" + ini.Slug + "/feed"
}

// routeFeed is the feed of a page that does not name one in its Meta:
// a neighbourhood page has its neighbourhood's.
func routeFeed(c echo.Context) string {
	if c.Path() == "/buurt/:slug" && c.Request().Method == http.MethodGet {
		return "/buurt/" + url.PathEscape(c.Param("slug")) + "/feed"
	}
	return ""
}

// pagedAtom is an Atom feed with the several links RFC 5005 paging needs;
// gorilla/feeds' AtomFeed has room for one. The outer Links replace it.
type pagedAtom struct {
	*feeds.AtomFeed
	Links []feeds.AtomLink
}

// feed writes one page (?na= cursor) of spec's entries as Atom.
func (s *Server) feed(c echo.Context, spec feedSpec) error {
	ctx := c.Request().Context()
	cursor := c.QueryParam("na")
	page, err := s.discovery.Entries(ctx, spec.Scope, cursor, feedPageSize)
	if apperr.CodeOf(err) == apperr.Invalid {
		return echo.ErrBadRequest // a cursor we did not make
	}
	if err != nil {
		return err
	}
	settings, err := s.municipality.Settings(ctx)
	if err != nil {
		return err
	}
	loc := localizerOf(c)
	self := spec.Path
	if cursor != "" {
		self += "?" + url.Values{"na": {cursor}}.Encode()
	}
	updated := time.Now()
	if len(page.Entries) > 0 {
		updated = page.Entries[0].CreatedAt
	}
	f := pagedAtom{AtomFeed: &feeds.AtomFeed{Xmlns: "http://www.w3.org/2005/Atom",
		Title: spec.Title + " · " + settings.Name, Id: s.absURL(spec.Path), Updated: atomTime(updated),
		Subtitle: loc.T("reach.feed.subtitle", "Title", spec.Title)}}
	f.Links = []feeds.AtomLink{
		{Href: s.absURL(self), Rel: "self", Type: "application/atom+xml"},
		{Href: s.absURL(spec.Path), Rel: "first", Type: "application/atom+xml"},
		{Href: s.absURL(spec.Alternate), Rel: "alternate", Type: "text/html"},
	}
	if page.Next != "" {
		f.Links = append(f.Links, feeds.AtomLink{Href: s.absURL(spec.Path + "?" + url.Values{"na": {page.Next}}.Encode()),
			Rel: "next", Type: "application/atom+xml"})
	}
	for _, e := range page.Entries {
		f.Entries = append(f.Entries, s.atomEntry(c, e))
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(f); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=300")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// atomEntry turns an entry into Atom: a stable urn:uuid id, a title that
// says what kind of news it is, and the Markdown body as sanitised HTML.
func (s *Server) atomEntry(c echo.Context, e discovery.Entry) *feeds.AtomEntry {
	loc := localizerOf(c)
	link := "/initiatief/" + e.InitiativeSlug
	var title string
	switch e.Kind {
	case discovery.KindUpdate:
		link += "#updates"
		title = loc.T("reach.feed.update", "Initiative", e.InitiativeTitle)
	case discovery.KindIdea:
		link = "/idee/" + e.ID.String()
		title = loc.T("reach.feed.idea", "Title", e.Title, "Initiative", e.InitiativeTitle)
	case discovery.KindActivity:
		link = "/activiteit/" + e.ID.String()
		key := "reach.feed.activity"
		if e.Status == string(volunteer.Cancelled) {
			key = "reach.feed.activity_cancelled"
		}
		var when string
		if e.StartsAt != nil {
			when = formatDateTime(*e.StartsAt, loc.Lang())
		}
		title = loc.T(key, "Title", e.Title, "When", when, "Place", e.Place)
	default:
		title = loc.T("reach.feed.initiative", "Title", e.Title)
	}
	ae := &feeds.AtomEntry{Title: title, Id: entryID(e.ID), Updated: atomTime(e.CreatedAt),
		Published: atomTime(e.CreatedAt), Links: []feeds.AtomLink{{Href: s.absURL(link), Rel: "alternate", Type: "text/html"}},
		Content: &feeds.AtomContent{Type: "html", Content: string(s.markdown.Full(e.Body))}}
	name := e.AuthorName
	if name == "" {
		name = e.InitiativeTitle
	}
	ae.Author = &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: name}}
	return ae
}

func entryID(id uuid.UUID) string { return "urn:uuid:" + id.String() }

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
