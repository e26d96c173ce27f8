package municipality

import (
	"fmt"
	"math"
	"strconv"
)

// Colour is an sRGB colour, as the settings store it (#rrggbb).
type Colour struct{ R, G, B uint8 }

// The colours of the house style's surfaces (static/css/theme.css) that
// the municipality's colours must be readable against.
var (
	White = Colour{0xff, 0xff, 0xff}
	Black = Colour{0x1a, 0x1a, 0x1a} // --bb-color-text
	// Subtle is the light grey of notices and the footer, where links in
	// the primary colour also appear.
	Subtle = Colour{0xf3, 0xf5, 0xf4}
)

// MinContrast is WCAG 2.2 AA's minimum contrast for normal text.
const MinContrast = 4.5

// ParseColour reads #rrggbb.
func ParseColour(s string) (Colour, error) {
	if len(s) != 7 || s[0] != '#' {
		return Colour{}, fmt.Errorf("colour %q: want #rrggbb", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return Colour{}, fmt.Errorf("colour %q: want #rrggbb", s)
	}
	return Colour{uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// String is the colour as #rrggbb.
func (c Colour) String() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// luminance is WCAG's relative luminance.
func (c Colour) luminance() float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is the WCAG contrast ratio of two colours, from 1 to 21.
func Contrast(a, b Colour) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// PrimaryReadable reports whether c may be the primary colour: white text
// on it (the header, buttons) and text in it on white and on the subtle
// surface (links) all reach MinContrast. A light colour cannot be helped
// by a dark foreground, because links use it as their text colour.
func PrimaryReadable(c Colour) bool {
	return Contrast(c, Subtle) >= MinContrast // Subtle is darker than white: the harder test
}

// OnColour is the text colour for c as a background: white or the text
// colour, whichever contrasts more.
func OnColour(c Colour) Colour {
	if Contrast(White, c) >= Contrast(Black, c) {
		return White
	}
	return Black
}

// Darker mixes c with black: f = 0 leaves it, f = 1 makes it black.
func Darker(c Colour, f float64) Colour {
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v) * (1 - f))) }
	return Colour{mix(c.R), mix(c.G), mix(c.B)}
}
