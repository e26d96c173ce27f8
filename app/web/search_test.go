package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/search"
)

// searchRows are the search routes: public reads, and the new-idea form's
// "check for similar ideas" step for residents.
func searchRows(fx fixture) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	ini := "/initiatief/" + fx.slug
	return []authzCase{
		{get, "/zoeken", "/zoeken?q=lampjes&soort=idea", nil, same(200)},
		{get, "/initiatief/:slug/ideeen/vergelijkbaar", ini + "/ideeen/vergelijkbaar?title=lampjes", nil, same(200)},
		{post, "/initiatief/:slug/ideeen/vergelijkbaar", ini + "/ideeen/vergelijkbaar",
			url.Values{"title": {"Lampjes"}, "description": {"x"}}, residents(post, 200)},
	}
}

// searchBacklogOn counts the pending index changes in bdb's outbox.
func searchBacklogOn(bdb *bun.DB) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		return outbox.New(bdb, nil, testLogger()).Backlog(ctx, search.Topic)
	}
}

// indexAll rebuilds the site's search index from its database.
func (o *oidcSite) indexAll(t testing.TB) {
	t.Helper()
	ix := search.NewIndexer(search.NewSource(o.DB, markdown.New()), o.search, testLogger())
	if err := ix.Reindex(context.Background(), func(int, int) {}); err != nil {
		t.Fatal(err)
	}
}

// searchSite is a site with the fixture's content indexed.
func searchSite(t *testing.T, bdb *bun.DB) (*oidcSite, fixture) {
	o := newSite(t, bdb, nil)
	fx := newFixture(t, o)
	o.indexAll(t)
	return o, fx
}

func TestSearchPageWithoutJavaScript(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		o, fx := searchSite(t, bdb)
		c := browserClient(t)
		doc := document(t, get(t, c, o.URL+"/zoeken?q=lampjes"))
		link := doc.Find(`.bb-search__hit h2 a[href="/idee/` + fx.idea + `"]`)
		if link.Length() != 1 {
			t.Fatalf("no hit linking to the idea in %q", doc.Find(".bb-search__hits").Text())
		}
		if got := link.Find("mark").Text(); got != "Lampjes" {
			t.Errorf("highlight = %q, want Lampjes", got)
		}
		if doc.Find(`form[role="search"][action="/zoeken"] input[name="q"][value="lampjes"]`).Length() != 1 {
			t.Error("the search form does not keep the query")
		}
		if got := doc.Find(`input[name="soort"][value="idea"]`).Parent().Find("label").Text(); !strings.Contains(got, "(1)") {
			t.Errorf("idea facet label = %q, want a count of 1", got)
		}
		// A checkbox filter as a plain GET.
		doc = document(t, get(t, c, o.URL+"/zoeken?q=straatdiner&soort=idea"))
		if n := doc.Find(".bb-search__hit").Length(); n != 0 {
			t.Errorf("kind filter: %d hits, want none (the only match is an initiative)", n)
		}
		doc = document(t, get(t, c, o.URL+"/zoeken?q=straatdiner&soort=initiative&buurt="+fx.neighbourhood))
		if n := doc.Find(`.bb-search__hit a[href="/initiatief/` + fx.slug + `"]`).Length(); n != 1 {
			t.Errorf("initiative filter: %d hits for the initiative, want 1", n)
		}
	})
}

func TestSearchAsYouTypeGetsOnlyResults(t *testing.T) {
	t.Parallel()
	o, fx := searchSite(t, nil)
	req, _ := http.NewRequest(http.MethodGet, o.URL+"/zoeken?q=lamp", nil)
	req.Header.Set("HX-Request", "true")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || strings.Contains(string(body), "<html") || !strings.Contains(string(body), `href="/idee/`+fx.idea+`"`) {
		t.Errorf("htmx answer %d:\n%s", res.StatusCode, body)
	}
	// Back to a page htmx no longer has cached: the whole page.
	req.Header.Set("HX-History-Restore-Request", "true")
	if res, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	if body, _ = io.ReadAll(res.Body); !strings.Contains(string(body), "<html") {
		t.Errorf("history restore got a fragment:\n%s", body)
	}
}

