// Package searchtest is the contract every search engine passes: the same
// tests for the embedded engine (always) and Meilisearch (when a test
// server is configured).
package searchtest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buurtboost/buurtboost/app/search"
)

// Fixed ids of the fixture's neighbourhoods, themes and initiative.
const (
	Centrum  = "0192aaaa-0000-7000-8000-000000000001"
	Noord    = "0192aaaa-0000-7000-8000-000000000002"
	Groen    = "0192bbbb-0000-7000-8000-000000000001"
	Spelen   = "0192bbbb-0000-7000-8000-000000000002"
	Bolplein = "0192cccc-0000-7000-8000-000000000001"
)

var base = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// doc builds a document; n orders them in time and by supports.
func doc(kind search.Kind, n int, title, body, nb string, themes ...string) search.Document {
	return search.Document{Kind: kind, ID: fmt.Sprintf("0192dddd-0000-7000-8000-%012d", n), Title: title, Body: body,
		URL: fmt.Sprintf("/x/%d", n), NeighbourhoodID: nb, ThemeIDs: themes, Status: "open",
		InitiativeID: Bolplein, InitiativeTitle: "Bolplein", Supports: n, CreatedAt: base.Add(time.Duration(n) * time.Hour)}
}

// Fixture is the set of documents the contract indexes first.
func Fixture() []search.Document {
	ini := doc(search.KindInitiative, 1, "Speeltuin Bolplein", "Een nieuwe speeltuin voor de kinderen van het Bolplein.", Centrum, Spelen)
	ini.Status = "active"
	return []search.Document{
		ini,
		doc(search.KindIdea, 2, "Moestuin bij de school", "Samen groenten kweken in de moestuin.", Centrum, Groen),
		doc(search.KindIdea, 3, "Straatdiner in de zomer", "Een lange tafel door de straat, iedereen kookt.", Noord),
		doc(search.KindIdea, 4, "Buurtcafé op zondag", "Koffie en taart in het café van het buurthuis.", Noord),
		doc(search.KindIdea, 5, "Meer groen op het plein", "Bomen en een moestuin op het plein.", Centrum, Groen, Spelen),
		doc(search.KindActivity, 6, "Opschoondag", "We ruimen samen het afval op in het park.", Noord, Groen),
	}
}

// Run runs the contract against engines newEngine makes; each subtest gets
// an empty engine.
func Run(t *testing.T, newEngine func(t *testing.T) search.Engine) {
	tests := map[string]func(t *testing.T, e search.Engine){
		"finds indexed documents":                         testFinds,
		"prefix of a word matches":                        testPrefix,
		"a second index replaces the document":            testUpdate,
		"deleted documents are never returned":            testDelete,
		"filters narrow the hits":                         testFilters,
		"facets count the matching documents":             testFacets,
		"sorts by newest and most supported":              testSort,
		"pages through the hits":                          testPages,
		"diacritics are folded both ways":                 testDiacritics,
		"a typo still finds the word":                     testTypo,
		"operators and special characters are plain text": testSpecial,
		"highlights are HTML-safe":                        testHighlightSafe,
		"rebuild replaces the whole index":                testRebuild,
		"any word finds documents with some of the words": testAnyWord,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			e := newEngine(t)
			if err := e.Index(context.Background(), Fixture()); err != nil {
				t.Fatalf("index fixture: %v", err)
			}
			fn(t, e)
		})
	}
}

func find(t *testing.T, e search.Engine, q search.Query) search.Result {
	t.Helper()
	res, err := e.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

// titles returns the hits' titles in order.
func titles(res search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.Title
	}
	return out
}

func wantTitles(t *testing.T, res search.Result, want ...string) {
	t.Helper()
	got := titles(res)
	if !slices.Equal(got, want) {
		t.Errorf("hits = %q, want %q", got, want)
	}
	if res.Total != len(want) && len(want) < 5 {
		t.Errorf("total = %d, want %d", res.Total, len(want))
	}
}

// wantSet checks the hits regardless of order.
func wantSet(t *testing.T, res search.Result, want ...string) {
	t.Helper()
	got := titles(res)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("hits = %q, want %q", got, want)
	}
}

