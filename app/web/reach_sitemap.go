package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/discovery"
)

// sitemapSize is how many locations one sitemap file lists; the protocol
// allows 50,000, and the index lists as many files as it takes.
const sitemapSize = 10000

// staticPages are the public pages that are not content.
var staticPages = []string{"/", "/privacy", "/toegankelijkheid", "/insluiten"}

type sitemapIndexXML struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type urlSetXML struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapIndex lists the sitemap files: /sitemap/1 onwards.
func (s *Server) sitemapIndex(c echo.Context) error {
	n, err := s.discovery.CountLocations(c.Request().Context())
	if err != nil {
		return err
	}
	idx := sitemapIndexXML{}
	for i := 1; i <= sitemapFiles(n); i++ {
		idx.Sitemaps = append(idx.Sitemaps, sitemapLoc{Loc: s.absURL("/sitemap/" + strconv.Itoa(i))})
	}
	return writeXML(c, idx)
}

// sitemapFiles is how many files n locations take; there is always one,
// for the static pages.
func sitemapFiles(n int) int { return max(1, (n+sitemapSize-1)/sitemapSize) }

// sitemapPage is one sitemap file; the first also lists the static pages.
func (s *Server) sitemapPage(c echo.Context) error {
	ctx := c.Request().Context()
	page, err := strconv.Atoi(c.Param("n"))
	if err != nil || page < 1 || strconv.Itoa(page) != c.Param("n") {
		return echo.ErrNotFound
	}
	n, err := s.discovery.CountLocations(ctx)
	if err != nil {
		return err
	}
	if page > sitemapFiles(n) {
		return echo.ErrNotFound
	}
	locs, err := s.discovery.Locations(ctx, page-1, sitemapSize)
	if err != nil {
		return err
	}
	set := urlSetXML{}
	if page == 1 {
		for _, p := range staticPages {
			set.URLs = append(set.URLs, sitemapLoc{Loc: s.absURL(p)})
		}
	}
	for _, l := range locs {
		set.URLs = append(set.URLs, sitemapLoc{Loc: s.absURL(locationPath(l)), LastMod: l.LastMod.UTC().Format(time.RFC3339)})
	}
	return writeXML(c, set)
}

func locationPath(l discovery.Location) string {
	switch l.Kind {
	case discovery.LocNeighbourhood:
		return "/buurt/" + l.Key
	case discovery.LocInitiative:
		return "/initiatief/" + l.Key
	case discovery.LocActivity:
		return "/activiteit/" + l.Key
	}
	return "/idee/" + l.Key
}

func writeXML(c echo.Context, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=3600")
	return c.Blob(http.StatusOK, "application/xml; charset=utf-8", buf.Bytes())
}

// robots keeps crawlers off personal and duplicate pages and points them at
// the sitemap.
func (s *Server) robots(c echo.Context) error {
	lines := []string{"User-agent: *"}
	for _, p := range []string{"/profiel", "/inloggen", "/auth/", "/uitnodiging/", "/embed/", "/melden"} {
		lines = append(lines, "Disallow: "+p)
	}
	lines = append(lines, "Allow: /", "", "Sitemap: "+s.absURL("/sitemap.xml"), "")
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(strings.Join(lines, "\n")))
}
