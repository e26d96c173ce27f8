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
	flat := flatten(img)
	w, h := flat.Rect.Dx(), flat.Rect.Dy()
	if swapsSides(orientation) {
		h, w = fit(h, w)
	} else {
		w, h = fit(w, h)
	}
	// A box filter first takes a big photo to within twice the target
	// size, cheaply; CatmullRom over all of a 12-megapixel photo costs
	// seconds, and is only needed for the last step.
	if k := min(flat.Rect.Dx()/w, flat.Rect.Dy()/h); k >= 2 {
		flat = shrink(flat, k)
	}
	if flat.Rect.Dx() == w && flat.Rect.Dy() == h {
		return flat
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), flat, flat.Bounds(), draw.Src, nil)
	return dst
}

// flatten returns img as an opaque RGBA image, transparent parts on white.
func flatten(img image.Image) *image.RGBA {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	return dst
}

// shrink returns src made k times smaller, each pixel the average of a k×k
// block. Up to k-1 pixels at the right and bottom edge are left out.
func shrink(src *image.RGBA, k int) *image.RGBA {
	w, h := src.Rect.Dx()/k, src.Rect.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sums := make([]uint32, 4*w)
	n := uint32(k * k)
	for y := range h {
		clear(sums)
		for sy := y * k; sy < (y+1)*k; sy++ {
			row := src.Pix[sy*src.Stride : sy*src.Stride+4*w*k]
			for x := range w {
				sum := sums[4*x : 4*x+4 : 4*x+4]
				block := row[4*k*x : 4*k*(x+1)]
				for j := 0; j < len(block); j += 4 {
					sum[0] += uint32(block[j])
					sum[1] += uint32(block[j+1])
					sum[2] += uint32(block[j+2])
					sum[3] += uint32(block[j+3])
				}
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for i, s := range sums {
			out[i] = uint8((s + n/2) / n)
		}
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