func TestSearchEmptyAndNoResultStatesSuggestThemes(t *testing.T) {
	t.Parallel()
	o, _ := searchSite(t, nil)
	c := browserClient(t)
	for _, target := range []string{"/zoeken", "/zoeken?q=qqqzzzxxx"} {
		doc := document(t, get(t, c, o.URL+target))
		if doc.Find(`.bb-search__themes a[href^="/zoeken?thema="]`).Length() == 0 {
			t.Errorf("%s suggests no themes", target)
		}
	}
	doc := document(t, get(t, c, o.URL+"/zoeken?q=qqqzzzxxx"))
	if !strings.Contains(doc.Find(".bb-empty-state").Text(), "Niets gevonden") {
		t.Errorf("no-result state = %q", doc.Find(".bb-empty-state").Text())
	}
}

func TestSearchBadInputNeverFails(t *testing.T) {
	t.Parallel()
	o, _ := searchSite(t, nil)
	c := browserClient(t)
	for _, q := range []string{`"lampjes`, `lamp*`, `title:lampjes`, `-lampjes`, `lampjes NEAR bomen`, `(lampjes`,
		`))`, `{title}:`, `'; DROP TABLE ideas; --`, "\x00", strings.Repeat("lampjes ", 100)} {
		res := get(t, c, o.URL+"/zoeken?"+url.Values{"q": {q}}.Encode())
		if res.StatusCode != 200 {
			t.Errorf("q=%q: status %d", q, res.StatusCode)
		}
		res.Body.Close()
	}
	doc := document(t, get(t, c, o.URL+"/zoeken?q="+strings.Repeat("a", 300)))
	if !strings.Contains(doc.Find(".bb-notice").Text(), "200 tekens") {
		t.Errorf("a long query is cut without a note: %q", doc.Find(".bb-notice").Text())
	}
	doc = document(t, get(t, c, o.URL+"/zoeken?q=lampjes&soort=bogus&buurt=nergens&thema=x&pagina=-3&sorteer=raar"))
	if !strings.Contains(doc.Find(".bb-notice").Text(), "overgeslagen") {
		t.Errorf("unknown filters are ignored without a note: %q", doc.Find(".bb-notice").Text())
	}
	if doc.Find(".bb-search__hit").Length() != 1 {
		t.Error("unknown filters must not hide the hits")
	}
}

// downEngine is a search engine that does not answer.
type downEngine struct{ search.Engine }

func (downEngine) Search(context.Context, search.Query) (search.Result, error) {
	return search.Result{}, search.ErrUnavailable
}

func TestSearchDownShowsFriendlyMessage(t *testing.T) {
	t.Parallel()
	o, fx := searchSite(t, nil)
	o.search = downEngine{o.search}
	c := browserClient(t)
	res := get(t, c, o.URL+"/zoeken?q=lampjes")
	if res.StatusCode != 200 {
		t.Errorf("status %d", res.StatusCode)
	}
	doc := document(t, res)
	if !strings.Contains(doc.Find(`[role="alert"]`).Text(), "Zoeken lukt even niet") {
		t.Errorf("no friendly message: %q", doc.Find(".bb-search__results").Text())
	}
	if res := get(t, c, o.URL+"/initiatief/"+fx.slug); res.StatusCode != 200 {
		t.Errorf("the rest of the site: initiative page %d", res.StatusCode)
	}
}

