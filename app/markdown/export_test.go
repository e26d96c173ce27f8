package markdown

import "bytes"

// Hooks for tests that check each safety layer on its own.

// GoldmarkOnly renders src with Full's or Lite's converter, unsanitised.
func (r *Renderer) GoldmarkOnly(src string, lite bool) string {
	md := r.full
	if lite {
		md = r.lite
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		panic(err)
	}
	return buf.String()
}

// SanitiserOnly runs Full's or Lite's policy over html.
func (r *Renderer) SanitiserOnly(html string, lite bool) string {
	if lite {
		return r.litePolicy.Sanitize(html)
	}
	return r.fullPolicy.Sanitize(html)
}
