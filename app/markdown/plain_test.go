package markdown_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/buurtboost/buurtboost/app/markdown"
)

func TestPlainStripsMarkupAndCollapsesWhitespace(t *testing.T) {
	r := markdown.New()
	tests := []struct{ name, src, want string }{
		{"inline markup", "Een **sterke** en *zachte* [link](https://example.org)", "Een sterke en zachte link"},
		{"blocks become spaces", "# Kop\n\nAlinea een.\n\n- punt\n- punt twee\n\n> citaat", "Kop Alinea een. punt punt twee citaat"},
		{"whitespace collapses", "  veel \t\t ruimte\n\n\n  hier  ", "veel ruimte hier"},
		{"raw HTML tags go", "a <b>b</b> <i>c</i>\n\n<div>\nblok\n</div>", "a b c"},
		{"entities are decoded", "Tom &amp; Jerry &eacute;", "Tom & Jerry é"},
		{"a lone < stays", "a < b en <3", "a < b en <3"},
		{"a < that opens a tag is defused", "typ `<b>` niet", "typ ‹b> niet"},
		{"image shows its alt", "![een kat](https://example.org/kat.png) zit", "een kat zit"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Plain(tt.src, 0); got != tt.want {
				t.Errorf("Plain(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestPlainCutsToMaxRunes(t *testing.T) {
	r := markdown.New()
	tests := []struct {
		name string
		src  string
		max  int
		want string
	}{
		{"short text is left alone", "Hallo buurt", 20, "Hallo buurt"},
		{"exactly max is left alone", "Hallo buurt", 11, "Hallo buurt"},
		{"one over is cut", "Hallo buurt", 10, "Hallo buu…"},
		{"space before the ellipsis is dropped", "Hallo buurt", 7, "Hallo…"},
		{"diacritics count as one rune", "Café één ëëë", 9, "Café één…"},
		{"diacritics exactly at max", "Café één", 8, "Café één"},
		{"emoji count as one rune", "Feest 🎉🎉🎉 daarna", 9, "Feest 🎉🎉…"},
		{"markup does not count", "**Café** _één_ ëëë", 9, "Café één…"},
		{"max 1 leaves only the ellipsis", "Hallo", 1, "…"},
		{"max 0 means no limit", "Hallo buurt", 0, "Hallo buurt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Plain(tt.src, tt.max)
			if got != tt.want {
				t.Errorf("Plain(%q, %d) = %q, want %q", tt.src, tt.max, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Plain(%q, %d) = %q is not valid UTF-8", tt.src, tt.max, got)
			}
			if tt.max > 0 && utf8.RuneCountInString(got) > tt.max {
				t.Errorf("Plain(%q, %d) = %q has %d runes", tt.src, tt.max, got, utf8.RuneCountInString(got))
			}
		})
	}
}

func TestPlainNeverSplitsARune(t *testing.T) {
	r := markdown.New()
	src := strings.Repeat("ëé🎉", 40)
	for max := 1; max <= 130; max++ {
		got := r.Plain(src, max)
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max {
			t.Fatalf("Plain(…, %d) = %q", max, got)
		}
	}
}
