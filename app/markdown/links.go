package markdown

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// linkRel is set on every link: the target is not ours to vouch for
// (nofollow, ugc), and it gets no handle on our window (noopener).
const linkRel = "nofollow ugc noopener"

// linkRenderer renders links, autolinks and images. A destination that is
// not an absolute http(s) URL or a mailto: address loses its link and keeps
// its text, so "[klik](javascript:…)" shows "klik". An image is never shown
// inline: it becomes a link to the image, labelled with its alt text.
type linkRenderer struct{}

func (linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(ast.KindAutoLink, renderAutoLink)
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	writeAnchorTag(w, safeHref(n.Destination), entering)
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	href := safeHref(n.Destination)
	writeAnchorTag(w, href, entering)
	if entering && n.ChildCount() == 0 {
		// No alt text: the address itself is the only label there is.
		_, _ = w.Write(util.EscapeHTML([]byte(href)))
	}
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	dest := n.URL(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !hasPrefixFold(string(dest), "mailto:") {
		dest = append([]byte("mailto:"), dest...)
	}
	href := urlHref(util.URLEscape(dest, false))
	writeAnchorTag(w, href, true)
	_, _ = w.Write(util.EscapeHTML(n.Label(source)))
	writeAnchorTag(w, href, false)
	return ast.WalkContinue, nil
}

// writeAnchorTag writes the opening or closing <a> tag, or nothing when href
// is empty (the destination was refused).
func writeAnchorTag(w util.BufWriter, href string, entering bool) {
	switch {
	case href == "":
	case entering:
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML([]byte(href)))
		_, _ = w.WriteString(`" rel="` + linkRel + `">`)
	default:
		_, _ = w.WriteString("</a>")
	}
}

// safeHref returns the href for a link destination as written in Markdown
// (backslash escapes and entities resolved, as goldmark would), or "" when
// it may not be linked.
func safeHref(dest []byte) string {
	return urlHref(util.URLEscape(dest, true))
}

// urlHref returns href with its scheme in lower case if it is an absolute
// http(s) URL with a host or a mailto: address, and "" otherwise. Relative
// links are refused too: user content has no business pointing into the
// site's own URL space in ways we have not designed for.
func urlHref(escaped []byte) string {
	href := string(escaped)
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	switch u.Scheme { // url.Parse lower-cases the scheme
	case "http", "https":
		if u.Host == "" {
			return ""
		}
	case "mailto":
		if u.Opaque == "" {
			return ""
		}
	default:
		return ""
	}
	return u.Scheme + href[len(u.Scheme):]
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