func testFinds(t *testing.T, e search.Engine) {
	res := find(t, e, search.Query{Text: "moestuin"})
	wantSet(t, res, "Moestuin bij de school", "Meer groen op het plein")
	if res.Hits[0].Title != "Moestuin bij de school" {
		t.Errorf("a match in the title ranks first, got %q", res.Hits[0].Title)
	}
	if res.Hits[0].URL != "/x/2" || res.Hits[0].Kind != search.KindIdea || res.Hits[0].NeighbourhoodID != Centrum {
		t.Errorf("hit lost its fields: %+v", res.Hits[0].Document)
	}
	wantTitles(t, find(t, e, search.Query{Text: "speeltuin bolplein"}), "Speeltuin Bolplein")
}

func testPrefix(t *testing.T, e search.Engine) {
	wantTitles(t, find(t, e, search.Query{Text: "straatdi"}), "Straatdiner in de zomer")
}

func testUpdate(t *testing.T, e search.Engine) {
	d := Fixture()[2]
	d.Title = "Burendag met barbecue"
	if err := e.Index(context.Background(), []search.Document{d}); err != nil {
		t.Fatal(err)
	}
	wantTitles(t, find(t, e, search.Query{Text: "barbecue"}), "Burendag met barbecue")
	wantTitles(t, find(t, e, search.Query{Text: "straatdiner"}))
}

func testDelete(t *testing.T, e search.Engine) {
	gone := Fixture()[1]
	if err := e.Delete(context.Background(), []string{gone.Key(), "idea-unknown"}); err != nil {
		t.Fatal(err)
	}
	wantTitles(t, find(t, e, search.Query{Text: "moestuin"}), "Meer groen op het plein")
	res := find(t, e, search.Query{Text: "school"})
	if res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("deleted document still found: %q", titles(res))
	}
}

func testFilters(t *testing.T, e search.Engine) {
	q := search.Query{Text: "moestuin", Neighbourhoods: []string{Centrum}, Themes: []string{Spelen}}
	wantTitles(t, find(t, e, q), "Meer groen op het plein")
	wantSet(t, find(t, e, search.Query{Kinds: []search.Kind{search.KindIdea}, Neighbourhoods: []string{Noord}}),
		"Straatdiner in de zomer", "Buurtcafé op zondag")
	wantTitles(t, find(t, e, search.Query{Text: "speeltuin", Statuses: []string{"open"}}))
	wantTitles(t, find(t, e, search.Query{Text: "bolplein", Kinds: []search.Kind{search.KindInitiative}, Statuses: []string{"active"}}),
		"Speeltuin Bolplein")
	wantTitles(t, find(t, e, search.Query{Text: "moestuin", Neighbourhoods: []string{"no-such-neighbourhood"}}))
}

func testFacets(t *testing.T, e search.Engine) {
	res := find(t, e, search.Query{Text: "plein moestuin groen", Kinds: nil})
	_ = res
	res = find(t, e, search.Query{Neighbourhoods: []string{Centrum}})
	want := map[string]map[string]int{
		search.FacetKind:          {"initiative": 1, "idea": 2},
		search.FacetNeighbourhood: {Centrum: 3},
		search.FacetTheme:         {Groen: 2, Spelen: 2},
		search.FacetStatus:        {"open": 2, "active": 1},
	}
	for field, counts := range want {
		for v, n := range counts {
			if got := res.Facets[field][v]; got != n {
				t.Errorf("facet %s[%s] = %d, want %d (all: %v)", field, v, got, n, res.Facets[field])
			}
		}
		if len(res.Facets[field]) != len(counts) {
			t.Errorf("facet %s = %v, want %v", field, res.Facets[field], counts)
		}
	}
}

func testSort(t *testing.T, e search.Engine) {
	q := search.Query{Kinds: []search.Kind{search.KindIdea}, Sort: search.Newest}
	wantTitles(t, find(t, e, q), "Meer groen op het plein", "Buurtcafé op zondag", "Straatdiner in de zomer", "Moestuin bij de school")
	d := Fixture()[2]
	d.Supports = 99
	if err := e.Index(context.Background(), []search.Document{d}); err != nil {
		t.Fatal(err)
	}
	q.Sort = search.MostSupported
	res := find(t, e, q)
	if got := titles(res); len(got) != 4 || got[0] != "Straatdiner in de zomer" || got[1] != "Meer groen op het plein" {
		t.Errorf("most supported order = %q", got)
	}
}

