package upload_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/upload"
)

const limit = 10 << 20

// picture returns a w×h image, left half red and right half blue, so tests
// can tell which way it is turned.
func picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for x := range w {
			c := color.NRGBA{R: 220, A: 255}
			if x >= w/2 {
				c = color.NRGBA{B: 220, A: 255}
			}
			copy(row[4*x:], []byte{c.R, c.G, c.B, c.A})
		}
	}
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// process runs ProcessImage and checks that what comes out is a JPEG of
// the size it reports.
func process(t *testing.T, data []byte) (image.Image, []byte) {
	t.Helper()
	out, w, h, err := upload.ProcessImage(bytes.NewReader(data), limit)
	if err != nil {
		t.Fatalf("ProcessImage: %v", err)
	}
	if ct := http.DetectContentType(out); ct != "image/jpeg" {
		t.Fatalf("output is %s, want image/jpeg", ct)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output does not decode as JPEG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("reported %dx%d, JPEG is %dx%d", w, h, b.Dx(), b.Dy())
	}
	return img, out
}

func TestProcessImageFitsWithinBoundsKeepingAspect(t *testing.T) {
	tests := []struct {
		name         string
		w, h         int
		wantW, wantH int
	}{
		{"small is not upscaled", 200, 100, 200, 100},
		{"exact bounds stay", 1600, 900, 1600, 900},
		{"wide is limited by width", 3200, 900, 1600, 450},
		{"tall is limited by height", 1000, 2000, 450, 900},
		{"4:3 photo", 2000, 1500, 1200, 900},
		{"panorama keeps at least one pixel", 11000, 2, 1600, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, _ := process(t, encodePNG(t, picture(tt.w, tt.h)))
			if b := img.Bounds(); b.Dx() != tt.wantW || b.Dy() != tt.wantH {
				t.Errorf("%dx%d became %dx%d, want %dx%d", tt.w, tt.h, b.Dx(), b.Dy(), tt.wantW, tt.wantH)
			}
		})
	}
}

// Fine detail must be averaged when scaling down, not sampled: one-pixel
// black and white stripes become an even grey, not stripes or moiré.
func TestProcessImageAveragesWhenScalingDown(t *testing.T) {
	stripes := image.NewGray(image.Rect(0, 0, 3400, 1000))
	for i := range stripes.Pix {
		if i%2 == 0 {
			stripes.Pix[i] = 255
		}
	}
	img, _ := process(t, encodePNG(t, stripes))
	b := img.Bounds()
	for _, p := range []image.Point{{1, 1}, {b.Dx() / 2, b.Dy() / 2}, {b.Dx() - 2, b.Dy() - 2}, {333, 111}, {334, 111}} {
		if c := img.At(p.X, p.Y); !near(c, 128, 128, 128) {
			t.Errorf("pixel %v = %v, want even grey", p, c)
		}
	}
}

