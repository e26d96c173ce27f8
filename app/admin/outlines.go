package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/municipality"
)

// OutlineCodeProperties are the feature properties, compared without
// regard to case, that name a neighbourhood's CBS code in an outlines
// file: the first one a feature has counts. "buurtcode" and "statcode" are
// what CBS and PDOK publish today, "BU_CODE" what the older "Wijk- en
// buurtkaart" files have.
func OutlineCodeProperties() []string {
	return []string{"code", "cbs_code", "cbscode", "buurtcode", "bu_code", "statcode"}
}

// outlineRow is a checked feature of an outlines file: the CBS code it
// belongs to and its geometry as it is stored.
type outlineRow struct {
	feature  int
	code     string
	geometry string
}

// outlineFeature is one feature as the file has it.
type outlineFeature struct {
	Type       string          `json:"type"`
	Properties map[string]any  `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// outlineGeometry is a Polygon or MultiPolygon as stored: only its type
// and coordinates, whatever other members the file had.
type outlineGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// problemError is a problem found in a feature's geometry.
type problemError struct{ key, value string }

func (p problemError) Error() string { return p.key + " " + p.value }

// parseOutlines checks a GeoJSON FeatureCollection (RFC 7946) of
// neighbourhood outlines: each feature a Polygon or MultiPolygon in WGS84
// with its CBS code in one of OutlineCodeProperties, each code once. Each
// feature is checked on its own, so that the report names every one that
// is wrong (by its place in the file, from 1), with the first thing wrong
// with it.
func parseOutlines(data []byte) ([]outlineRow, []Problem) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, []Problem{{Key: "admin.outlines.encoding"}}
	}
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
		CRS      *struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"crs"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, []Problem{jsonProblem(data, err)}
	}
	switch {
	case fc.Type != "FeatureCollection":
		return nil, []Problem{{Key: "admin.outlines.not_collection", Value: fc.Type}}
	case fc.CRS != nil && !wgs84(fc.CRS.Properties.Name):
		return nil, []Problem{{Key: "admin.outlines.crs", Value: fc.CRS.Properties.Name}}
	case len(fc.Features) == 0:
		return nil, []Problem{{Key: "admin.outlines.empty"}}
	case len(fc.Features) > ImportMaxRows:
		return nil, []Problem{{Key: "admin.outlines.too_many"}}
	}
	var rows []outlineRow
	var problems []Problem
	seen := map[string]int{} // CBS code -> feature
	for i, raw := range fc.Features {
		row, p := checkFeature(i+1, raw, seen)
		if p != nil {
			problems = append(problems, *p)
			continue
		}
		rows = append(rows, row)
	}
	return rows, problems
}

// jsonProblem says on which line a file stops being JSON.
func jsonProblem(data []byte, err error) Problem {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return Problem{Line: 1 + bytes.Count(data[:se.Offset], []byte("\n")), Key: "admin.outlines.not_json"}
	case errors.As(err, &te):
		return Problem{Line: 1 + bytes.Count(data[:te.Offset], []byte("\n")), Key: "admin.outlines.not_collection", Value: te.Field}
	}
	return Problem{Key: "admin.outlines.not_json"}
}

// wgs84 reports whether a (pre-RFC 7946) crs member names WGS84.
func wgs84(name string) bool {
	switch strings.ToUpper(name) {
	case "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:OGC::CRS84", "URN:OGC:DEF:CRS:EPSG::4326", "EPSG:4326":
		return true
	}
	return false
}

// unknownCodes are the problems of outlines whose CBS code is neither in
// the CSV file nor a neighbourhood's already.
func (s *Service) unknownCodes(ctx context.Context, rows []importRow, outlines []outlineRow) ([]Problem, error) {
	known := map[string]bool{}
	for _, r := range rows {
		known[r.code] = true
	}
	var ask []string
	for _, o := range outlines {
		if !known[o.code] {
			ask = append(ask, o.code)
		}
	}
	if len(ask) > 0 {
		var have []string
		err := s.db.NewSelect().Model((*municipality.Neighbourhood)(nil)).Column("cbs_code").
			Where("cbs_code IN (?)", bun.List(ask)).Scan(ctx, &have)
		if err != nil {
			return nil, fmt.Errorf("known CBS codes: %w", err)
		}
		for _, c := range have {
			known[c] = true
		}
	}
	var ps []Problem
	for _, o := range outlines {
		if !known[o.code] {
			ps = append(ps, Problem{Feature: o.feature, Key: "admin.outlines.code.unknown", Value: o.code})
		}
	}
	return ps, nil
}

// applyOutlines stores each outline with the neighbourhood of its code.
func (s *Service) applyOutlines(ctx context.Context, tx bun.Tx, outlines []outlineRow) (int, error) {
	now := s.now().UTC()
	for _, o := range outlines {
		res, err := tx.NewUpdate().Model((*municipality.Neighbourhood)(nil)).
			Set("outline_geojson = ?, updated_at = ?", o.geometry, now).Where("cbs_code = ?", o.code).Exec(ctx)
		if err != nil {
			return 0, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return 0, err
		} else if n != 1 { // unknownCodes checked before the transaction
			return 0, fmt.Errorf("outline of %s: %d neighbourhoods have that code", o.code, n)
		}
	}
	return len(outlines), nil
}

func checkFeature(n int, raw json.RawMessage, seen map[string]int) (outlineRow, *Problem) {
	var f outlineFeature
	if err := json.Unmarshal(raw, &f); err != nil || f.Type != "Feature" {
		return outlineRow{}, &Problem{Feature: n, Key: "admin.outlines.feature.invalid"}
	}
	code, p := featureCode(n, f.Properties)
	if p != nil {
		return outlineRow{}, p
	}
	if first, dup := seen[code]; dup {
		return outlineRow{}, &Problem{Feature: n, Key: "admin.outlines.code.duplicate", Value: code + " (" + strconv.Itoa(first) + ")"}
	}
	seen[code] = n
	geometry, err := checkGeometry(f.Geometry)
	if err != nil {
		var pe problemError
		if !errors.As(err, &pe) {
			pe = problemError{key: "admin.outlines.geometry.invalid"}
		}
		return outlineRow{}, &Problem{Feature: n, Key: pe.key, Value: pe.value}
	}
	return outlineRow{feature: n, code: code, geometry: geometry}, nil
}

// featureCode finds the feature's CBS code.
func featureCode(n int, props map[string]any) (string, *Problem) {
	for _, name := range OutlineCodeProperties() {
		for k, v := range props {
			if v == nil || !strings.EqualFold(k, name) {
				continue
			}
			s, _ := v.(string)
			code := strings.ToUpper(strings.TrimSpace(s))
			if !cbsCode.MatchString(code) {
				return "", &Problem{Feature: n, Key: "admin.outlines.code.invalid", Value: fmt.Sprint(v)}
			}
			return code, nil
		}
	}
	return "", &Problem{Feature: n, Key: "admin.outlines.code.missing"}
}

// checkGeometry checks a Polygon or MultiPolygon and returns it as stored.
func checkGeometry(raw json.RawMessage) (string, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if len(raw) == 0 || string(raw) == "null" {
		return "", problemError{key: "admin.outlines.geometry.missing"}
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return "", err
	}
	out := outlineGeometry{Type: g.Type}
	switch g.Type {
	case "Polygon":
		var rings [][][]float64
		if err := coordinates(g.Coordinates, &rings); err != nil {
			return "", err
		}
		if err := checkPolygon(rings); err != nil {
			return "", err
		}
		out.Coordinates = rings
	case "MultiPolygon":
		var polygons [][][][]float64
		if err := coordinates(g.Coordinates, &polygons); err != nil {
			return "", err
		}
		if len(polygons) == 0 {
			return "", problemError{key: "admin.outlines.polygon.empty"}
		}
		for _, rings := range polygons {
			if err := checkPolygon(rings); err != nil {
				return "", err
			}
		}
		out.Coordinates = polygons
	default:
		return "", problemError{key: "admin.outlines.geometry.type", value: g.Type}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// coordinates decodes the coordinates member into v: nested arrays of
// numbers, nothing else.
func coordinates(raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" || json.Unmarshal(raw, v) != nil {
		return problemError{key: "admin.outlines.coordinates.invalid"}
	}
	return nil
}

// checkPolygon checks a polygon's rings: at least one, each closed with at
// least four positions of longitude, latitude (and an optional altitude)
// within WGS84's range.
func checkPolygon(rings [][][]float64) error {
	if len(rings) == 0 {
		return problemError{key: "admin.outlines.polygon.empty"}
	}
	for _, ring := range rings {
		if len(ring) < 4 {
			return problemError{key: "admin.outlines.ring.short", value: strconv.Itoa(len(ring))}
		}
		for _, p := range ring {
			if len(p) != 2 && len(p) != 3 {
				return problemError{key: "admin.outlines.coordinates.invalid"}
			}
			if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
				return problemError{key: "admin.outlines.coordinates.range", value: position(p)}
			}
		}
		first, last := ring[0], ring[len(ring)-1]
		if len(first) != len(last) || first[0] != last[0] || first[1] != last[1] {
			return problemError{key: "admin.outlines.ring.open", value: position(first) + " ≠ " + position(last)}
		}
	}
	return nil
}

func position(p []float64) string {
	s := make([]string, len(p))
	for i, x := range p {
		s[i] = strconv.FormatFloat(x, 'f', -1, 64)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
