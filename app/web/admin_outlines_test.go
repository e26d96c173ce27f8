package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// postFiles posts a multipart form with files by field name, as the
// browser c, with its CSRF token.
func (o *oidcSite) postFiles(t *testing.T, c *http.Client, path string, files map[string]string) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("csrf", o.csrf(t, c)); err != nil {
		t.Fatal(err)
	}
	for field, data := range files {
		fw, err := mw.CreateFormFile(field, field+".dat")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	res, err := c.Post(o.URL+path, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Outlines come with the CSV file or alone; a wrong feature is reported by
// its number and nothing of either file is imported.
func TestAdminImportsOutlines(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	_, c := o.asRole(t, admin)
	c = noRedirects(c)
	ring := `[[[5.1,52.1],[5.11,52.1],[5.11,52.11],[5.1,52.1]]]`
	geo := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"BU03449901"},"geometry":{"type":"Polygon","coordinates":` + ring + `}}]}`
	res := o.postFiles(t, c, "/beheer/buurten/import", map[string]string{"bestand": "naam,cbs_code,inwoners\nKanaalzone,BU03449901,1200\n", "grenzen": geo})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import with outlines: %d", res.StatusCode)
	}
	doc := document(t, get(t, c, o.URL+res.Header.Get("Location")))
	if s := text(doc, `[role="status"]`); !strings.Contains(s, "1 buurten toegevoegd") || !strings.Contains(s, "1 buurtgrens opgeslagen") {
		t.Errorf("after the import: %q", s)
	}
	row := doc.Find("tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), "BU03449901") })
	if !strings.Contains(row.Text(), "Ja") {
		t.Errorf("the neighbourhood's row: %q", row.Text())
	}
	if !strings.Contains(text(doc, "#grenzen-uitleg"), "buurtcode") {
		t.Errorf("the form does not say which properties name the code: %q", text(doc, "#grenzen-uitleg"))
	}
	bad := strings.Replace(geo, ring, `[[[155000,463000],[155100,463000],[155100,463100],[155000,463000]]]`, 1)
	res = o.postFiles(t, c, "/beheer/buurten/import", map[string]string{"bestand": "naam,cbs_code,inwoners\nHaven,BU03449903,5\n", "grenzen": bad})
	doc = document(t, res)
	report := text(doc, `[role="alert"]`)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(report, "GeoJSON-object 1:") || !strings.Contains(report, "[155000, 463000]") {
		t.Errorf("outlines in RD coordinates: %d, report %q", res.StatusCode, report)
	}
	if strings.Contains(text(doc, "tbody"), "BU03449903") {
		t.Error("the CSV file of a refused import was imported")
	}
}
