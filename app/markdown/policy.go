package markdown

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// fullPolicy allows exactly what Full's Markdown can produce.
func fullPolicy() *bluemonday.Policy {
	p := linkPolicy()
	p.AllowElements("p", "br", "em", "strong", "ul", "ol", "li",
		"h3", "h4", "h5", "h6", "blockquote", "code", "pre", "hr")
	// goldmark writes start="3" for a list that begins at 3.
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	return p
}

// litePolicy allows exactly what Lite's Markdown can produce.
func litePolicy() *bluemonday.Policy {
	p := linkPolicy()
	p.AllowElements("p", "br", "em", "strong")
	return p
}

// linkPolicy is the shared base: links to absolute http, https and mailto
// URLs only, carrying the rel our link renderer sets and nothing else.
func linkPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(false)
	p.RequireParseableURLs(true)
	// Our renderer always sets rel; this keeps nofollow should it ever not.
	p.RequireNoFollowOnLinks(true)
	return p
}
