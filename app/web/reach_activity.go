package web

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/discovery"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/qr"
	"github.com/buurtboost/buurtboost/app/schemaorg"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// The activity side of reach: posters and QR codes for activities, and
// their schema.org Event on the activity page. It builds on package
// volunteer and its web handlers (withActivity, activityView).

// withPublicActivity is withActivity for posters: an activity of an
// initiative that is not public is not found.
func (s *Server) withPublicActivity(c echo.Context, fn func(volunteer.Activity, initiative.Initiative) error) error {
	return s.withActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		if !discovery.Public(ini) {
			return discovery.ErrNotPublic
		}
		return fn(a, ini)
	})
}

// activityPoster shows an A4 (default) or A3 poster of an activity, with
// its date and place.
func (s *Server) activityPoster(c echo.Context) error {
	size, ok := posterSize(c.QueryParam("formaat"))
	if !ok {
		return echo.ErrNotFound
	}
	return s.withPublicActivity(c, func(a volunteer.Activity, ini initiative.Initiative) error {
		nb, err := s.municipality.NeighbourhoodByID(c.Request().Context(), ini.NeighbourhoodID)
		if err != nil {
			return err
		}
		path := "/activiteit/" + a.ID.String()
		loc := localizerOf(c)
		v := posterView{Size: size, Sizes: posterSizes, Title: a.Title, Summary: ini.Title,
			When: formatSpan(a.StartsAt, a.EndsAt, loc.Lang()), Where: a.Place,
			PageURL: s.absURL(path), PagePath: path, Neighbourhood: nb, QRPNG: path + "/qr.png"}
		if a.Status == volunteer.Cancelled {
			v.When = loc.T("reach.poster.cancelled") + " · " + v.When
		}
		if ini.CoverImage != "" {
			v.CoverURL = "/media/" + ini.CoverImage
		}
		svg, err := qr.SVG(v.PageURL, loc.T("reach.poster.qr_label", "Title", a.Title))
		if err != nil {
			return err
		}
		v.QR = template.HTML(svg) // built by package qr, which escapes the label
		return s.render(c, http.StatusOK, "poster#poster", v)
	})
}

// activityQRPNG sends the activity's QR code as a PNG download.
func (s *Server) activityQRPNG(c echo.Context) error {
	return s.withPublicActivity(c, func(a volunteer.Activity, _ initiative.Initiative) error {
		png, err := qr.PNG(s.absURL("/activiteit/"+a.ID.String()), qrPNGSize)
		if err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set(echo.HeaderContentDisposition, `attachment; filename="qr-activiteit-`+a.ID.String()+`.png"`)
		h.Set(echo.HeaderCacheControl, "public, max-age=3600")
		return c.Blob(http.StatusOK, "image/png", png)
	})
}

// structuredData is the schema.org description of a page's data, for its
// JSON-LD block; nil for pages that have none.
func (s *Server) structuredData(data any) any {
	v, ok := data.(activityView)
	if !ok {
		return nil
	}
	a, ini := v.Activity, v.Initiative
	ev := schemaorg.Event{Name: a.Title, Description: s.markdown.Plain(a.Description, 300),
		URL: s.absURL("/activiteit/" + a.ID.String()), Start: a.StartsAt.In(amsterdam), End: a.EndsAt.In(amsterdam),
		Place: a.Place, Organizer: ini.Title, OrganizerURL: s.absURL("/initiatief/" + ini.Slug),
		Cancelled: a.Status == volunteer.Cancelled}
	if ini.CoverImage != "" {
		ev.Image = s.absURL("/media/" + ini.CoverImage)
	}
	return ev.JSONLD()
}
