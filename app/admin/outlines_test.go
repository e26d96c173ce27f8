package admin_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func csvFile(s string) admin.ImportFiles { return admin.ImportFiles{CSV: strings.NewReader(s)} }

// square is a closed ring around (lon, lat) in Utrecht, as GeoJSON.
func square(lon, lat float64) string {
	p := func(x, y float64) string {
		return "[" + strconv.FormatFloat(x, 'f', -1, 64) + "," + strconv.FormatFloat(y, 'f', -1, 64) + "]"
	}
	return "[" + p(lon, lat) + "," + p(lon+0.01, lat) + "," + p(lon+0.01, lat+0.01) + "," + p(lon, lat+0.01) + "," + p(lon, lat) + "]"
}

func polygon(lon, lat float64) string {
	return `{"type":"Polygon","coordinates":[` + square(lon, lat) + `]}`
}

// feature is a GeoJSON feature with the properties and geometry given as
// JSON.
func feature(props, geometry string) string {
	return `{"type":"Feature","properties":` + props + `,"geometry":` + geometry + `}`
}

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",\n") + "]}"
}

// outline returns the stored outline of the neighbourhood with code, as
// decoded JSON (PostgreSQL keeps JSONB in a form of its own).
func outline(t *testing.T, bdb *bun.DB, code string) any {
	t.Helper()
	var s *string
	if err := bdb.NewRaw("SELECT outline_geojson FROM neighbourhoods WHERE cbs_code = ?", code).Scan(t.Context(), &s); err != nil {
		t.Fatal(err)
	}
	if s == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(*s), &v); err != nil {
		t.Fatalf("outline of %s is not JSON: %v", code, err)
	}
	return v
}

func decoded(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestImportOutlines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		if _, ps, err := f.svc.ImportNeighbourhoods(f.ctx, root, csvFile("naam,cbs_code,inwoners\nNoord,BU03440101,10\n")); err != nil || ps != nil {
			t.Fatalf("first import: %v, %v", ps, err)
		}
		// One outline for a neighbourhood of this CSV file, one for a known
		// one, each named by another common property; a MultiPolygon with
		// altitudes; members the platform does not store (id, bbox).
		multi := `{"type":"MultiPolygon","bbox":[5,52,5.1,52.1],"coordinates":[[` + square(5.10, 52.08) +
			`],[[[5.2,52.1,3],[5.21,52.1,3],[5.21,52.11,3],[5.2,52.1,3]]]]}`
		geo := "\ufeff" + collection(
			feature(`{"BU_CODE":"bu03440102","BU_NAAM":"Zuid"}`, multi),
			`{"type":"Feature","id":7,"properties":{"buurtcode":"BU03440101"},"geometry":`+polygon(5.12, 52.09)+`}`,
		)
		res, ps, err := f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{
			CSV: strings.NewReader("naam;cbs_code;inwoners\nZuid;BU03440102;5\n"), Outlines: strings.NewReader(geo)})
		if err != nil || ps != nil || res != (admin.ImportResult{Added: 1, Outlines: 2}) {
			t.Fatalf("import with outlines = %+v, %+v, %v", res, ps, err)
		}
		want := decoded(t, `{"type":"MultiPolygon","coordinates":[[`+square(5.10, 52.08)+`],[[[5.2,52.1,3],[5.21,52.1,3],[5.21,52.11,3],[5.2,52.1,3]]]]}`)
		if got := outline(t, bdb, "BU03440102"); !reflect.DeepEqual(got, want) {
			t.Errorf("outline of Zuid = %v\nwant %v", got, want)
		}
		if got, want := outline(t, bdb, "BU03440101"), decoded(t, polygon(5.12, 52.09)); !reflect.DeepEqual(got, want) {
			t.Errorf("outline of Noord = %v\nwant %v", got, want)
		}
		// Outlines alone replace those of known neighbourhoods.
		res, ps, err = f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{
			Outlines: strings.NewReader(collection(feature(`{"code":"BU03440101","statcode":"BU99999999"}`, polygon(5.0, 52.0))))})
		if err != nil || ps != nil || res != (admin.ImportResult{Outlines: 1}) {
			t.Fatalf("outlines alone = %+v, %+v, %v", res, ps, err)
		}
		if got, want := outline(t, bdb, "BU03440101"), decoded(t, polygon(5.0, 52.0)); !reflect.DeepEqual(got, want) {
			t.Errorf("outline of Noord after the second file = %v", got)
		}
		es, _ := audit.List(f.ctx, bdb, 5)
		if len(es) != 3 || es[0].Reason != "+0, ~0, 1 outlines" || es[1].Reason != "+1, ~0, 2 outlines" {
			t.Errorf("audit = %+v", es)
		}
		if _, ps, err := f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{}); err != nil ||
			!equalProblems(ps, []admin.Problem{{Key: "admin.import.no_file"}}) {
			t.Errorf("no file at all: %+v, %v", ps, err)
		}
	})
}

func TestImportOutlinesIsAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		if _, ps, err := f.svc.ImportNeighbourhoods(f.ctx, root, csvFile("naam,cbs_code,inwoners\nNoord,BU03440101,10\n")); err != nil || ps != nil {
			t.Fatalf("first import: %v, %v", ps, err)
		}
		// Every file comes with a good CSV line, which must not be imported
		// either.
		csv := "naam,cbs_code,inwoners\nZuid,BU03440102,5\n"
		good := polygon(5.1, 52.1)
		tests := map[string]struct {
			geo  string
			want []admin.Problem
		}{
			"not JSON":        {"{\"type\": \"FeatureCollection\",\n\"features\": [\n{,}]}", []admin.Problem{{Line: 3, Key: "admin.outlines.not_json"}}},
			"not UTF-8":       {collection(feature("{\"code\":\"BU03440101\",\"naam\":\"K\xe9rk\"}", good)), []admin.Problem{{Key: "admin.outlines.encoding"}}},
			"a bare geometry": {good, []admin.Problem{{Key: "admin.outlines.not_collection", Value: "Polygon"}}},
			"features not a list": {`{"type":"FeatureCollection","features":{}}`,
				[]admin.Problem{{Line: 1, Key: "admin.outlines.not_collection", Value: "features"}}},
			"no features": {collection(), []admin.Problem{{Key: "admin.outlines.empty"}}},
			"Dutch RD coordinates": {`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[]}`,
				[]admin.Problem{{Key: "admin.outlines.crs", Value: "urn:ogc:def:crs:EPSG::28992"}}},
			"bad features": {collection(
				feature(`{"code":"BU03440101"}`, good),                                    // 1: fine
				`{"type":"Point"}`,                                                        // 2
				feature(`{"naam":"Zuid"}`, good),                                          // 3
				feature(`{"code":"0344"}`, good),                                          // 4
				feature(`{"code":"BU03440101"}`, good),                                    // 5: twice
				feature(`{"code":"BU03449999"}`, good),                                    // 6: unknown
				feature(`{"code":"BU03440102"}`, `{"type":"Point","coordinates":[5,52]}`), // 7
				feature(`{"code":"BU03440103"}`, `null`),                                  // 8
				feature(`{"code":"BU03440104"}`, `{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5,52]]]}`),                    // 9
				feature(`{"code":"BU03440105"}`, `{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52.1]]]}`),       // 10
				feature(`{"code":"BU03440106"}`, `{"type":"Polygon","coordinates":[`+square(136000, 455000)+`]}`),                  // 11
				feature(`{"code":"BU03440107"}`, `{"type":"Polygon","coordinates":[[["5","52"],[5.1,52],[5.1,52.1],["5","52"]]]}`), // 12
				feature(`{"code":"BU03440108"}`, `{"type":"Polygon","coordinates":[]}`),                                            // 13
				feature(`{"code":"BU03440109"}`, `{"type":"MultiPolygon","coordinates":[]}`),                                       // 14
				feature(`{"code":"BU03440110"}`, `{"type":"Polygon","coordinates":[[[5],[5.1,52],[5.1,52.1],[5]]]}`),               // 15
			), []admin.Problem{
				{Feature: 2, Key: "admin.outlines.feature.invalid"},
				{Feature: 3, Key: "admin.outlines.code.missing"},
				{Feature: 4, Key: "admin.outlines.code.invalid", Value: "0344"},
				{Feature: 5, Key: "admin.outlines.code.duplicate", Value: "BU03440101 (1)"},
				{Feature: 7, Key: "admin.outlines.geometry.type", Value: "Point"},
				{Feature: 8, Key: "admin.outlines.geometry.missing"},
				{Feature: 9, Key: "admin.outlines.ring.short", Value: "3"},
				{Feature: 10, Key: "admin.outlines.ring.open", Value: "[5, 52] ≠ [5, 52.1]"},
				{Feature: 11, Key: "admin.outlines.coordinates.range", Value: "[136000, 455000]"},
				{Feature: 12, Key: "admin.outlines.coordinates.invalid"},
				{Feature: 13, Key: "admin.outlines.polygon.empty"},
				{Feature: 14, Key: "admin.outlines.polygon.empty"},
				{Feature: 15, Key: "admin.outlines.coordinates.invalid"},
				// Codes unknown to the CSV file and the database come last:
				// they are looked up once the file has been read.
				{Feature: 6, Key: "admin.outlines.code.unknown", Value: "BU03449999"},
			}},
		}
		for name, tt := range tests {
			res, ps, err := f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{CSV: strings.NewReader(csv), Outlines: strings.NewReader(tt.geo)})
			if err != nil || res != (admin.ImportResult{}) || !equalProblems(ps, tt.want) {
				t.Errorf("%s: %+v, %v, problems\n%+v\nwant\n%+v", name, res, err, ps, tt.want)
			}
		}
		// Both files wrong: both reports.
		_, ps, err := f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{CSV: strings.NewReader("naam,cbs_code,inwoners\n,BU03440102,5\n"),
			Outlines: strings.NewReader(collection(feature(`{"code":"BU03440101"}`, `{"type":"LineString","coordinates":[[5,52],[5.1,52]]}`)))})
		want := []admin.Problem{{Line: 2, Key: "admin.import.name.required"}, {Feature: 1, Key: "admin.outlines.geometry.type", Value: "LineString"}}
		if err != nil || !equalProblems(ps, want) {
			t.Errorf("both files wrong: %+v, %v", ps, err)
		}
		big := append([]byte(collection(feature(`{"code":"BU03440101"}`, good))), bytes.Repeat([]byte(" "), admin.ImportMaxBytes)...)
		_, ps, err = f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{CSV: strings.NewReader(csv), Outlines: bytes.NewReader(big)})
		if err != nil || !equalProblems(ps, []admin.Problem{{Key: "admin.outlines.too_large"}}) {
			t.Errorf("outlines over 10 MB: %+v, %v", ps, err)
		}
		// A long report stops after MaxProblems and says how many more.
		many := make([]string, admin.MaxProblems+50)
		for i := range many {
			many[i] = feature(`{"code":"BU0345`+strconv.Itoa(1000+i)+`"}`, good)
		}
		_, ps, err = f.svc.ImportNeighbourhoods(f.ctx, root, admin.ImportFiles{Outlines: strings.NewReader(collection(many...))})
		if err != nil || len(ps) != admin.MaxProblems+1 || ps[admin.MaxProblems] != (admin.Problem{Key: "admin.import.more", Value: "50"}) {
			t.Errorf("%d problems, the last %+v, %v", len(ps), ps[len(ps)-1], err)
		}
		if n := countRows(t, bdb, "neighbourhoods"); n != 1 {
			t.Errorf("%d neighbourhoods after refused files, want the first one only", n)
		}
		if n := countRows(t, bdb, "neighbourhoods WHERE outline_geojson IS NOT NULL"); n != 0 {
			t.Errorf("%d outlines stored from refused files", n)
		}
	})
}
