package municipality_test

import (
	"math"
	"testing"

	"github.com/buurtboost/buurtboost/app/municipality"
)

func TestColourContrast(t *testing.T) {
	t.Parallel()
	must := func(s string) municipality.Colour {
		t.Helper()
		c, err := municipality.ParseColour(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, bad := range []string{"", "01689b", "#01689", "#01689bb", "#gggggg", "#-12345"} {
		if _, err := municipality.ParseColour(bad); err == nil {
			t.Errorf("ParseColour(%q) accepted", bad)
		}
	}
	if c := must("#01689B"); c != (municipality.Colour{0x01, 0x68, 0x9b}) || c.String() != "#01689b" {
		t.Errorf("parsed %+v as %s", c, c)
	}
	// Ratios by the WCAG 2.2 definition, worked out apart from this code.
	for _, tt := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21}, {"#00665a", "#ffffff", 6.89}, {"#01689b", "#ffffff", 6.08},
		{"#f5b400", "#ffffff", 1.84}, {"#767676", "#ffffff", 4.54}, {"#ffffff", "#ffffff", 1},
	} {
		if got := municipality.Contrast(must(tt.a), must(tt.b)); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("contrast %s on %s = %.2f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
	// A primary colour must reach 4.5:1 on the subtle grey too, which is
	// stricter than white: #767676 passes on white only.
	for c, want := range map[string]bool{"#00665a": true, "#01689b": true, "#000000": true, "#767676": false, "#f5b400": false, "#ffffff": false} {
		if got := municipality.PrimaryReadable(must(c)); got != want {
			t.Errorf("PrimaryReadable(%s) = %v", c, got)
		}
	}
	for c, want := range map[string]municipality.Colour{"#f5b400": municipality.Black, "#00665a": municipality.White, "#ffff00": municipality.Black, "#000080": municipality.White} {
		if got := municipality.OnColour(must(c)); got != want {
			t.Errorf("OnColour(%s) = %s", c, got)
		}
	}
	if got := municipality.Darker(must("#00665a"), 0.25); got.String() != "#004d44" {
		t.Errorf("a quarter darker = %s", got)
	}
}