// The WebP files in testdata were made with cwebp (Debian package webp)
// from PNGs drawn in Go: lossy-64x48 a colour gradient; the two 40x30 ones
// transparent on the left, opaque red (200,0,0) on the right, once lossless
// (-lossless -exact) and once lossy with an alpha channel (VP8X + ALPH).
func TestProcessImageAcceptsJPEGPNGAndWebP(t *testing.T) {
	webpLossy := readFile(t, "testdata/lossy-64x48.webp")
	webpAlpha := readFile(t, "testdata/lossless-alpha-40x30.webp")
	webpLossyAlpha := readFile(t, "testdata/lossy-alpha-40x30.webp")
	tests := []struct {
		name string
		data []byte
		w, h int
	}{
		{"jpeg", encodeJPEG(t, picture(120, 80)), 120, 80},
		{"png", encodePNG(t, picture(120, 80)), 120, 80},
		{"lossy webp", webpLossy, 64, 48},
		{"lossless webp with alpha", webpAlpha, 40, 30},
		{"lossy webp with alpha", webpLossyAlpha, 40, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, _ := process(t, tt.data)
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Errorf("got %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.w, tt.h)
			}
		})
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// near reports whether c is within 24 of r, g, b on every channel (JPEG
// is lossy).
func near(c color.Color, r, g, b uint8) bool {
	cr, cg, cb, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { return int(x>>8)-int(y) <= 24 && int(y)-int(x>>8) <= 24 }
	return d(cr, r) && d(cg, g) && d(cb, b)
}

func TestProcessImagePutsTransparencyOnWhite(t *testing.T) {
	half := image.NewNRGBA(image.Rect(0, 0, 40, 30)) // all transparent
	for y := range 30 {
		for x := 20; x < 40; x++ {
			half.SetNRGBA(x, y, color.NRGBA{R: 200, A: 255})
		}
	}
	for name, data := range map[string][]byte{
		"png":  encodePNG(t, half),
		"webp": readFile(t, "testdata/lossless-alpha-40x30.webp"), // the same picture
	} {
		t.Run(name, func(t *testing.T) {
			img, _ := process(t, data)
			if c := img.At(5, 15); !near(c, 255, 255, 255) {
				t.Errorf("transparent pixel became %v, want white", c)
			}
			if c := img.At(35, 15); !near(c, 200, 0, 0) {
				t.Errorf("opaque pixel became %v, want red", c)
			}
		})
	}
}

// withEXIF inserts an APP1 EXIF segment right after the JPEG's SOI marker,
// holding an orientation tag and a GPS-like string that must not survive.
func withEXIF(t *testing.T, jpg []byte, orientation uint16) []byte {
	t.Helper()
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	_ = binary.Write(&tiff, binary.BigEndian, uint32(8))      // IFD0 offset
	_ = binary.Write(&tiff, binary.BigEndian, uint16(1))      // one entry
	_ = binary.Write(&tiff, binary.BigEndian, uint16(0x0112)) // Orientation
	_ = binary.Write(&tiff, binary.BigEndian, uint16(3))      // SHORT
	_ = binary.Write(&tiff, binary.BigEndian, uint32(1))      // count
	_ = binary.Write(&tiff, binary.BigEndian, orientation)
	tiff.Write([]byte{0, 0})
	_ = binary.Write(&tiff, binary.BigEndian, uint32(0)) // no next IFD
	tiff.WriteString("GPS 52.0907N 5.1214E secret")
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func TestProcessImageDropsEXIF(t *testing.T) {
	in := withEXIF(t, encodeJPEG(t, picture(80, 40)), 1)
	if !bytes.Contains(in, []byte("Exif")) {
		t.Fatal("test input lacks its EXIF segment")
	}
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("test input is not a valid JPEG: %v", err)
	}
	_, out := process(t, in)
	for _, s := range []string{"Exif", "GPS", "secret"} {
		if bytes.Contains(out, []byte(s)) {
			t.Errorf("output still contains %q", s)
		}
	}
}

func TestProcessImageTurnsByEXIFOrientation(t *testing.T) {
	// picture(80, 40): red on the left, blue on the right. Where red ends
	// up after each orientation's turn, sampled at a point inside it:
	tests := []struct {
		orientation  uint16
		w, h         int
		redX, redY   int
		blueX, blueY int
	}{
		{1, 80, 40, 10, 20, 70, 20},
		{2, 80, 40, 70, 20, 10, 20}, // mirrored
		{3, 80, 40, 70, 20, 10, 20}, // upside down
		{6, 40, 80, 20, 10, 20, 70}, // quarter turn clockwise: left goes to the top
		{8, 40, 80, 20, 70, 20, 10}, // quarter turn anticlockwise: left goes to the bottom
	}
	for _, tt := range tests {
		img, _ := process(t, withEXIF(t, encodeJPEG(t, picture(80, 40)), tt.orientation))
		if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
			t.Errorf("orientation %d: %dx%d, want %dx%d", tt.orientation, b.Dx(), b.Dy(), tt.w, tt.h)
			continue
		}
		if c := img.At(tt.redX, tt.redY); !near(c, 220, 0, 0) {
			t.Errorf("orientation %d: (%d,%d) = %v, want red", tt.orientation, tt.redX, tt.redY, c)
		}
		if c := img.At(tt.blueX, tt.blueY); !near(c, 0, 0, 220) {
			t.Errorf("orientation %d: (%d,%d) = %v, want blue", tt.orientation, tt.blueX, tt.blueY, c)
		}
	}
}

func TestProcessImageFitsTurnedPhotos(t *testing.T) {
	// Stored 2000×1000 but shown turned, 1000×2000: the fit is for the turn.
	img, _ := process(t, withEXIF(t, encodeJPEG(t, picture(2000, 1000)), 6))
	if b := img.Bounds(); b.Dx() != 450 || b.Dy() != 900 {
		t.Errorf("got %dx%d, want 450x900", b.Dx(), b.Dy())
	}
}

