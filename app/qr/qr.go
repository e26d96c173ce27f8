// Package qr draws QR codes for printed posters: as SVG, which prints
// sharp at any size, and as PNG for people who want a file. It wraps
// github.com/skip2/go-qrcode, a small, dependency-free encoder, and knows
// nothing about what the codes point to.
package qr

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// level is the error correction of every code: Medium (15%) survives a
// crease or a smudge on a poster without making the code much denser.
const level = qrcode.Medium

// SVG returns a QR code for content as a standalone SVG element that scales
// to its container. Dark modules are drawn as one path, one run of
// modules at a time, which keeps even long addresses to a few kilobytes.
// label becomes the SVG's accessible name.
func SVG(content, label string) (string, error) {
	code, err := qrcode.New(content, level)
	if err != nil {
		return "", fmt.Errorf("qr code: %w", err)
	}
	bits := code.Bitmap() // includes the quiet zone the standard asks for
	n := len(bits)
	var path strings.Builder
	for y, row := range bits {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < n && row[x] {
				x++
			}
			fmt.Fprintf(&path, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges">`,
		n, n, escapeAttr(label))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`, n, n, path.String())
	return b.String(), nil
}

// PNG returns a QR code for content as a PNG image size pixels wide.
func PNG(content string, size int) ([]byte, error) {
	code, err := qrcode.New(content, level)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	png, err := code.PNG(size)
	if err != nil {
		return nil, fmt.Errorf("qr code png: %w", err)
	}
	return png, nil
}

var attrEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;", `'`, "&#39;")

func escapeAttr(s string) string { return attrEscaper.Replace(s) }
