package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// dashFixture is what the dashboard tests act on: two people took part,
// an initiative's starter and the author of its one idea.
type dashFixture struct {
	neighbourhood, idea string
}

// dashboardSite is a site with the dashboard fixture and a staff member's
// browser.
func dashboardSite(t *testing.T) (*oidcSite, dashFixture, *http.Client) {
	t.Helper()
	o := newDemoSite(t, nil)
	ctx := context.Background()
	ns, _ := o.municipality.ListNeighbourhoods(ctx)
	ts, _ := o.municipality.ListThemes(ctx)
	fx := dashFixture{neighbourhood: ns[0].ID.String()}
	ini, err := o.initiatives.Create(ctx, o.newUser(t, resident), initiative.Input{Title: "Straatdiner Bolplein",
		Summary: "Samen eten op het plein", Description: "Iedereen neemt iets mee.", NeighbourhoodID: fx.neighbourhood,
		ThemeIDs: []string{ts[0].ID.String()}})
	if err != nil {
		t.Fatal(err)
	}
	it, err := o.ideas.Propose(ctx, o.newUser(t, resident), ini.ID, idea.Input{Title: "Lampjes in de bomen", Description: "Voor de sfeer."})
	if err != nil {
		t.Fatal(err)
	}
	fx.idea = it.ID.String()
	return o, fx, o.clientAs(t, staff, fixture{})
}

// supportBy has n new residents support the fixture's idea.
func supportBy(t *testing.T, o *oidcSite, fx dashFixture, n int) {
	t.Helper()
	for range n {
		if _, err := o.ideas.Support(context.Background(), o.newUser(t, resident), uuid.MustParse(fx.idea)); err != nil {
			t.Fatal(err)
		}
	}
}

// figureCells returns the cells (this period, before, change) of the
// table row headed label.
func figureCells(doc *goquery.Document, label string) []string {
	var cells []string
	doc.Find(`th[scope="row"]`).EachWithBreak(func(_ int, th *goquery.Selection) bool {
		if strings.TrimSpace(th.Text()) != label {
			return true
		}
		th.SiblingsFiltered("td").Each(func(_ int, td *goquery.Selection) {
			cells = append(cells, strings.TrimSpace(td.Text()))
		})
		return false
	})
	return cells
}

func dashboardDoc(t *testing.T, o *oidcSite, c *http.Client, query string, status int) *goquery.Document {
	t.Helper()
	res := get(t, c, o.URL+"/gemeente"+query)
	if res.StatusCode != status {
		t.Fatalf("GET /gemeente%s: %d, want %d", query, res.StatusCode, status)
	}
	return document(t, res)
}

