package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// shiftHeadings moves every heading two levels down, so "# Titel" in a
// description becomes an h3 below the page's own h1 and h2 (h6 at most).
type shiftHeadings struct{}

func (shiftHeadings) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			h.Level = min(h.Level+2, 6)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
