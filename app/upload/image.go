package upload

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// The errors ProcessImage returns for a file it refuses; the caller maps
// them to a message on the form field. Other errors (a failing reader) are
// not the uploader's fault.
var (
	ErrTooBig  = errors.New("upload: image too big")
	ErrType    = errors.New("upload: not a JPEG, PNG or WebP image")
	ErrCorrupt = errors.New("upload: image cannot be read")
)

// Bounds of a processed cover image, and the JPEG quality it is saved at.
const (
	MaxWidth    = 1600
	MaxHeight   = 900
	JPEGQuality = 82
)

// Limits checked on the header before decoding, so a small file that
// claims a huge picture (a decompression bomb) is refused before any
// memory is spent on its pixels.
const (
	maxSide   = 12000
	maxPixels = 40_000_000
)

// decoder reads one image format.
type decoder struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// decoderFor returns the decoder for the type sniffed from the content
// itself; the file name and the browser's Content-Type are not trusted.
func decoderFor(data []byte) (decoder, bool) {
	switch http.DetectContentType(data) {
	case "image/jpeg":
		return decoder{jpeg.DecodeConfig, jpeg.Decode}, true
	case "image/png":
		return decoder{png.DecodeConfig, png.Decode}, true
	case "image/webp":
		return decoder{webp.DecodeConfig, webp.Decode}, true
	}
	return decoder{}, false
}

// ProcessImage reads an uploaded image of at most maxBytes bytes and
// returns it as a JPEG that fits within MaxWidth×MaxHeight, with its width
// and height. It accepts JPEG, PNG and WebP, recognised by content; turns a
// JPEG upright by its EXIF orientation; puts transparent parts on white;
// scales down (never up) keeping the aspect ratio; and re-encodes, which
// leaves EXIF (location!) and all other metadata behind.
func ProcessImage(r io.Reader, maxBytes int64) (jpegBytes []byte, width, height int, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, 0, 0, ErrTooBig
	}
	dec, ok := decoderFor(data)
	if !ok {
		return nil, 0, 0, ErrType
	}
	cfg, err := dec.config(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, 0, 0, err
	}
	img, err := dec.decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	orientation := exifOrientation(data)
	out := orient(flattenAndScale(img, orientation), orientation)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: JPEGQuality}); err != nil {
		return nil, 0, 0, fmt.Errorf("encode jpeg: %w", err)
	}
	b := out.Bounds()
	return buf.Bytes(), b.Dx(), b.Dy(), nil
}

// checkSize refuses pictures without pixels and pictures too large to
// decode safely.
func checkSize(w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("%w: %dx%d", ErrCorrupt, w, h)
	case w > maxSide || h > maxSide || int64(w)*int64(h) > maxPixels:
		return fmt.Errorf("%w: %dx%d pixels", ErrTooBig, w, h)
	}
	return nil
}

// flattenAndScale draws img on white at the size that, once turned by
// orientation, fits within MaxWidth×MaxHeight.
func flattenAndScale(img image.Image, orientation int) *image.RGBA {
	src := img.Bounds()
	w, h := src.Dx(), src.Dy()
	if swapsSides(orientation) {
		h, w = fit(h, w)
	} else {
		w, h = fit(w, h)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	if w == src.Dx() && h == src.Dy() {
		draw.Draw(dst, dst.Bounds(), img, src.Min, draw.Over)
	} else {
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, src, draw.Over, nil)
	}
	return dst
}

// fit returns w×h scaled down to fit within MaxWidth×MaxHeight, keeping
// the aspect ratio; a picture that fits already is left as it is.
func fit(w, h int) (int, int) {
	if w <= MaxWidth && h <= MaxHeight {
		return w, h
	}
	scale := min(float64(MaxWidth)/float64(w), float64(MaxHeight)/float64(h))
	return max(1, int(float64(w)*scale+0.5)), max(1, int(float64(h)*scale+0.5))
}