// With two people taking part, every count of people shows "< 5" and
// the change next to it is not shown; with nine it shows the numbers.
func TestDashboardFiguresAndSmallCounts(t *testing.T) {
	t.Parallel()
	o, fx, c := dashboardSite(t)
	doc := dashboardDoc(t, o, c, "", http.StatusOK)
	if got := figureCells(doc, "Mensen die meededen"); len(got) != 3 || got[0] != "< 5" || got[2] != "niet te tonen" {
		t.Errorf("participants with 2 people = %q, want < 5 and no change", got)
	}
	if got := figureCells(doc, "Initiatieven gestart"); len(got) != 3 || got[0] != "1" || got[2] != "+1" {
		t.Errorf("initiatives started = %q, want 1, +1", got)
	}
	for _, label := range []string{"Van wie nieuw", "Van wie al eerder actief"} {
		if got := figureCells(doc, label); len(got) == 0 || got[0] != "< 5" {
			t.Errorf("%s = %q, want < 5", label, got)
		}
	}
	if got := figureCells(doc, "Mensen die meededen per 1.000 inwoners"); len(got) == 0 || got[0] != "onbekend" {
		t.Errorf("per 1,000 with a hidden count = %q, want unknown (it would reveal the count)", got)
	}
	supportBy(t, o, fx, 6)
	doc = dashboardDoc(t, o, c, "", http.StatusOK)
	var people int
	if err := o.DB.NewRaw("SELECT COUNT(DISTINCT actor_key) FROM activity").Scan(context.Background(), &people); err != nil {
		t.Fatal(err)
	}
	if got := figureCells(doc, "Mensen die meededen"); len(got) != 3 || got[0] != "8" || people != 8 {
		t.Errorf("participants with 8 people = %q (plain SQL: %d), want 8", got, people)
	}
	if got := figureCells(doc, "Steunbetuigingen"); len(got) != 3 || got[0] != "6" {
		t.Errorf("supports = %q, want 6", got)
	}
	// All eight are new: "already active" is 0, which singles nobody out.
	if got := figureCells(doc, "Van wie nieuw"); len(got) == 0 || got[0] != "8" {
		t.Errorf("new participants = %q, want 8", got)
	}
	if got := figureCells(doc, "Lampjes in de bomen"); len(got) == 0 || got[0] != "6" {
		t.Errorf("the idea with most support = %q, want its 6 supports, linked", got)
	}
	if href, _ := doc.Find(`a[href="/idee/` + fx.idea + `"]`).Attr("href"); href == "" {
		t.Error("the idea with most support does not link to its page")
	}
	checkCharts(t, doc)
	if doc.Find(`.bb-nav a[href="/gemeente"][aria-current="page"]`).Length() != 1 {
		t.Error("staff have no current menu item for the dashboard")
	}
	neighbour := o.clientAs(t, resident, fixture{})
	if res := get(t, neighbour, o.URL+"/profiel"); document(t, res).Find(`.bb-nav a[href="/gemeente"]`).Length() != 0 {
		t.Error("a resident's menu links to the dashboard")
	}
}

// Charts are SVG images with a title and a description, each followed by
// a table, and nothing on the page uses inline style.
func checkCharts(t *testing.T, doc *goquery.Document) {
	t.Helper()
	svgs := doc.Find("svg.bb-chart")
	if svgs.Length() < 2 { // the weekly chart and one small multiple
		t.Fatalf("%d charts, want the weekly chart and a small multiple", svgs.Length())
	}
	svgs.Each(func(_ int, s *goquery.Selection) {
		role, _ := s.Attr("role")
		labelled, _ := s.Attr("aria-labelledby")
		if role != "img" || s.Find("title").Text() == "" || s.Find("desc").Text() == "" || labelled == "" {
			t.Errorf("chart without role img, title or description: %s", labelled)
		}
	})
	if n := doc.Find("[style]").Length(); n > 0 {
		t.Errorf("%d elements with inline style; the CSP forbids them", n)
	}
	if doc.Find("table caption#weken-tabel").Length() != 1 || doc.Find("table caption#buurten-tabel").Length() != 1 {
		t.Error("the charts' numbers are not in tables")
	}
}

// Bad filter input: an impossible period is a localised 422 with the form
// kept; an unknown neighbourhood is left out with a note.
func TestDashboardBadFilters(t *testing.T) {
	t.Parallel()
	o, fx, c := dashboardSite(t)
	doc := dashboardDoc(t, o, c, "?periode=anders&van=2026-06-10&tot=2026-06-01", http.StatusUnprocessableEntity)
	// The other language, and back: the choice sticks in a cookie.
	if msg := text(doc, "#tot-fout"); !strings.Contains(msg, "einddatum ligt voor de begindatum") {
		t.Errorf("end before start: message %q", msg)
	}
	if v, _ := doc.Find("#van").Attr("value"); v != "2026-06-10" {
		t.Errorf("the form lost the start date: %q", v)
	}
	doc = dashboardDoc(t, o, c, "?periode=anders&van=2020-01-01&tot=2026-06-01&lang=en", http.StatusUnprocessableEntity)
	if msg := text(doc, "#tot-fout"); msg != "Choose a period of 5 years at most." {
		t.Errorf("too long, in English: message %q", msg)
	}
	doc = dashboardDoc(t, o, c, "?periode=anders&van=gisteren&tot=", http.StatusUnprocessableEntity)
	if text(doc, "#van-fout") == "" || text(doc, "#tot-fout") == "" || doc.Find(`[role="alert"] a[href="#van"]`).Length() != 1 {
		t.Error("malformed dates: no field errors or no error summary linking to them")
	}
	doc = dashboardDoc(t, o, c, "?buurt="+uuid.NewString()+"&buurt="+fx.neighbourhood+"&lang=nl", http.StatusOK)
	if !strings.Contains(doc.Find(`[role="status"]`).Text(), "overgeslagen") {
		t.Error("an unknown neighbourhood is ignored without a note")
	}
	if _, checked := doc.Find(`input[name="buurt"][value="` + fx.neighbourhood + `"]`).Attr("checked"); !checked {
		t.Error("the known neighbourhood is no longer ticked")
	}
	dashboardDoc(t, o, c, "?vergelijk=buurten&buurt_a="+fx.neighbourhood+"&buurt_b="+fx.neighbourhood, http.StatusUnprocessableEntity)
}

