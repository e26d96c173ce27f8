package search_test

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/buurtboost/buurtboost/app/search"
)

func TestHighlight(t *testing.T) {
	for _, tc := range []struct{ text, query, want string }{
		{"Speeltuin Bolplein", "speeltuin", "<mark>Speeltuin</mark> Bolplein"},
		{"Buurtcafé open", "cafe buurtcafe", "<mark>Buurtcafé</mark> open"},
		{"Café de Hoek", "café", "<mark>Café</mark> de Hoek"},
		{"speeltuinen", "speeltuin", "<mark>speeltuinen</mark>"},
		{`<b onclick="x">vijver</b> & co`, "vijver", "&lt;b onclick=&#34;x&#34;&gt;<mark>vijver</mark>&lt;/b&gt; &amp; co"},
		{"geen treffer", "moestuin", "geen treffer"},
	} {
		if got := string(search.Highlight(tc.text, search.QueryWords(tc.query))); got != tc.want {
			t.Errorf("Highlight(%q, %q) = %s, want %s", tc.text, tc.query, got, tc.want)
		}
	}
}

func TestSnippetCentresOnTheMatch(t *testing.T) {
	text := strings.Repeat("woord ", 100) + "moestuin " + strings.Repeat("tekst ", 100)
	got := string(search.Snippet(text, []string{"moestuin"}))
	if !strings.HasPrefix(got, "… ") || !strings.HasSuffix(got, " …") || !strings.Contains(got, "<mark>moestuin</mark>") {
		t.Errorf("snippet = %q", got)
	}
	if n := utf8.RuneCountInString(got); n > 250 {
		t.Errorf("snippet of %d characters", n)
	}
}

func TestCutQuery(t *testing.T) {
	long := strings.Repeat("é", 250)
	if got := search.CutQuery(long); utf8.RuneCountInString(got) != search.MaxQueryLen {
		t.Errorf("cut to %d characters, want %d", utf8.RuneCountInString(got), search.MaxQueryLen)
	}
	if got := search.CutQuery("  a\x00b\xff  "); got != "a b" {
		t.Errorf("CutQuery = %q", got)
	}
}

func TestLevenshteinCountsASwapAsOne(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"moestuin", "moestiun", 1}, {"kat", "kat", 0}, {"speeltuin", "speelplek", 4}, {"", "abc", 3}, {"café", "cafe", 1}} {
		if got := search.Levenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzHighlight: whatever the text, the highlighted HTML is the escaped
// text with <mark> elements added, and nothing else.
func FuzzHighlight(f *testing.F) {
	for _, s := range []string{"Speeltuin <script>", `a"b'c&d`, "café\u0301", "\xff<mark>"} {
		f.Add(s, "speeltuin")
	}
	f.Fuzz(func(t *testing.T, text, query string) {
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "?")
		}
		// html/template's escaping turns NUL into U+FFFD, on purpose.
		text = strings.ReplaceAll(text, "\x00", "\uFFFD")
		for _, out := range []string{string(search.Highlight(text, search.QueryWords(query))),
			string(search.Snippet(text, search.QueryWords(query)))} {
			plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
			if strings.ContainsAny(plain, "<>\"'") {
				t.Fatalf("unescaped markup in %q", out)
			}
			if got := html.UnescapeString(plain); !strings.Contains(text, strings.Trim(got, "… ")) {
				t.Fatalf("text changed: %q from %q", got, text)
			}
		}
	})
}
