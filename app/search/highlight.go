package search

import (
	"html/template"
	"strings"
	"unicode"
)

// snippetRunes is about how long a snippet is.
const snippetRunes = 180

// Highlight returns text as HTML with every word that starts with one of
// the query words marked. The text is escaped first and only the <mark>
// elements are added, so any text is safe to show.
func Highlight(text string, words []string) template.HTML {
	return template.HTML(mark([]rune(text), words))
}

// Snippet returns a part of text of about snippetRunes characters around
// the first matching word, highlighted like Highlight, with an ellipsis
// where text was left out.
func Snippet(text string, words []string) template.HTML {
	rs := []rune(text)
	if len(rs) <= snippetRunes {
		return template.HTML(mark(rs, words))
	}
	start := 0
	if first := firstMatch(rs, words); first > snippetRunes/3 {
		start = wordStart(rs, first-snippetRunes/3)
	}
	end := min(len(rs), start+snippetRunes)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	b.WriteString(mark(rs[start:end], words))
	if end < len(rs) {
		b.WriteString(" …")
	}
	return template.HTML(b.String())
}

// mark escapes rs and wraps matching words in <mark>.
func mark(rs []rune, words []string) string {
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			b.WriteString(template.HTMLEscapeString(string(rs[i])))
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		w := string(rs[i:j])
		if matches(Fold(w), words) {
			b.WriteString("<mark>" + template.HTMLEscapeString(w) + "</mark>")
		} else {
			b.WriteString(template.HTMLEscapeString(w))
		}
		i = j
	}
	return b.String()
}

// firstMatch returns the rune offset of the first matching word, or 0.
func firstMatch(rs []rune, words []string) int {
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		if matches(Fold(string(rs[i:j])), words) {
			return i
		}
		i = j
	}
	return 0
}

// wordStart moves i forward to the start of the next word.
func wordStart(rs []rune, i int) int {
	for i > 0 && i < len(rs) && isWordRune(rs[i-1]) {
		i++
	}
	return min(i, len(rs))
}

// matches reports whether the folded word w starts with a query word, or
// is the stem of one (Dutch plurals: "speeltuinen" for "speeltuin").
func matches(w string, words []string) bool {
	for _, q := range words {
		if strings.HasPrefix(w, q) || (len(q) > 4 && strings.HasPrefix(q, w) && len(w) >= len(q)-2) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Highlighted turns documents into hits highlighted for the query text.
func Highlighted(docs []Document, text string) []Hit {
	words := QueryWords(text)
	hits := make([]Hit, len(docs))
	for i, d := range docs {
		hits[i] = Hit{Document: d, TitleHTML: Highlight(d.Title, words), SnippetHTML: Snippet(d.Body, words)}
	}
	return hits
}