// Comparison mode: two neighbourhoods and two periods side by side.
func TestDashboardCompares(t *testing.T) {
	t.Parallel()
	o, fx, c := dashboardSite(t)
	ns, _ := o.municipality.ListNeighbourhoods(context.Background())
	var other string
	for _, n := range ns {
		if n.ID.String() != fx.neighbourhood {
			other = n.ID.String()
			break
		}
	}
	doc := dashboardDoc(t, o, c, "?vergelijk=buurten&buurt_a="+fx.neighbourhood+"&buurt_b="+other, http.StatusOK)
	heads := doc.Find("#vergelijking ~ * th[scope=col]")
	if doc.Find("#vergelijking").Length() != 1 || heads.Length() != 3 {
		t.Fatalf("no comparison table (%d column heads)", heads.Length())
	}
	row := doc.Find(`th[scope="row"]:contains("Initiatieven gestart")`).Last().SiblingsFiltered("td")
	if row.First().Text() != "1" || row.Last().Text() != "0" {
		t.Errorf("initiatives started side by side = %q / %q, want 1 / 0", row.First().Text(), row.Last().Text())
	}
	dashboardDoc(t, o, c, "?vergelijk=perioden&van2=2026-01-01&tot2=2026-01-31", http.StatusOK)
	dashboardDoc(t, o, c, "?vergelijk=perioden&van2=2026-01-31&tot2=2026-01-01", http.StatusUnprocessableEntity)
	// Overlapping periods side by side would let their difference describe
	// the few people active only in one of them.
	doc = dashboardDoc(t, o, c, "?periode=anders&van=2026-01-01&tot=2026-01-31&vergelijk=perioden&van2=2026-01-02&tot2=2026-01-31",
		http.StatusUnprocessableEntity)
	if !strings.Contains(text(doc, "#van2-fout"), "overlappen") {
		t.Errorf("overlapping periods: message %q", text(doc, "#van2-fout"))
	}
}

// The CSV download has the page's numbers, "< 5" included.
func TestDashboardCSVAgreesWithPage(t *testing.T) {
	t.Parallel()
	o, fx, c := dashboardSite(t)
	supportBy(t, o, fx, 3) // five people: shown
	doc := dashboardDoc(t, o, c, "", http.StatusOK)
	res := get(t, c, o.URL+"/gemeente/export.csv")
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("CSV: %d %s", res.StatusCode, ct)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, r := range rows[1:] {
		if r[0] != "figure" && r[0] != "measure" {
			continue
		}
		page := figureCells(doc, r[2])
		if len(page) != 3 || plain(page[0]) != r[3] || plain(page[1]) != r[4] {
			t.Errorf("CSV %v, page %q", r, page)
		}
		compared++
	}
	if compared < 15 {
		t.Errorf("compared only %d figures", compared)
	}
	checkJSONAgrees(t, o, c, rows)
}

