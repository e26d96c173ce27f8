package upload

import (
	"bytes"
	"encoding/binary"
	"image"
)

// Phones often store a photo sideways and note in EXIF how to turn it.
// Re-encoding drops EXIF, so ProcessImage applies the turn first, or the
// cover would show up sideways.

// exifOrientation returns the EXIF orientation (1–8) of a JPEG, or 1 when
// there is none or it cannot be read.
func exifOrientation(data []byte) int {
	tiff := exifTIFF(data)
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int(order.Uint32(tiff[4:8]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 1
	}
	entries := int(order.Uint16(tiff[ifd:]))
	for i := range entries {
		e := ifd + 2 + 12*i
		if e+12 > len(tiff) {
			return 1
		}
		// Tag 0x0112 is Orientation, type 3 (SHORT), value in the entry.
		if order.Uint16(tiff[e:]) == 0x0112 && order.Uint16(tiff[e+2:]) == 3 {
			if v := int(order.Uint16(tiff[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// exifTIFF returns the TIFF structure inside a JPEG's EXIF APP1 segment,
// or nil. It walks the segments before the image data.
func exifTIFF(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
		marker := data[i+1]
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
		i += 2 + n
	}
	return nil
}

// swapsSides reports whether an orientation turns the picture a quarter,
// so width and height trade places.
func swapsSides(orientation int) bool { return orientation >= 5 && orientation <= 8 }

// orient returns img turned and mirrored as EXIF orientation asks.
func orient(img *image.RGBA, orientation int) *image.RGBA {
	if orientation < 2 || orientation > 8 {
		return img
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	dw, dh := w, h
	if swapsSides(orientation) {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			sx, sy := sourcePixel(orientation, x, y, w, h)
			copy(dst.Pix[dst.PixOffset(x, y):][:4], img.Pix[img.PixOffset(sx, sy):][:4])
		}
	}
	return dst
}

// sourcePixel maps pixel (x, y) of the upright picture to the stored w×h
// picture, for each of the EXIF orientations 2–8.
func sourcePixel(orientation, x, y, w, h int) (int, int) {
	switch orientation {
	case 2: // mirrored
		return w - 1 - x, y
	case 3: // upside down
		return w - 1 - x, h - 1 - y
	case 4: // mirrored upside down
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // needs a quarter turn clockwise
		return y, h - 1 - x
	case 7: // transversed
		return w - 1 - y, h - 1 - x
	default: // 8: needs a quarter turn anticlockwise
		return w - 1 - y, x
	}
}
