package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
)

// apiSpecRouter loads the embedded OpenAPI description, checks it is a
// valid OpenAPI 3 document and returns a router over it.
func apiSpecRouter(t *testing.T) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPISpec)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI 3: %v", err)
	}
	router, err := legacyrouter.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// apiCall is one API response, checked against the OpenAPI description:
// its status must be documented for the route and its body must match.
type apiCall struct {
	status int
	header http.Header
	body   []byte
}

func callAPI(t *testing.T, o *oidcSite, router routers.Router, auth, target string) apiCall {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, o.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: not in openapi.json: %v", target, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s: response %d does not match openapi.json: %v\n%s", target, res.StatusCode, err, body)
	}
	if ck := res.Header.Values("Set-Cookie"); len(ck) > 0 {
		t.Errorf("%s sets cookies: %v", target, ck)
	}
	return apiCall{res.StatusCode, res.Header, body}
}

// errorCode is the code of an API error body ("" when none).
func (a apiCall) errorCode(t *testing.T) (code, param string) {
	t.Helper()
	var e apiErrorBody
	if err := json.Unmarshal(a.body, &e); err != nil {
		t.Fatalf("not a JSON error: %s", a.body)
	}
	return e.Error.Code, e.Error.Parameter
}

var apiDataRoutes = []string{"/api/v1/neighbourhoods", "/api/v1/themes", "/api/v1/figures", "/api/v1/weeks"}

// Without a live token every data route answers 401 with a stable code,
// even to a logged-in staff member's session; the description itself is
// open.
func TestAPIRefusesWithoutToken(t *testing.T) {
	o, _, staffBrowser := dashboardSite(t)
	router := apiSpecRouter(t)
	ctx := context.Background()
	tok, secret, err := o.tokens.Create(ctx, nil, "oud")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.tokens.Revoke(ctx, nil, tok.ID); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"":                          "token_missing",
		"Basic dXNlcjpwYXNz":        "token_malformed",
		"Bearer":                    "token_malformed",
		"Bearer bbt_bestaatniet":    "token_invalid",
		"Bearer niet-eens-een-bbt_": "token_invalid",
		"Bearer " + secret:          "token_invalid", // revoked
	}
	for _, route := range apiDataRoutes {
		for auth, want := range cases {
			res := callAPI(t, o, router, auth, route)
			if code, _ := res.errorCode(t); res.status != http.StatusUnauthorized || code != want ||
				!strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s with %q: %d %s, want 401 %s", route, auth, res.status, code, want)
			}
		}
		if res := get(t, noRedirects(staffBrowser), o.URL+route); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s with a staff session: %d, want 401", route, res.StatusCode)
		}
	}
	if res := callAPI(t, o, router, "", "/api/v1/openapi.json"); res.status != 200 || !bytes.Equal(res.body, openAPISpec) {
		t.Errorf("openapi.json: %d", res.status)
	}
}

// With a token the API gives the dashboard's figures, "< 5" hidden as on
// the page, and notes when the token was last used.
func TestAPIFiguresAndSmallCounts(t *testing.T) {
	o, fx, _ := dashboardSite(t)
	router := apiSpecRouter(t)
	tok, secret, err := o.tokens.Create(context.Background(), nil, "powerbi")
	if err != nil {
		t.Fatal(err)
	}
	auth := "Bearer " + secret
	var nbs struct {
		Neighbourhoods []apiNeighbourhood `json:"neighbourhoods"`
	}
	if res := callAPI(t, o, router, auth, "/api/v1/neighbourhoods"); res.status != 200 || json.Unmarshal(res.body, &nbs) != nil || len(nbs.Neighbourhoods) == 0 {
		t.Fatalf("neighbourhoods: %d %s", res.status, res.body)
	}
	if res := callAPI(t, o, router, auth, "/api/v1/themes"); res.status != 200 || !strings.Contains(string(res.body), `"label_en"`) {
		t.Fatalf("themes: %d %s", res.status, res.body)
	}
	figures := func() map[string]jsonCell {
		res := callAPI(t, o, router, auth, "/api/v1/figures?period=year&neighbourhood="+fx.neighbourhood)
		var out struct {
			Filter  apiFilter    `json:"filter"`
			Figures []jsonFigure `json:"figures"`
		}
		if res.status != 200 || json.Unmarshal(res.body, &out) != nil || len(out.Filter.Neighbourhoods) != 1 {
			t.Fatalf("figures: %d %s", res.status, res.body)
		}
		m := map[string]jsonCell{}
		for _, f := range out.Figures {
			m[f.Key] = f.Current
		}
		return m
	}
	// Two people took part: hidden. Their two acts (an initiative, an
	// idea) are not counts of people: shown.
	m := figures()
	if p := m["participants"]; !p.Hidden || p.N != nil {
		t.Errorf("2 participants shown: %+v", p)
	}
	if i := m["ideas"]; i.Hidden || i.N == nil || *i.N != 1 {
		t.Errorf("ideas: %+v", i)
	}
	supportBy(t, o, fx, 4) // six people now
	if p := figures()["participants"]; p.Hidden || p.N == nil || *p.N != 6 {
		t.Errorf("6 participants: %+v", p)
	}
	res := callAPI(t, o, router, auth, "/api/v1/weeks?from=2026-01-01&to=2026-01-31")
	var weeks struct {
		Weeks []jsonWeek `json:"weeks"`
	}
	if res.status != 200 || json.Unmarshal(res.body, &weeks) != nil || len(weeks.Weeks) != 5 || weeks.Weeks[0].Start != "2026-01-01" {
		t.Errorf("weeks: %d %s", res.status, res.body)
	}
	list, err := o.tokens.List(context.Background())
	if err != nil || len(list) != 1 || list[0].ID != tok.ID || list[0].LastUsedAt == nil {
		t.Errorf("last use not noted: %+v %v", list, err)
	}
}

// Parameters are checked, with a 400 that names the parameter.
func TestAPIBadParameters(t *testing.T) {
	o, fx, _ := dashboardSite(t)
	router := apiSpecRouter(t)
	_, secret, err := o.tokens.Create(context.Background(), nil, "powerbi")
	if err != nil {
		t.Fatal(err)
	}
	unknownID := "0194f1f0-0000-7000-8000-000000000000"
	cases := map[string]string{
		"neighbourhood=12":                          "neighbourhood",
		"neighbourhood=" + unknownID:                "neighbourhood",
		"theme=" + unknownID:                        "theme",
		"period=week":                               "period",
		"period=year&from=2026-01-01&to=2026-02-01": "period",
		"from=2026-01-01":                           "to",
		"from=1-1-2026&to=2026-02-01":               "from",
		"from=2026-02-01&to=2026-01-01":             "to",
		"from=2015-01-01&to=2026-01-01":             "to",
		"neighborhood=" + fx.neighbourhood:          "neighborhood",
	}
	for _, route := range []string{"/api/v1/figures", "/api/v1/weeks"} {
		for query, param := range cases {
			res := callAPI(t, o, router, "Bearer "+secret, route+"?"+query)
			if code, p := res.errorCode(t); res.status != http.StatusBadRequest || code != "invalid_parameter" || p != param {
				t.Errorf("%s?%s: %d %s %q, want 400 invalid_parameter %q", route, query, res.status, code, p, param)
			}
		}
	}
	if res := callAPI(t, o, router, "Bearer "+secret, "/api/v1/themes?"+url.Values{"x": {"1"}}.Encode()); res.status != http.StatusBadRequest {
		t.Errorf("themes with an unknown parameter: %d", res.status)
	}
}