func TestProcessImageTooBig(t *testing.T) {
	data := encodePNG(t, picture(50, 50))
	if _, _, _, err := upload.ProcessImage(bytes.NewReader(data), int64(len(data))-1); !errors.Is(err, upload.ErrTooBig) {
		t.Errorf("one byte over: err = %v, want ErrTooBig", err)
	}
	if _, _, _, err := upload.ProcessImage(bytes.NewReader(data), int64(len(data))); err != nil {
		t.Errorf("exactly the limit: err = %v, want nil", err)
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r *bytes.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestProcessImageReadsAtMostOneByteOverTheLimit(t *testing.T) {
	r := &countingReader{r: bytes.NewReader(make([]byte, 1<<20))}
	if _, _, _, err := upload.ProcessImage(r, 1000); !errors.Is(err, upload.ErrTooBig) {
		t.Fatalf("err = %v, want ErrTooBig", err)
	}
	if r.n > 1001 {
		t.Errorf("read %d bytes for a limit of 1000", r.n)
	}
}

func TestProcessImageRefusesOtherTypes(t *testing.T) {
	var gifBuf bytes.Buffer
	pal := image.NewPaletted(image.Rect(0, 0, 10, 10), color.Palette{color.White, color.Black})
	if err := gif.Encode(&gifBuf, pal, nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"gif":   gifBuf.Bytes(),
		"text":  []byte("dit is geen plaatje\n"),
		"svg":   []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`),
		"html":  []byte(`<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>`),
		"pdf":   []byte("%PDF-1.4\n%âãÏÓ\n"),
		"empty": nil,
	} {
		if _, _, _, err := upload.ProcessImage(bytes.NewReader(data), limit); !errors.Is(err, upload.ErrType) {
			t.Errorf("%s: err = %v, want ErrType", name, err)
		}
	}
}

func TestProcessImageRefusesCorruptImages(t *testing.T) {
	pngData := encodePNG(t, picture(100, 100))
	jpegData := encodeJPEG(t, picture(100, 100))
	webpData := readFile(t, "testdata/lossy-64x48.webp")
	for name, data := range map[string][]byte{
		"truncated png":       pngData[:len(pngData)/2],
		"png signature only":  pngData[:8],
		"truncated jpeg":      jpegData[:len(jpegData)/2],
		"jpeg header only":    jpegData[:20],
		"truncated webp":      webpData[:len(webpData)/2],
		"png with zero width": pngHeader(t, 0, 100),
	} {
		if _, _, _, err := upload.ProcessImage(bytes.NewReader(data), limit); !errors.Is(err, upload.ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
}

// pngHeader returns the start of a PNG that claims to be w×h: signature
// and a valid IHDR chunk, and no pixels at all.
func pngHeader(t *testing.T, w, h uint32) []byte {
	t.Helper()
	var ihdr bytes.Buffer
	ihdr.WriteString("IHDR")
	_ = binary.Write(&ihdr, binary.BigEndian, w)
	_ = binary.Write(&ihdr, binary.BigEndian, h)
	ihdr.Write([]byte{8, 6, 0, 0, 0}) // 8-bit RGBA, no interlace
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	_ = binary.Write(&out, binary.BigEndian, uint32(13))
	out.Write(ihdr.Bytes())
	_ = binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(ihdr.Bytes()))
	// An IDAT chunk of zeros would inflate to w*h*4 bytes; its header alone
	// is enough to show nothing gets that far.
	out.WriteString("\x00\x00\x00\x00IDAT\x35\xaf\x06\x1e")
	return out.Bytes()
}

func TestProcessImageRefusesDecompressionBombs(t *testing.T) {
	for _, size := range [][2]uint32{{50000, 50000}, {12001, 10}, {10, 12001}, {8000, 6000}} {
		data := pngHeader(t, size[0], size[1])
		_, _, _, err := upload.ProcessImage(bytes.NewReader(data), limit)
		if !errors.Is(err, upload.ErrTooBig) {
			t.Errorf("%dx%d: err = %v, want ErrTooBig", size[0], size[1], err)
		}
	}
	// Just inside the limits the same header is read further (and then
	// found to have no pixels), which shows the check is on the size.
	if _, _, _, err := upload.ProcessImage(bytes.NewReader(pngHeader(t, 12000, 10)), limit); !errors.Is(err, upload.ErrCorrupt) {
		t.Errorf("12000x10 header: err = %v, want ErrCorrupt", err)
	}
}

// A failing reader is not the uploader's fault: none of the sentinels.
func TestProcessImageReaderError(t *testing.T) {
	_, _, _, err := upload.ProcessImage(&failingReader{}, limit)
	if err == nil || errors.Is(err, upload.ErrCorrupt) || errors.Is(err, upload.ErrType) || errors.Is(err, upload.ErrTooBig) {
		t.Errorf("err = %v, want a plain read error", err)
	}
	if !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("err = %v, want the cause", err)
	}
}