func testPages(t *testing.T, e search.Engine) {
	var seen []string
	for page := 1; page <= 3; page++ {
		res := find(t, e, search.Query{Sort: search.Newest, Page: page, PerPage: 2, Neighbourhoods: []string{Centrum, Noord}})
		if res.Total != 6 {
			t.Fatalf("page %d: total = %d, want 6", page, res.Total)
		}
		if len(res.Hits) != 2 {
			t.Fatalf("page %d: %d hits, want 2", page, len(res.Hits))
		}
		seen = append(seen, titles(res)...)
	}
	if want := "Opschoondag"; seen[0] != want || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 6 {
		t.Errorf("pages = %q, want six different, newest (%s) first", seen, want)
	}
	if res := find(t, e, search.Query{Sort: search.Newest, Page: 9, PerPage: 2, Neighbourhoods: []string{Centrum}}); len(res.Hits) != 0 {
		t.Errorf("page past the end has hits: %q", titles(res))
	}
}

func testDiacritics(t *testing.T, e search.Engine) {
	wantTitles(t, find(t, e, search.Query{Text: "cafe"}), "Buurtcafé op zondag")
	d := doc(search.KindIdea, 7, "Cafe aan de haven", "Zonder accent.", Noord)
	if err := e.Index(context.Background(), []search.Document{d}); err != nil {
		t.Fatal(err)
	}
	wantSet(t, find(t, e, search.Query{Text: "café"}), "Buurtcafé op zondag", "Cafe aan de haven")
	wantSet(t, find(t, e, search.Query{Text: "CAFÉ"}), "Buurtcafé op zondag", "Cafe aan de haven")
}

func testTypo(t *testing.T, e search.Engine) {
	wantSet(t, find(t, e, search.Query{Text: "moestiun"}), "Moestuin bij de school", "Meer groen op het plein")
	wantTitles(t, find(t, e, search.Query{Text: "opschoondga"}), "Opschoondag")
}

func testSpecial(t *testing.T, e search.Engine) {
	for _, text := range []string{`"moestuin`, `moes*`, `title:moestuin`, `-moestuin`, `moestuin NEAR school`,
		`(moestuin`, `moestuin)`, `AND OR NOT`, `^`, `{title}: x`, `'; DROP TABLE search_index; --`, `\`, `%_`,
		strings.Repeat("moestuin ", 60), "\x00moestuin", "moestuin\xff"} {
		if _, err := e.Search(context.Background(), search.Query{Text: text}); err != nil {
			t.Errorf("search %q: %v", text, err)
		}
	}
	res := find(t, e, search.Query{Text: `"moestuin" (school`})
	wantTitles(t, res, "Moestuin bij de school")
}

func testHighlightSafe(t *testing.T, e search.Engine) {
	d := doc(search.KindIdea, 8, "<script>alert(1)</script> vijver", `Een <b>vijver</b> & "eendjes"`, Noord)
	if err := e.Index(context.Background(), []search.Document{d}); err != nil {
		t.Fatal(err)
	}
	res := find(t, e, search.Query{Text: "vijver"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %q", titles(res))
	}
	h := res.Hits[0]
	if want := "&lt;script&gt;alert(1)&lt;/script&gt; <mark>vijver</mark>"; string(h.TitleHTML) != want {
		t.Errorf("title = %s, want %s", h.TitleHTML, want)
	}
	if want := "Een &lt;b&gt;<mark>vijver</mark>&lt;/b&gt; &amp; &#34;eendjes&#34;"; string(h.SnippetHTML) != want {
		t.Errorf("snippet = %s, want %s", h.SnippetHTML, want)
	}
}

func testRebuild(t *testing.T, e search.Engine) {
	fresh := doc(search.KindIdea, 9, "Fietsenstalling", "Overdekt stallen.", Noord)
	err := e.Rebuild(context.Background(), func(ctx context.Context, add func([]search.Document) error) error {
		// Searches keep answering from the old index during the rebuild.
		wantTitles(t, find(t, e, search.Query{Text: "straatdiner"}), "Straatdiner in de zomer")
		return add([]search.Document{Fixture()[0], fresh})
	})
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	wantTitles(t, find(t, e, search.Query{Text: "fietsenstalling"}), "Fietsenstalling")
	wantTitles(t, find(t, e, search.Query{Text: "straatdiner"}))
	wantTitles(t, find(t, e, search.Query{Text: "speeltuin"}), "Speeltuin Bolplein")
}

func testAnyWord(t *testing.T, e search.Engine) {
	wantTitles(t, find(t, e, search.Query{Text: "moestuin zwembad"}))
	wantSet(t, find(t, e, search.Query{Text: "moestuin zwembad", AnyWord: true}),
		"Moestuin bij de school", "Meer groen op het plein")
	// Stop words alone match nothing.
	wantTitles(t, find(t, e, search.Query{Text: "de het een", AnyWord: true}))
}
