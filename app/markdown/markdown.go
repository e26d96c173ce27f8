// Package markdown turns what residents type into HTML that is safe to put
// on a page. Full is for initiative descriptions and updates, Lite for
// comments, Plain for meta descriptions and Open Graph text.
//
// Safety does not rest on one tool: goldmark never passes raw HTML through
// and our own link renderer only writes http, https and mailto links; then
// bluemonday removes every element and attribute outside a short allow-list.
// The package must not be given options that relax either step (no
// html.WithUnsafe, no attribute syntax, no images).
package markdown

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Renderer renders Markdown. Build it once with New; it holds no per-call
// state and is safe for concurrent use.
type Renderer struct {
	full       goldmark.Markdown
	lite       goldmark.Markdown
	fullPolicy *bluemonday.Policy
	litePolicy *bluemonday.Policy
}

// New builds the Markdown converters and sanitising policies.
func New() *Renderer {
	return &Renderer{
		full:       newFull(),
		lite:       newLite(),
		fullPolicy: fullPolicy(),
		litePolicy: litePolicy(),
	}
}

// Full renders the Markdown of a description or an update: paragraphs,
// emphasis, strong, links, lists, headings, quotes, code, rules and line
// breaks. Headings are shifted down two levels so user content starts at
// h3 under the page's own h1/h2: # → h3, ## → h4, ### → h5, deeper → h6.
// Every newline is a line break (people type in a textarea, not an editor).
// Image syntax becomes a link to the image with the alt text as label; raw
// HTML is dropped.
func (r *Renderer) Full(src string) template.HTML {
	return render(r.full, r.fullPolicy, src)
}

// Lite renders the Markdown of a comment: paragraphs, line breaks,
// emphasis, strong and links only. Other Markdown (headings, lists, quotes,
// code) is not recognised and shows as the plain text that was typed.
func (r *Renderer) Lite(src string) template.HTML {
	return render(r.lite, r.litePolicy, src)
}

func render(md goldmark.Markdown, policy *bluemonday.Policy, src string) template.HTML {
	var buf bytes.Buffer
	// Convert only fails when the writer does; a bytes.Buffer does not.
	if err := md.Convert([]byte(src), &buf); err != nil {
		return ""
	}
	// The output has just been sanitised against an allow-list.
	return template.HTML(policy.SanitizeBytes(buf.Bytes()))
}

// newFull builds the converter for Full: CommonMark plus bare-URL linking.
func newFull() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(linkify()),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(shiftHeadings{}, 100)),
		),
		goldmark.WithRendererOptions(rendererOptions()...),
	)
}

// newLite builds the converter for Lite. Instead of rendering headings or
// lists and stripping them afterwards, it never recognises them: the only
// block is the paragraph, and code spans are left as typed.
func newLite() goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(util.Prioritized(liteParagraphs{parser.NewParagraphParser()}, 1000)),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewRawHTMLParser(), 400),
			util.Prioritized(parser.NewEmphasisParser(), 500),
		),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(linkify()),
		goldmark.WithRendererOptions(rendererOptions()...),
	)
}

// liteParagraphs is goldmark's paragraph parser, also for lines indented
// four spaces or a tab. Without a code block parser nothing else would take
// such a line, and the comment would silently lose it.
type liteParagraphs struct{ parser.BlockParser }

func (liteParagraphs) CanAcceptIndentedLine() bool { return true }

// linkify turns bare web addresses and e-mail addresses into links.
func linkify() goldmark.Extender {
	return extension.NewLinkify(
		extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"}),
	)
}

func rendererOptions() []renderer.Option {
	return []renderer.Option{
		html.WithHardWraps(),
		// Our link renderer takes over links, autolinks and images from
		// goldmark's (priority 1000); a lower number wins.
		renderer.WithNodeRenderers(util.Prioritized(linkRenderer{}, 100)),
	}
}
