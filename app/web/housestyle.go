package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/municipality"
)

// The municipality's colours reach the pages as a stylesheet of their own,
// /huisstijl.css: the Content-Security-Policy allows no inline style. It
// sets the brand tokens of static/css/theme.css (--bb-color-*), from which
// the NL Design System (Utrecht) tokens of links, buttons and the header
// are derived. The layout links it with a version made from its content,
// so a browser keeps it for a year and fetches it anew when the colours
// change.

// houseStylePath is the stylesheet's address.
const houseStylePath = "/huisstijl.css"

// primaryDarken is how much darker than the primary colour links and
// buttons are on hover (theme.css's default is a quarter darker too).
const primaryDarken = 0.25

// houseStyle returns the stylesheet of st's colours and its version; an
// empty stylesheet when st has none. Colours are parsed and written anew,
// so nothing from the database reaches the CSS as it is. A primary colour
// too light to read (stored before the settings checked contrast) is left
// out: the default stays.
func houseStyle(st municipality.Settings) (css, version string) {
	var tokens []string
	set := func(name string, c municipality.Colour) { tokens = append(tokens, "  "+name+": "+c.String()+";\n") }
	if c, err := municipality.ParseColour(st.PrimaryColor); err == nil && municipality.PrimaryReadable(c) {
		set("--bb-color-primary", c)
		set("--bb-color-primary-dark", municipality.Darker(c, primaryDarken))
		set("--bb-color-on-primary", municipality.White) // PrimaryReadable: white on it reaches 4.5:1
	}
	if c, err := municipality.ParseColour(st.AccentColor); err == nil {
		set("--bb-color-accent", c)
		set("--bb-color-on-accent", municipality.OnColour(c))
	}
	if len(tokens) == 0 {
		return "", ""
	}
	css = "/* The municipality's colours, from its settings (/beheer/instellingen). */\n" +
		".buurtboost-theme {\n" + strings.Join(tokens, "") + "}\n"
	sum := sha256.Sum256([]byte(css))
	return css, hex.EncodeToString(sum[:])[:12]
}

// houseStyleURL is the stylesheet's versioned address for the layout, or
// "" when the municipality set no colours.
func houseStyleURL(st municipality.Settings) string {
	if _, v := houseStyle(st); v != "" {
		return houseStylePath + "?v=" + v
	}
	return ""
}

// houseStyleSheet serves the stylesheet: for a year when asked for by its
// current version, else to be checked again (by ETag) on every use.
func (s *Server) houseStyleSheet(c echo.Context) error {
	st, err := s.municipality.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	css, version := houseStyle(st)
	h := c.Response().Header()
	etag := `"` + version + `"`
	h.Set("ETag", etag)
	if version != "" && c.QueryParam("v") == version {
		h.Set(echo.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		h.Set(echo.HeaderCacheControl, "public, no-cache")
	}
	for _, tag := range strings.Split(c.Request().Header.Get("If-None-Match"), ",") {
		if strings.TrimPrefix(strings.TrimSpace(tag), "W/") == etag {
			return c.NoContent(http.StatusNotModified)
		}
	}
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", []byte(css))
}
