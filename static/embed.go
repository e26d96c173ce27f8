// Package static holds Buurtboost's stylesheets, images and vendored
// front-end packages (NL Design System CSS, htmx), embedded so the binary is
// self-contained. The web package serves them under content-hash URLs.
package static

import (
	"embed"
	"io/fs"
)

//go:embed css img js vendor
var files embed.FS

// FS is the embedded static folder.
func FS() fs.FS { return files }
