package qr

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

const page = "https://buurtboost.example.nl/initiatief/cafe-de-zon-en-zo?lang=nl&x=%C3%A9"

// decode reads a QR code from an image with an independent decoder.
func decode(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return res.GetText()
}

func TestPNGDecodesToContent(t *testing.T) {
	t.Parallel()
	data, err := PNG(page, 512)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 512 {
		t.Errorf("width %d, want 512", b.Dx())
	}
	if got := decode(t, img); got != page {
		t.Errorf("decoded %q, want %q", got, page)
	}
}

// The SVG is valid XML and, drawn module by module, decodes to the content.
func TestSVGDecodesToContent(t *testing.T) {
	t.Parallel()
	svg, err := SVG(page, `QR-code naar "Café" & meer`)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ViewBox string `xml:"viewBox,attr"`
		Label   string `xml:"aria-label,attr"`
		Paths   []struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("SVG is not XML: %v", err)
	}
	if doc.Label != `QR-code naar "Café" & meer` {
		t.Errorf("label %q", doc.Label)
	}
	var n int
	if _, err := fmt.Sscanf(doc.ViewBox, "0 0 %d", &n); err != nil || len(doc.Paths) != 1 {
		t.Fatalf("viewBox %q, %d paths", doc.ViewBox, len(doc.Paths))
	}
	if got := decode(t, rasterise(t, doc.Paths[0].D, n, 8)); got != page {
		t.Errorf("decoded %q, want %q", got, page)
	}
	if len(svg) > 8000 {
		t.Errorf("SVG is %d bytes; runs should keep it small", len(svg))
	}
}

// rasterise draws the path's runs ("MxyhWv1h-Wz") at scale pixels a module.
func rasterise(t *testing.T, d string, n, scale int) image.Image {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	runs := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`).FindAllStringSubmatch(d, -1)
	if len(runs) == 0 {
		t.Fatal("no runs in path")
	}
	for _, r := range runs {
		x, _ := strconv.Atoi(r[1])
		y, _ := strconv.Atoi(r[2])
		w, _ := strconv.Atoi(r[3])
		for px := x * scale; px < (x+w)*scale; px++ {
			for py := y * scale; py < (y+1)*scale; py++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	return img
}

func TestTooLongContentIsAnError(t *testing.T) {
	t.Parallel()
	if _, err := SVG(strings.Repeat("x", 5000), "x"); err == nil {
		t.Error("SVG of 5000 bytes: want an error, the largest code holds less")
	}
	if _, err := PNG(strings.Repeat("x", 5000), 256); err == nil {
		t.Error("PNG of 5000 bytes: want an error")
	}
}
