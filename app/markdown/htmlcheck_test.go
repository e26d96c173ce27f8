package markdown_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Element sets the renderers may produce; anything else in their output is
// a failure, whatever the input.
var (
	fullElements = set("p", "em", "strong", "a", "ul", "ol", "li", "h3", "h4", "h5", "h6",
		"blockquote", "code", "pre", "br", "hr")
	liteElements  = set("p", "em", "strong", "a", "br")
	plainElements = set() // Plain is text: no element at all
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// unsafeReasons parses out as an HTML fragment in a <body>, the way a
// browser would when it is put into a page, and lists every way it breaks
// the rules: an element outside allowed, foreign (SVG/MathML) content, a
// comment, an event handler or style attribute, an href that is not
// http(s) or mailto, or a link without our rel.
func unsafeReasons(t *testing.T, out string, allowed map[string]bool) []string {
	t.Helper()
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		t.Fatalf("parse %q: %v", out, err)
	}
	var reasons []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.CommentNode:
			reasons = append(reasons, "comment <!--"+n.Data+"-->")
		case html.ElementNode:
			reasons = append(reasons, elementReasons(n, allowed)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return reasons
}

func elementReasons(n *html.Node, allowed map[string]bool) []string {
	var reasons []string
	if n.Namespace != "" || !allowed[n.Data] {
		reasons = append(reasons, fmt.Sprintf("element <%s> (namespace %q)", n.Data, n.Namespace))
	}
	rel := ""
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			reasons = append(reasons, "event handler "+a.Key)
		case key == "style":
			reasons = append(reasons, "style attribute")
		case key == "href" && !safeHref(a.Val):
			reasons = append(reasons, "href "+a.Val)
		case key == "rel":
			rel = a.Val
		case key == "href" || (key == "start" && n.Data == "ol"):
		default:
			reasons = append(reasons, fmt.Sprintf("attribute %s on <%s>", a.Key, n.Data))
		}
	}
	if n.Data == "a" && rel != "nofollow ugc noopener" {
		reasons = append(reasons, fmt.Sprintf("link with rel %q", rel))
	}
	return reasons
}

func safeHref(href string) bool {
	for _, prefix := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(href, prefix) {
			return true
		}
	}
	return false
}

// query parses rendered HTML for selector checks.
func query(t *testing.T, out string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parse %q: %v", out, err)
	}
	return doc
}
