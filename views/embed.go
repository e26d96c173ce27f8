// Package views holds Buurtboost's html/template files: the base layout,
// partials shared by full pages and htmx fragments, and one file per page.
// They are embedded so the binary is self-contained.
package views

import (
	"embed"
	"io/fs"
)

//go:embed layout partials pages
var files embed.FS

// FS is the embedded views folder.
func FS() fs.FS { return files }