// checkJSONAgrees reads the JSON download and compares its figures with
// the CSV's.
func checkJSONAgrees(t *testing.T, o *oidcSite, c *http.Client, csvRows [][]string) {
	t.Helper()
	res := get(t, c, o.URL+"/gemeente/export.json")
	defer res.Body.Close()
	var out jsonReport
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("JSON: %d %v", res.StatusCode, err)
	}
	byKey := map[string]jsonFigure{}
	for _, f := range out.Figures {
		byKey[f.Key] = f
	}
	show := func(c jsonCell) string {
		if c.Hidden {
			return "< 5"
		}
		return strconv.Itoa(*c.N)
	}
	figures := 0
	for _, r := range csvRows {
		if r[0] != "figure" {
			continue
		}
		f, ok := byKey[r[1]]
		if !ok || show(f.Current) != r[3] || show(f.Previous) != r[4] {
			t.Errorf("JSON %s = %+v, CSV %v", r[1], f, r)
		}
		figures++
	}
	if figures != len(out.Figures) || len(out.Weeks) == 0 || len(out.TopIdeas) != 1 || !out.TopIdeas[0].Current.Hidden {
		t.Errorf("JSON: %d figures (CSV %d), %d weeks, top ideas %+v", len(out.Figures), figures, len(out.Weeks), out.TopIdeas)
	}
}