func TestHeaderHasSearchBox(t *testing.T) {
	t.Parallel()
	o, fx := searchSite(t, nil)
	c := browserClient(t)
	for _, path := range []string{"/", "/initiatief/" + fx.slug, "/idee/" + fx.idea, "/privacy"} {
		doc := document(t, get(t, c, o.URL+path))
		form := doc.Find(`header form[role="search"][method="get"][action="/zoeken"]`)
		if form.Length() != 1 || form.Find(`label[for="kop-zoeken"]`).Length() != 1 || form.Find(`input#kop-zoeken[name="q"]`).Length() != 1 {
			t.Errorf("%s: no labelled search box in the header", path)
		}
	}
}

func TestSimilarIdeasWhileTypingAndWithoutJavaScript(t *testing.T) {
	t.Parallel()
	o, fx := searchSite(t, nil)
	ini := "/initiatief/" + fx.slug
	// htmx: the list under the title field.
	doc := document(t, get(t, browserClient(t), o.URL+ini+"/ideeen/vergelijkbaar?title=lampjes+boom"))
	if doc.Find(`a[href="/idee/`+fx.idea+`"]`).Length() != 1 {
		t.Errorf("similar ideas fragment: %q", doc.Text())
	}
	// An idea of another initiative is never suggested.
	doc = document(t, get(t, browserClient(t), o.URL+"/initiatief/"+otherSlug(t, o, fx)+"/ideeen/vergelijkbaar?title=lampjes"))
	if doc.Find("a").Length() != 0 || !strings.Contains(doc.Text(), "geen vergelijkbare") {
		t.Errorf("similar ideas of another initiative: %q", doc.Text())
	}
	// Without JavaScript: the form's second button posts the form back.
	c := o.loggedInResident(t)
	res := o.postForm(t, c, ini+"/ideeen/vergelijkbaar", url.Values{"title": {"Lampjes"}, "description": {"Mijn tekst"}})
	doc = document(t, res)
	if res.StatusCode != 200 || doc.Find(`#vergelijkbare-ideeen a[href="/idee/`+fx.idea+`"]`).Length() != 1 {
		t.Errorf("check step %d: %q", res.StatusCode, doc.Find("#vergelijkbare-ideeen").Text())
	}
	if v, _ := doc.Find(`input#title`).Attr("value"); v != "Lampjes" || doc.Find("textarea#description").Text() != "Mijn tekst" {
		t.Errorf("the form lost its input: title %q", v)
	}
	if doc.Find(`form[action="`+ini+`/ideeen"] button[formaction="`+ini+`/ideeen/vergelijkbaar"]`).Length() != 1 {
		t.Error("no check button in the idea form")
	}
}

func otherSlug(t *testing.T, o *oidcSite, fx fixture) string {
	ini, err := o.initiatives.ByID(context.Background(), fx.otherID)
	if err != nil {
		t.Fatal(err)
	}
	return ini.Slug
}

func TestReadyzReportsSearchBacklog(t *testing.T) {
	t.Parallel()
	o := newSite(t, nil, nil)
	newFixture(t, o) // leaves index changes in the outbox
	res := get(t, browserClient(t), o.URL+"/readyz")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"search_backlog":"`) || strings.Contains(string(body), `"search_backlog":"0"`) {
		t.Errorf("readyz = %d %s", res.StatusCode, body)
	}
}

func TestSimilarIdeasAreAtMostFive(t *testing.T) {
	t.Parallel()
	o := newSite(t, nil, nil)
	fx := newFixture(t, o)
	for i := range 7 {
		if _, err := o.ideas.Propose(context.Background(), fx.author, fx.initiativeID,
			idea.Input{Title: "Lampjes langs het pad " + strconv.Itoa(i), Description: "Licht."}); err != nil {
			t.Fatal(err)
		}
	}
	o.indexAll(t)
	doc := document(t, get(t, browserClient(t), o.URL+"/initiatief/"+fx.slug+"/ideeen/vergelijkbaar?title=lampjes"))
	if n := doc.Find("li a").Length(); n != maxSimilar {
		t.Errorf("%d similar ideas, want %d", n, maxSimilar)
	}
}
