package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// ellipsis ends text that Plain had to cut.
const ellipsis = "…"

// Plain returns the text of src without markup, whitespace collapsed to
// single spaces, for meta descriptions and Open Graph. Text longer than max
// runes is cut to max runes including a closing "…"; max <= 0 means no cut.
//
// The result is text, to be escaped by html/template like any other. As a
// second line of defence it never contains a "<" that could open a tag:
// such a "<" (from code or an escaped "\<b>") becomes "‹".
func (r *Renderer) Plain(src string, max int) string {
	// Start from Full's sanitised HTML, so Plain shows exactly the words
	// Full shows, with raw HTML already gone.
	text := textOf(string(r.Full(src)))
	text = strings.Join(strings.FieldsFunc(text, isSpaceOrControl), " ")
	return cut(defuseTags(text), max)
}

// breaksWords reports whether the edges of an element separate words.
func breaksWords(tag string) bool {
	switch tag {
	case "p", "br", "hr", "li", "ul", "ol", "blockquote", "pre", "h3", "h4", "h5", "h6":
		return true
	}
	return false
}

// textOf returns the text content of an HTML fragment, with a space where a
// block starts or ends.
func textOf(fragment string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); breaksWords(string(name)) {
				b.WriteByte(' ')
			}
		}
	}
}

func isSpaceOrControl(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// defuseTags replaces each "<" that an HTML parser would read as the start
// of a tag, comment or doctype (followed by a letter, "/", "!" or "?").
func defuseTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '<' && i+1 < len(s) && opensTag(s[i+1]) {
			b.WriteString("‹")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func opensTag(c byte) bool {
	return c == '/' || c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// cut shortens s to at most max runes, the last of them "…".
func cut(s string, max int) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)
	return strings.TrimRightFunc(string(runes[:max-1]), unicode.IsSpace) + ellipsis
}
