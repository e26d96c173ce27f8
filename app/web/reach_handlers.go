package web

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/discovery"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/qr"
)

// withPublicInitiative is withInitiative for the ways content leaves the
// site (posters, feeds): an initiative that is not public is not found.
func (s *Server) withPublicInitiative(c echo.Context, fn func(initiative.Initiative) error) error {
	return s.withInitiative(c, func(ini initiative.Initiative) error {
		if !discovery.Public(ini) {
			return discovery.ErrNotPublic
		}
		return fn(ini)
	})
}

// posterSizes are the paper sizes a poster comes in; the first is the default.
var posterSizes = []string{"a4", "a3"}

// posterView is a printable poster: what it is about, and a QR code that
// leads to its page.
type posterView struct {
	Size          string // a4 or a3
	Sizes         []string
	Title         string
	Summary       string
	When, Where   string // for activities; "" for initiatives
	CoverURL      string
	PageURL       string // the canonical address the QR code holds
	PagePath      string
	Neighbourhood municipality.Neighbourhood
	QR            template.HTML // inline SVG
	QRPNG         string        // where to download the code as PNG
}

// PageMeta keeps the poster out of search results' way: its page is the
// canonical one.
func (v posterView) PageMeta() Meta {
	return Meta{Title: v.Title, Description: v.Summary, Canonical: v.PageURL, Type: "website"}
}

// initiativePoster shows an A4 (default) or A3 poster of an initiative.
func (s *Server) initiativePoster(c echo.Context) error {
	size, ok := posterSize(c.QueryParam("formaat"))
	if !ok {
		return echo.ErrNotFound
	}
	return s.withPublicInitiative(c, func(ini initiative.Initiative) error {
		nb, err := s.municipality.NeighbourhoodByID(c.Request().Context(), ini.NeighbourhoodID)
		if err != nil {
			return err
		}
		path := "/initiatief/" + ini.Slug
		v := posterView{Size: size, Sizes: posterSizes, Title: ini.Title, Summary: ini.Summary,
			PageURL: s.absURL(path), PagePath: path, Neighbourhood: nb, QRPNG: path + "/qr.png"}
		if ini.CoverImage != "" {
			v.CoverURL = "/media/" + ini.CoverImage
		}
		svg, err := qr.SVG(v.PageURL, localizerOf(c).T("reach.poster.qr_label", "Title", ini.Title))
		if err != nil {
			return err
		}
		v.QR = template.HTML(svg) // built by package qr, which escapes the label
		return s.render(c, http.StatusOK, "poster#poster", v)
	})
}

func posterSize(q string) (string, bool) {
	if q == "" {
		return posterSizes[0], true
	}
	for _, s := range posterSizes {
		if q == s {
			return s, true
		}
	}
	return "", false
}

// qrPNGSize is the PNG's width in pixels: sharp at 10 cm on 300 dpi paper.
const qrPNGSize = 1200

// initiativeQRPNG sends the initiative's QR code as a PNG download.
func (s *Server) initiativeQRPNG(c echo.Context) error {
	return s.withPublicInitiative(c, func(ini initiative.Initiative) error {
		png, err := qr.PNG(s.absURL("/initiatief/"+ini.Slug), qrPNGSize)
		if err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set(echo.HeaderContentDisposition, `attachment; filename="qr-`+ini.Slug+`.png"`)
		h.Set(echo.HeaderCacheControl, "public, max-age=3600")
		return c.Blob(http.StatusOK, "image/png", png)
	})
}