// postDashboard posts values with the CSRF token of the dashboard page.
func postDashboard(t *testing.T, o *oidcSite, c *http.Client, path string, values url.Values) *http.Response {
	t.Helper()
	tok, _ := dashboardDoc(t, o, c, "", http.StatusOK).Find(`meta[name="csrf-token"]`).Attr("content")
	if values == nil {
		values = url.Values{}
	}
	values.Set("csrf", tok)
	res, err := noRedirects(c).Post(o.URL+path, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// Saved filters are the staff member's own: saved, listed, and deleted
// only by their owner.
func TestDashboardPresets(t *testing.T) {
	t.Parallel()
	o, fx, c := dashboardSite(t)
	query := url.Values{"buurt": {fx.neighbourhood}, "periode": {"jaar"}, "evil": {"x"}}.Encode()
	res := postDashboard(t, o, c, "/gemeente/filters", url.Values{"naam": {"Mijn buurt"}, "query": {query}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || strings.Contains(loc, "evil") ||
		!strings.Contains(loc, "periode=jaar") {
		t.Fatalf("save preset: %d to %q", res.StatusCode, loc)
	}
	doc := dashboardDoc(t, o, c, "", http.StatusOK)
	link := doc.Find(`.bb-dashboard__presets a:contains("Mijn buurt")`)
	href, _ := link.Attr("href")
	if !strings.Contains(href, "periode=jaar") {
		t.Fatalf("saved preset not listed: %q", href)
	}
	action, _ := doc.Find(`form[action$="/verwijderen"]`).Attr("action")
	res = postDashboard(t, o, c, "/gemeente/filters", url.Values{"naam": {""}, "query": {query}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("preset without a name: %d, want 422", res.StatusCode)
	}
	colleague := o.clientAs(t, staff, fixture{})
	if doc := dashboardDoc(t, o, colleague, "", http.StatusOK); doc.Find(`a:contains("Mijn buurt")`).Length() != 0 {
		t.Error("a colleague sees someone else's preset")
	}
	if res := postDashboard(t, o, colleague, action, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("a colleague deletes someone else's preset: %d, want 404", res.StatusCode)
	}
	if res := postDashboard(t, o, c, action, nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("deleting one's own preset: %d, want 303", res.StatusCode)
	}
}

// staffMayPost are the writes staff and admins may make: their own login,
// account, notifications, calendar link and saved dashboard filters, and
// reporting content to the moderators (which is not taking part).
var staffMayPost = []string{"/logout", "/inloggen/", "/auth/", "/profiel", "/meldingen", "/agenda/koppeling",
	"/gemeente/filters", "/melden"}

// Read-only, enforced: in the authorisation table (whose every row
// TestAuthorisationTable checks against the server), staff and admins are
// refused every other write — creating, supporting, commenting, signing
// up, organising or moderating anywhere.
func TestStaffOnlyWatch(t *testing.T) {
	t.Parallel()
	site := newDemoSite(t, nil)
	writes := 0
	for _, tc := range authzTable(site.Server, newFixture(t, site)) {
		if tc.method != http.MethodPost || slices.ContainsFunc(staffMayPost, func(p string) bool {
			return strings.HasPrefix(tc.route, p)
		}) {
			continue
		}
		writes++
		for _, r := range []role{staff, admin} {
			if r == admin && strings.HasPrefix(tc.route, "/beheer") {
				continue // administrators run the site itself (users, roles), which is not taking part
			}
			if tc.want[r] != http.StatusForbidden {
				t.Errorf("POST %s as %s: the table expects %d, want 403", tc.route, r, tc.want[r])
			}
		}
	}
	if writes < 20 {
		t.Errorf("only %d writes checked; is the table complete?", writes)
	}
}

// Idea titles are residents' text: on the dashboard they are text, never
// markup.
func TestDashboardEscapesTitles(t *testing.T) {
	t.Parallel()
	o, fx, c := dashboardSite(t)
	ctx := context.Background()
	it, err := o.ideas.ByID(ctx, uuid.MustParse(fx.idea))
	if err != nil {
		t.Fatal(err)
	}
	const title = `<img src=x onerror=alert(1)>Bankjes"><svg onload=alert(2)>`
	evil, err := o.ideas.Propose(ctx, o.newUser(t, resident), it.InitiativeID, idea.Input{Title: title, Description: "Zitten."})
	if err != nil {
		t.Fatal(err)
	}
	supportBy(t, o, dashFixture{idea: evil.ID.String()}, 5)
	doc := dashboardDoc(t, o, c, "", http.StatusOK)
	if doc.Find("img[onerror], svg[onload]").Length() != 0 {
		t.Error("an idea title became markup on the dashboard")
	}
	if got := doc.Find(`a[href="/idee/` + evil.ID.String() + `"]`).First().Text(); got != title {
		t.Errorf("title shown as %q, want the text %q", got, title)
	}
}

// With PUBLIC_DASHBOARD everyone reads the figures and their downloads,
// but saves no filters; without it, anonymous visitors are sent to log in.
func TestPublicDashboard(t *testing.T) {
	t.Parallel()
	private := newDemoSite(t, nil)
	if res := get(t, noRedirects(browserClient(t)), private.URL+"/gemeente"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("private dashboard for an anonymous visitor: %d, want 303 to the login page", res.StatusCode)
	}
	public := newDemoSite(t, map[string]string{"PUBLIC_DASHBOARD": "true"})
	anon := noRedirects(browserClient(t))
	res := get(t, anon, public.URL+"/gemeente")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("public dashboard: %d, want 200", res.StatusCode)
	}
	doc := document(t, res)
	if doc.Find(`main h1`).Length() == 0 || doc.Find(`form[action="/gemeente/filters"]`).Length() != 0 {
		t.Error("the public dashboard lacks its heading or offers an anonymous visitor to save filters")
	}
	for _, p := range []string{"/gemeente/export.csv", "/gemeente/export.json"} {
		if res := get(t, anon, public.URL+p); res.StatusCode != http.StatusOK {
			t.Errorf("public %s: %d, want 200", p, res.StatusCode)
		}
	}
	if res := public.postForm(t, anon, "/gemeente/filters", url.Values{"naam": {"x"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous saving a filter: %d, want 401", res.StatusCode)
	}
	staffDoc := document(t, get(t, public.clientAs(t, staff, fixture{}), public.URL+"/gemeente"))
	if staffDoc.Find(`form[action="/gemeente/filters"]`).Length() != 1 {
		t.Error("staff lost their saved filters on a public dashboard")
	}
}
