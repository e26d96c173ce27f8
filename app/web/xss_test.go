package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"
	"github.com/oauth2-proxy/mockoidc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/markdown/xsscorpus"
)

// xssExtraPayloads add to the shared corpus what breaks out of attributes,
// RCDATA elements and redirects rather than out of Markdown.
var xssExtraPayloads = []string{
	`"><svg onload=alert(1)>`,
	`' onmouseover='alert(1)`,
	`" onmouseover="alert(1)" x="`,
	`</textarea><script>alert(1)</script>`,
	`</title><script>alert(1)</script>`,
	`</script><svg onload=alert(1)>`,
	`javascript:alert(1)`,
	` JaVaScRiPt:alert(1)`,
	`https://facebook.com/"><script>alert(1)</script>`,
	`https://x.com/#"><svg/onload=alert(1)>`,
	`//evil.example/`,
	"/\t/evil.example/",
	`/\evil.example/`,
	`https://evil.example/`,
}

func xssPayloads() []string {
	seen := map[string]bool{}
	var all []string
	for _, p := range append(xsscorpus.Payloads(), xssExtraPayloads...) {
		if !seen[p] {
			seen[p] = true
			all = append(all, p)
		}
	}
	return all
}

// The payloads are split over xssShards sites that run in parallel, and on
// each site handled xssBatch at a time: every payload gets its own display
// name, initiative and idea, and the fields that take long text (and the
// re-rendered forms, query parameters and error pages) get the whole batch
// at once. That keeps the test fast enough to run with -race.
const (
	xssShards = 2
	xssBatch  = 16
)

// Issue #4: every payload, in every field a resident or organiser can fill
// in and in every query parameter, comes back inert on every page that
// shows it — to anonymous visitors, the author and other residents.
func TestXSSPayloadsStayInert(t *testing.T) {
	payloads := xssPayloads()
	if len(payloads) < 50 {
		t.Fatalf("%d payloads, want at least 50", len(payloads))
	}
	tally := &xssTally{pairs: map[string]bool{}}
	t.Run("shards", func(t *testing.T) {
		for s := range xssShards {
			t.Run(fmt.Sprint(s), func(t *testing.T) {
				t.Parallel()
				x := newXSSRun(t, tally)
				for b := s * xssBatch; b < len(payloads); b += xssShards * xssBatch {
					batch := payloads[b:min(b+xssBatch, len(payloads))]
					t.Run(fmt.Sprintf("payloads-%03d-%03d", b, b+len(batch)-1), func(t *testing.T) {
						x.batch(t, batch)
					})
				}
			})
		}
	})
	pairs := make([]string, 0, len(tally.pairs))
	for k := range tally.pairs {
		pairs = append(pairs, k)
	}
	sort.Strings(pairs)
	t.Logf("%d payloads; %d responses and %d redirects checked; %d field × page combinations, %d payload × field × page checks",
		len(payloads), tally.checks, tally.redirects, len(pairs), tally.triples)
	if testing.Verbose() {
		t.Logf("combinations:\n%s", strings.Join(pairs, "\n"))
	}
}

// xssTally counts what was checked, over all shards: responses, field ×
// page combinations, payload × field × page triples (a response counts
// once for each payload in each of its fields) and redirects.
type xssTally struct {
	mu                         sync.Mutex
	checks, triples, redirects int
	pairs                      map[string]bool
}

func (ta *xssTally) add(field, page string, payloads int) {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	ta.checks++
	fields := strings.Split(field, ", ")
	ta.triples += payloads * len(fields)
	for _, f := range fields {
		ta.pairs[f+" × "+page] = true
	}
}

func (ta *xssTally) redirect() {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	ta.redirects++
}

// xssRun is a site with an OpenID Connect provider, and a demo site for
// the demo login page.
type xssRun struct {
	*xssTally
	o, demo    *oidcSite
	nb, nbSlug string
	theme      string
	baseline   string // a page without user content, for the raw-input check
	anon       *xssActor
	demoAnon   *xssActor
}

func newXSSRun(t *testing.T, tally *xssTally) *xssRun {
	t.Helper()
	o := newOIDCSite(t, nil)
	x := &xssRun{xssTally: tally, o: o, demo: newDemoSite(t, nil)}
	ctx := context.Background()
	ns, err := o.municipality.ListNeighbourhoods(ctx)
	if err != nil || len(ns) == 0 {
		t.Fatalf("neighbourhoods: %v", err)
	}
	ts, err := o.municipality.ListThemes(ctx)
	if err != nil || len(ts) == 0 {
		t.Fatalf("themes: %v", err)
	}
	x.nb, x.nbSlug, x.theme = ns[0].ID.String(), ns[0].Slug, ts[0].ID.String()
	x.anon, x.demoAnon = x.actor(t, o, nil), x.actor(t, x.demo, nil)
	res := x.anon.get(t, "/privacy")
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	x.baseline = string(b)
	return x
}

// xssActor is a browser on a site that does not follow redirects.
type xssActor struct {
	site *oidcSite
	jar  http.CookieJar
	csrf string
}

// actor returns a browser on site for u (nil: anonymous). It starts with a
// CSRF cookie of its own, which the CSRF middleware adopts as the token, so
// that it need not fetch a page first.
func (x *xssRun) actor(t *testing.T, site *oidcSite, u *account.User) *xssActor {
	t.Helper()
	a := &xssActor{site: site, jar: browserClient(t).Jar, csrf: strings.ReplaceAll(uuid.NewString(), "-", "")}
	base, _ := url.Parse(site.URL)
	cookies := []*http.Cookie{{Name: csrfCookieB, Value: a.csrf, Path: "/"}}
	if u != nil {
		token, err := site.accounts.StartSession(context.Background(), u.ID, "test", "")
		if err != nil {
			t.Fatal(err)
		}
		cookies = append(cookies, &http.Cookie{Name: site.sessionCookieName(), Value: token, Path: "/"})
	}
	a.jar.SetCookies(base, cookies)
	return a
}

func (a *xssActor) get(t *testing.T, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.site.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a.do(t, req)
}

// do sends req with the browser's cookies and keeps the ones it gets. It
// does not use the client's redirect handling, which refuses Location
// headers that browsers follow (with a tab or a space in them).
func (a *xssActor) do(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	for _, ck := range a.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	a.jar.SetCookies(req.URL, res.Cookies())
	return res
}

// post sends a form with the CSRF token, as the browser would.
func (a *xssActor) post(t *testing.T, path string, v url.Values, header map[string]string) *http.Response {
	t.Helper()
	v.Set("csrf", a.csrf)
	req, err := http.NewRequest(http.MethodPost, a.site.URL+path, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, val := range header {
		req.Header.Set(k, val)
	}
	return a.do(t, req)
}

// xssCase is a batch of payloads on its way through the site.
type xssCase struct {
	*xssRun
	scope   int // how many payloads the current step carries
	batch   []string
	joined  string   // the batch as one multi-line text
	needles []string // every text sent; none may come back raw
}

// check reads a page (or, for a page named "… fragment", an htmx
// fragment), fails on a status not in want and on active content, and
// returns the document.
func (pc *xssCase) check(t *testing.T, res *http.Response, field, page string, want ...int) *goquery.Document {
	t.Helper()
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !containsInt(want, res.StatusCode) {
		t.Errorf("%s on %s: status %d, want %v; body starts %.300q", field, page, res.StatusCode, want, body)
	}
	pc.add(field, page, pc.scope)
	origin := res.Request.URL.Scheme + "://" + res.Request.URL.Host
	root, problems := activeContent(string(body), origin, strings.HasSuffix(page, "fragment"))
	problems = append(problems, rawNeedles(string(body), pc.baseline, pc.needles)...)
	for _, pr := range problems {
		t.Errorf("%s on %s (%s): %s", field, page, res.Request.URL.RequestURI(), pr)
	}
	return goquery.NewDocumentFromNode(root)
}

func containsInt(list []int, v int) bool {
	for _, w := range list {
		if w == v {
			return true
		}
	}
	return false
}

// location returns a redirect's target, failing unless the status is 303
// (or one of want) and a browser would stay on the site.
func (pc *xssCase) location(t *testing.T, res *http.Response, what string, want ...int) string {
	t.Helper()
	res.Body.Close()
	if len(want) == 0 {
		want = []int{http.StatusSeeOther}
	}
	if !containsInt(want, res.StatusCode) {
		t.Errorf("%s: status %d, want %v", what, res.StatusCode, want)
	}
	pc.redirect()
	base, _ := url.Parse(res.Request.URL.Scheme + "://" + res.Request.URL.Host)
	loc := res.Header.Get("Location")
	if res.StatusCode == http.StatusSeeOther && offSite(base, loc) {
		t.Errorf("%s: redirects off the site to %q", what, loc)
	}
	return loc
}

// norm is s as text() gives it: spaces collapsed.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func expect(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// oneLine is s as a single-line field takes it, cut to max characters.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
	}
	return strings.TrimSpace(s)
}

// packed joins the batch into texts of at most max characters.
func packed(batch []string, max int) []string {
	var out []string
	cur := ""
	for _, p := range batch {
		p = strings.TrimSpace(p)
		if r := []rune(p); len(r) > max {
			p = string(r[:max])
		}
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(p) > max {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += p
	}
	return append(out, cur)
}

// xssItem is what one payload became: its author and their name, its
// initiative and its idea.
type xssItem struct {
	p           string
	author      *xssActor
	name        string
	slug, title string
	idea        string // "/idee/<id>"
	ideaTitle   string
}

// batch runs the batch through the site: first each payload on its own,
// then the batch as a whole.
func (x *xssRun) batch(t *testing.T, batch []string) {
	pc := &xssCase{xssRun: x, batch: batch, joined: strings.Join(batch, "\n")}
	pc.needles = append(pc.needles, pc.joined)
	for _, p := range batch {
		pc.needles = append(pc.needles, p, strings.TrimSpace(p))
	}
	items := make([]*xssItem, len(batch))
	pc.scope = 1
	for i, p := range batch {
		items[i] = pc.item(t, p)
	}
	pc.scope = len(batch)
	pc.statuses(t, items)
	pc.forms(t, items[0])
	pc.updates(t, items[0])
	pc.thread(t, items)
	pc.report(t, items)
	pc.support(t, items)
	pc.views(t, items)
	pc.queries(t, items[0])
	pc.login(t, items[0])
}

// item gives one payload to a new resident as display name, initiative
// (title, summary, description, links) and idea, and checks the pages that
// show them.
func (pc *xssCase) item(t *testing.T, p string) *xssItem {
	t.Helper()
	u := pc.o.newUser(t, resident)
	it := &xssItem{p: p, author: pc.actor(t, pc.o, &u)}
	it.name = pc.displayName(t, it)
	it.slug, it.title = pc.initiative(t, it)
	it.idea, it.ideaTitle = pc.idea(t, it)
	doc := pc.check(t, pc.anon.get(t, "/initiatief/"+it.slug), iniFields+", organiser name, idea title, idea author", "initiative page (anonymous)", http.StatusOK)
	expect(t, "initiative heading", text(doc, "h1#titel"), norm(it.title))
	expect(t, "organiser", text(doc, "#organisatoren + ul"), it.name)
	expect(t, "idea card", text(doc, ".bb-idea-card__title"), norm(it.ideaTitle))
	doc = pc.check(t, it.author.get(t, it.idea), "idea title, idea description, idea author, initiative title, display name", "idea page (author)", http.StatusOK)
	expect(t, "idea heading", text(doc, "h1#titel"), norm(it.ideaTitle))
	if meta := text(doc, "article.bb-idea > p.bb-meta"); !strings.Contains(meta, it.name) {
		t.Errorf("idea byline %q lacks the name %q", meta, it.name)
	}
	if strings.HasPrefix(p, "/") {
		pc.redirects(t, it)
	}
	return it
}

// displayName saves the payload as the author's display name, or, when
// the form refuses it (after checking the re-rendered form), what of it
// fits.
func (pc *xssCase) displayName(t *testing.T, it *xssItem) string {
	t.Helper()
	name, err := account.CleanName(it.p)
	res := it.author.post(t, "/profiel", url.Values{"name": {it.p}}, nil)
	if err != nil {
		doc := pc.check(t, res, "display name", "profile form (422)", http.StatusUnprocessableEntity)
		v, _ := doc.Find(`input[name="name"]`).Attr("value")
		expect(t, "echoed name", v, it.p)
		if name, err = account.CleanName(oneLine(it.p, account.MaxNameLen)); err != nil {
			t.Fatalf("payload %q: no usable name: %v", it.p, err)
		}
		res = it.author.post(t, "/profiel", url.Values{"name": {name}}, nil)
	}
	pc.location(t, res, "save name")
	pc.needles = append(pc.needles, name)
	return name
}

// iniFields are the fields of the initiative form.
const iniFields = "initiative title, initiative summary, initiative description, website_url, facebook_url, instagram_url, x_url, whatsapp_url"

// linkBases are the link fields with a base URL their host check accepts.
var linkBases = [][2]string{
	{"website_url", "https://example.org/"}, {"facebook_url", "https://facebook.com/"},
	{"instagram_url", "https://instagram.com/"}, {"x_url", "https://x.com/"}, {"whatsapp_url", "https://wa.me/"},
}

func (pc *xssCase) initiativeForm(title, summary, description string, link func(base string) string) url.Values {
	v := url.Values{"title": {title}, "summary": {summary}, "description": {description},
		"neighbourhood": {pc.nb}, "themes": {pc.theme}}
	for _, l := range linkBases {
		v.Set(l[0], link(l[1]))
	}
	return v
}

// initiative creates the payload's initiative: the payload as title,
// summary and description and after each link's base URL (escaped when it
// holds spaces, which no link may; a payload that is a web address is the
// website itself). When a field refuses it, the re-rendered form is
// checked and the payload goes in as a single line, its links escaped, and
// at last without links.
func (pc *xssCase) initiative(t *testing.T, it *xssItem) (slug, title string) {
	t.Helper()
	suffix := it.p
	if strings.ContainsFunc(suffix, unicode.IsSpace) {
		suffix = url.PathEscape(suffix)
	}
	website := "https://example.org/" + suffix
	if strings.HasPrefix(it.p, "http://") || strings.HasPrefix(it.p, "https://") {
		website = it.p
	}
	title, summary := it.p, it.p
	var res *http.Response
	for i, link := range []func(string) string{
		func(base string) string {
			if base == linkBases[0][1] {
				return website
			}
			return base + suffix
		},
		func(base string) string { return base + url.PathEscape(it.p) },
		func(string) string { return "" },
	} {
		res = it.author.post(t, "/initiatieven", pc.initiativeForm(title, summary, it.p, link), nil)
		if res.StatusCode != http.StatusUnprocessableEntity {
			break
		}
		if i == 0 {
			doc := pc.check(t, res, iniFields, "new initiative form (422)", http.StatusUnprocessableEntity)
			v, _ := doc.Find(`input[name="website_url"]`).Attr("value")
			expect(t, "echoed link", v, website)
			expect(t, "echoed description", doc.Find(`textarea[name="description"]`).Text(), it.p)
		} else {
			res.Body.Close()
		}
		title, summary = oneLine(it.p, 90), oneLine(it.p, 160)
		pc.needles = append(pc.needles, title, summary)
	}
	loc := pc.location(t, res, "create initiative")
	slug, ok := strings.CutPrefix(loc, "/initiatief/")
	if !ok {
		t.Fatalf("payload %q: create initiative went to %q", it.p, loc)
	}
	return slug, strings.TrimSpace(title)
}

// idea proposes the payload as an idea; a refused title is checked in the
// re-rendered form and goes in as a single line.
func (pc *xssCase) idea(t *testing.T, it *xssItem) (path, title string) {
	t.Helper()
	title = it.p
	res := it.author.post(t, "/initiatief/"+it.slug+"/ideeen", url.Values{"title": {title}, "description": {it.p}}, nil)
	if res.StatusCode == http.StatusUnprocessableEntity {
		doc := pc.check(t, res, "idea title, idea description", "new idea form (422)", http.StatusUnprocessableEntity)
		v, _ := doc.Find(`input[name="title"]`).Attr("value")
		expect(t, "echoed idea title", v, it.p)
		title = oneLine(it.p, 90)
		pc.needles = append(pc.needles, title)
		res = it.author.post(t, "/initiatief/"+it.slug+"/ideeen", url.Values{"title": {title}, "description": {it.p}}, nil)
	}
	path = pc.location(t, res, "propose idea")
	if !strings.HasPrefix(path, "/idee/") {
		t.Fatalf("payload %q: propose went to %q", it.p, path)
	}
	return path, strings.TrimSpace(title)
}

// redirects sends a payload that looks like a local path to every place
// that takes a return address, and asks for it as a path.
func (pc *xssCase) redirects(t *testing.T, it *xssItem) {
	t.Helper()
	q := url.QueryEscape(it.p)
	_, id, _ := strings.Cut(it.idea, "/idee/")
	pc.location(t, it.author.post(t, "/profiel/buurt", url.Values{"skip": {"1"}, "next": {it.p}}, nil), "pick neighbourhood, next")
	report := url.Values{"kind": {"idea"}, "target": {id}, "reason": {"spam"}, "terug": {it.p}}
	pc.location(t, it.author.post(t, "/melden", report, nil), "report, terug")
	pc.check(t, pc.anon.get(t, "/"+url.PathEscape(it.p)+"?q="+q), "path, query q", "error page (404)", http.StatusNotFound)
	if !strings.ContainsFunc(it.p, unicode.IsSpace) {
		pc.check(t, pc.anon.get(t, it.p), "path", "error page (404)", http.StatusNotFound)
	}
	pc.check(t, pc.anon.get(t, "/inloggen?next="+q), "query next", "login page", http.StatusOK)
	pc.check(t, pc.demoAnon.get(t, "/inloggen?next="+q), "query next", "demo login page", http.StatusOK)
	pc.oidcLogin(t, it.p, it.p)
}

// statuses gives the first idea status changes with the batch as reasons.
func (pc *xssCase) statuses(t *testing.T, items []*xssItem) {
	t.Helper()
	first := items[0]
	for _, reason := range packed(pc.batch, 280) {
		pc.location(t, first.author.post(t, first.idea+"/status", url.Values{"status": {"considering"}, "reason": {reason}}, nil), "set status")
	}
	doc := pc.check(t, first.author.post(t, first.idea+"/status", url.Values{"status": {pc.joined}, "reason": {pc.joined}}, nil),
		"status, reason", "idea page (422)", http.StatusUnprocessableEntity)
	v, _ := doc.Find(`input[name="reason"]`).Attr("value")
	expect(t, "echoed reason", v, pc.joined)
}

// forms puts the whole batch in every field of the edit forms, which
// re-render with it, and checks the forms with the stored values.
func (pc *xssCase) forms(t *testing.T, it *xssItem) {
	t.Helper()
	j := pc.joined
	ini := "/initiatief/" + it.slug
	raw := pc.initiativeForm(j, j, j, func(string) string { return j })
	raw.Set("status", j)
	doc := pc.check(t, it.author.post(t, ini+"/bewerken", raw, nil), iniFields+", initiative status", "edit initiative form (422)", http.StatusUnprocessableEntity)
	for _, f := range []string{"title", "summary", "website_url", "facebook_url", "instagram_url", "x_url", "whatsapp_url"} {
		v, _ := doc.Find(`input[name="` + f + `"]`).Attr("value")
		expect(t, "echoed "+f, v, j)
	}
	expect(t, "echoed description", doc.Find(`textarea[name="description"]`).Text(), j)
	doc = pc.check(t, it.author.post(t, it.idea+"/bewerken", url.Values{"title": {j}, "description": {j}, "theme": {j}}, nil),
		"idea title, description, theme", "edit idea form (422)", http.StatusUnprocessableEntity)
	expect(t, "echoed idea description", doc.Find(`textarea[name="description"]`).Text(), j)
	doc = pc.check(t, it.author.get(t, ini+"/bewerken"), iniFields, "edit initiative form", http.StatusOK)
	v, _ := doc.Find(`input[name="title"]`).Attr("value")
	expect(t, "stored title", v, it.title)
	doc = pc.check(t, it.author.get(t, it.idea+"/bewerken"), "idea title, idea description", "edit idea form", http.StatusOK)
	v, _ = doc.Find(`input[name="title"]`).Attr("value")
	expect(t, "stored idea title", v, it.ideaTitle)
}

// updates posts the batch as an update, once too long (re-rendered), and
// makes an invitation, whose page shows the title.
func (pc *xssCase) updates(t *testing.T, it *xssItem) {
	t.Helper()
	ini := "/initiatief/" + it.slug
	pc.location(t, it.author.post(t, ini+"/updates", url.Values{"body": {pc.joined}}, nil), "post update")
	tooLong := pc.joined + strings.Repeat("x", 5001)
	doc := pc.check(t, it.author.post(t, ini+"/updates", url.Values{"body": {tooLong}}, nil), "update body", "initiative page (422)", http.StatusUnprocessableEntity)
	expect(t, "echoed update", doc.Find(`textarea[name="body"]`).Text(), tooLong)
	doc = pc.check(t, it.author.post(t, ini+"/uitnodigen", url.Values{}, nil), iniFields+", update body, organiser name", "initiative page with invitation", http.StatusOK)
	link, _ := doc.Find("#uitnodiging").Attr("value")
	_, token, _ := strings.Cut(link, "/uitnodiging/")
	doc = pc.check(t, pc.anon.get(t, "/uitnodiging/"+token), "initiative title", "invitation page", http.StatusOK)
	if !strings.Contains(text(doc, "main p"), it.title) {
		t.Errorf("invitation %q lacks the title %q", text(doc, "main p"), it.title)
	}
}

// thread: on the first idea its author comments, edits the comment to
// the batch (in as many comments as it takes) and replies with it; another
// resident replies with the batch, in pieces short enough to be reasons,
// and the author hides each reply with its text as reason; two comments
// are refused and re-rendered.
func (pc *xssCase) thread(t *testing.T, items []*xssItem) {
	t.Helper()
	first := items[0]
	other := items[len(items)-1].author
	comment := func(a *xssActor, body, parent string) string {
		loc := pc.location(t, a.post(t, first.idea+"/reacties", url.Values{"body": {body}, "parent": {parent}}, nil), "comment")
		_, id, _ := strings.Cut(loc, "#reactie-")
		return id
	}
	bodies := packed(pc.batch, 2000)
	top := comment(first.author, "Eerste versie", "")
	pc.location(t, first.author.post(t, "/reactie/"+top+"/bewerken", url.Values{"body": {bodies[0]}, "terug": {pc.joined}}, nil), "edit comment")
	for _, b := range bodies[1:] {
		comment(first.author, b, "")
	}
	comment(first.author, bodies[0], top)
	for _, reason := range packed(pc.batch, 280) {
		reply := comment(other, reason, top)
		res := first.author.post(t, "/reactie/"+reply+"/verbergen", url.Values{"reason": {reason}, "terug": {pc.joined}}, nil)
		pc.location(t, res, "hide reply")
	}
	tooLong := pc.joined + strings.Repeat("x", 2001)
	doc := pc.check(t, other.post(t, first.idea+"/reacties", url.Values{"body": {tooLong}}, nil), "comment body", "idea page (422)", http.StatusUnprocessableEntity)
	expect(t, "echoed comment", doc.Find(`textarea#body`).Text(), tooLong)
	pc.check(t, other.post(t, first.idea+"/reacties", url.Values{"body": {pc.joined}, "parent": {pc.joined}}, nil),
		"comment body, comment parent", "idea page (422)", http.StatusUnprocessableEntity)
}

// report files a report with the batch as text and return address, and
// one with the batch in every field.
func (pc *xssCase) report(t *testing.T, items []*xssItem) {
	t.Helper()
	first, other := items[0], items[len(items)-1].author
	for i, text := range packed(pc.batch, 1000) {
		_, id, _ := strings.Cut(items[i%len(items)].idea, "/idee/")
		ok := url.Values{"kind": {"idea"}, "target": {id}, "reason": {"other"}, "text": {text}, "terug": {pc.joined}}
		pc.location(t, other.post(t, "/melden", ok, nil), "report")
	}
	_, id, _ := strings.Cut(first.idea, "/idee/")
	bad := url.Values{"kind": {pc.joined}, "target": {id}, "reason": {pc.joined}, "text": {pc.joined}, "terug": {pc.joined}}
	pc.check(t, other.post(t, "/melden", bad, nil), "report kind, report reason, report text", "error page (422)", http.StatusUnprocessableEntity)
}

// support gives and withdraws support to the last idea through htmx,
// whose fragments show its title, and then through the plain form with
// the batch's local-looking payloads as return address.
func (pc *xssCase) support(t *testing.T, items []*xssItem) {
	t.Helper()
	voter, it := items[0].author, items[len(items)-1]
	hx := map[string]string{"HX-Request": "true", csrfHeader: voter.csrf}
	for _, action := range []string{"steunen", "intrekken"} {
		doc := pc.check(t, voter.post(t, it.idea+"/"+action, url.Values{}, hx), "idea title", action+" htmx fragment", http.StatusOK)
		expect(t, "fragment title", text(doc, "form[hx-post] .bb-visually-hidden"), norm(": "+it.ideaTitle))
	}
	actions := []string{"steunen", "intrekken"}
	n := 0
	for _, p := range append([]string{pc.joined}, pc.batch...) {
		if p == pc.joined || strings.HasPrefix(p, "/") {
			pc.location(t, voter.post(t, it.idea+"/"+actions[n%2], url.Values{"terug": {p}}, nil), actions[n%2]+", terug")
			n++
		}
	}
}

// views checks the pages that show the batch together, to each kind of
// viewer.
func (pc *xssCase) views(t *testing.T, items []*xssItem) {
	t.Helper()
	first, resident := items[0], items[len(items)-1].author
	ini := "/initiatief/" + first.slug
	for who, a := range map[string]*xssActor{"organiser": first.author, "resident": resident} {
		pc.check(t, a.get(t, ini), iniFields+", update body, organiser name, idea title, idea author", "initiative page ("+who+")", http.StatusOK)
	}
	for who, a := range map[string]*xssActor{"anonymous": pc.anon, "author and organiser": first.author, "resident": resident} {
		doc := pc.check(t, a.get(t, first.idea), "idea title, idea description, idea author, status reason, comment body, reply body, hide reason, comment author", "idea page ("+who+")", http.StatusOK)
		if a == first.author {
			expect(t, "comment source", doc.Find(".bb-comment textarea").First().Text(), packed(pc.batch, 2000)[0])
		}
		names := doc.Find(".bb-comments--replies .bb-comment > .bb-meta").Text()
		for _, name := range []string{first.name, items[len(items)-1].name} {
			if !strings.Contains(norm(names), name) {
				t.Errorf("replies (%s) lack the name %q", who, name)
			}
		}
	}
	const cards = "initiative title, initiative summary, idea title, idea author"
	pc.check(t, pc.anon.get(t, "/buurt/"+pc.nbSlug), cards, "neighbourhood page", http.StatusOK)
	batch := pc.scope
	pc.scope = min(batch, listSize) // the home page shows the newest few
	pc.check(t, pc.anon.get(t, "/"), cards, "home (anonymous)", http.StatusOK)
	pc.check(t, resident.get(t, "/"), cards, "home (resident)", http.StatusOK)
	pc.scope = 1
	doc := pc.check(t, first.author.get(t, "/profiel"), "display name", "profile", http.StatusOK)
	pc.scope = batch
	v, _ := doc.Find(`input[name="name"]`).Attr("value")
	expect(t, "profile name", v, first.name)
	if nav := text(doc, `.bb-nav a[href="/profiel"]`); !strings.Contains(nav, first.name) {
		t.Errorf("header %q lacks the name %q", nav, first.name)
	}
}

// queries puts the batch in the filter, pagination and language
// parameters, and in the path of pages that do not exist.
func (pc *xssCase) queries(t *testing.T, it *xssItem) {
	t.Helper()
	q := url.QueryEscape(pc.joined)
	ini := "/initiatief/" + it.slug
	for param, target := range map[string]string{
		"sort": ini + "?sort=" + q, "status": ini + "?status=" + q, "thema": ini + "?thema=" + q,
		"na": ini + "?sort=newest&na=" + q, "lang": ini + "?lang=" + q,
	} {
		pc.check(t, pc.anon.get(t, target), "query "+param, "initiative page", http.StatusOK, http.StatusUnprocessableEntity)
	}
	pc.check(t, it.author.get(t, "/profiel?melding="+q+"&lang="+q), "query melding, query lang", "profile", http.StatusOK)
	e := url.PathEscape(pc.joined)
	for _, target := range []string{"/initiatief/" + e, "/idee/" + e, "/buurt/" + e + "?lang=" + q} {
		pc.check(t, pc.anon.get(t, target), "path", "error page (404)", http.StatusNotFound)
	}
}

// login puts the batch (made a local path) in ?next= of the login pages
// and runs an OpenID Connect login with it, the provider giving the first
// payload as the user's name.
func (pc *xssCase) login(t *testing.T, it *xssItem) {
	t.Helper()
	next := "/x/" + oneLine(pc.joined, 10000)
	pc.needles = append(pc.needles, next)
	q := url.QueryEscape(next)
	doc := pc.check(t, pc.anon.get(t, "/inloggen?next="+q), "query next", "login page", http.StatusOK)
	href, _ := doc.Find("a.bb-login-button").Attr("href")
	if u, err := url.Parse(href); err != nil || u.Path != "/auth/openid-connect" || u.Query().Get("next") != next {
		t.Errorf("login button goes to %q, want next=%q", href, next)
	}
	doc = pc.check(t, pc.demoAnon.get(t, "/inloggen?next="+q), "query next", "demo login page", http.StatusOK)
	v, _ := doc.Find(`input[name="next"]`).Attr("value")
	expect(t, "demo login next", v, next)
	pc.oidcLogin(t, next, it.p)
}

// oidcLogin logs a new user in through the provider with next, the
// provider naming the user name, and skips the neighbourhood question.
func (pc *xssCase) oidcLogin(t *testing.T, next, name string) {
	t.Helper()
	c := noRedirects(browserClient(t))
	pc.o.IdP.QueueUser(&mockoidc.MockUser{Subject: uuid.NewString(), PreferredUsername: name})
	res, err := c.Get(pc.o.URL + "/auth/openid-connect?next=" + url.QueryEscape(next))
	for hops := 0; err == nil && res.StatusCode == http.StatusFound && hops < 3; hops++ {
		res.Body.Close()
		res, err = c.Get(res.Header.Get("Location"))
	}
	if err != nil {
		t.Fatal(err)
	}
	loc := pc.location(t, res, "login callback")
	if !strings.HasPrefix(loc, "/profiel/buurt?") {
		t.Fatalf("a new resident went to %q", loc)
	}
	a := &xssActor{site: pc.o, jar: c.Jar}
	doc := pc.check(t, a.get(t, loc), "query next, provider name", "pick neighbourhood page", http.StatusOK)
	a.csrf, _ = doc.Find(`meta[name="csrf-token"]`).Attr("content")
	hidden, _ := doc.Find(`input[name="next"]`).Attr("value")
	pc.location(t, a.post(t, "/profiel/buurt", url.Values{"skip": {"1"}, "next": {hidden}}, nil), "after the neighbourhood question")
}

// offSite reports whether a browser would follow a Location header to
// another site: it drops tabs and newlines, trims controls and spaces, and
// reads a backslash as a slash, as the URL standard says.
func offSite(base *url.URL, loc string) bool {
	s := strings.Trim(loc, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"+
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(s)
	if strings.HasPrefix(s, "/") {
		return strings.HasPrefix(s, "//")
	}
	u, err := base.Parse(s)
	return err != nil || u.Scheme != base.Scheme || u.Host != base.Host
}

// rawNeedles reports user input with a "<" that appears unescaped in body,
// except where the site's own markup (baseline) has the same text.
func rawNeedles(body, baseline string, needles []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range needles {
		if seen[n] || !strings.Contains(n, "<") || strings.Contains(baseline, n) {
			continue
		}
		seen[n] = true
		if strings.Contains(body, n) {
			out = append(out, fmt.Sprintf("raw input %q in the HTML", n))
		}
	}
	return out
}

// Elements that never come from user input and that the site does not use.
var forbiddenElements = map[atom.Atom]bool{
	atom.Iframe: true, atom.Frame: true, atom.Frameset: true, atom.Object: true, atom.Embed: true,
	atom.Applet: true, atom.Base: true, atom.Style: true, atom.Svg: true, atom.Math: true,
	atom.Template: true, atom.Noembed: true, atom.Noframes: true, atom.Xmp: true, atom.Plaintext: true,
	atom.Noscript: true,
}

// urlAttributes hold URLs a browser may navigate to or load.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "data": true, "poster": true,
	"background": true, "cite": true, "ping": true, "srcset": true, "manifest": true, "codebase": true,
	"xlink:href": true, "lowsrc": true, "dynsrc": true,
}

// activeContent parses body as a browser would (as a whole document, or
// as a fragment in <body>) and lists everything that could run: scripts
// other than the site's own, event handlers, styles, htmx event
// attributes, script URLs, foreign content, embedding and document-level
// elements, and comments.
func activeContent(body, origin string, fragment bool) (*html.Node, []string) {
	root := &html.Node{Type: html.DocumentNode}
	if fragment {
		ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		nodes, err := html.ParseFragment(strings.NewReader(body), ctx)
		if err != nil {
			return root, []string{"unparsable: " + err.Error()}
		}
		for _, n := range nodes {
			root.AppendChild(n)
		}
	} else {
		var err error
		if root, err = html.Parse(strings.NewReader(body)); err != nil {
			return &html.Node{Type: html.DocumentNode}, []string{"unparsable: " + err.Error()}
		}
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.CommentNode:
			out = append(out, fmt.Sprintf("comment <!--%s-->", n.Data))
		case html.ElementNode:
			out = append(out, elementProblems(n, origin)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return root, out
}

func elementProblems(n *html.Node, origin string) []string {
	var out []string
	attr := func(key string) string {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
		return ""
	}
	switch {
	case n.Namespace != "" || forbiddenElements[n.DataAtom] || n.Data == "isindex" || n.Data == "portal":
		out = append(out, fmt.Sprintf("element <%s> (namespace %q)", n.Data, n.Namespace))
	case n.DataAtom == atom.Script && (!strings.HasPrefix(attr("src"), "/static/") || n.FirstChild != nil):
		out = append(out, fmt.Sprintf("script src=%q", attr("src")))
	case n.DataAtom == atom.Meta && hasAttr(n, "http-equiv"):
		out = append(out, "meta http-equiv="+attr("http-equiv"))
	case n.DataAtom == atom.Link && !ownLink(attr("rel"), attr("href"), origin):
		out = append(out, fmt.Sprintf("link rel=%q href=%q", attr("rel"), attr("href")))
	case n.DataAtom == atom.Img && !strings.HasPrefix(attr("src"), "/static/") && !strings.HasPrefix(attr("src"), "/media/"):
		out = append(out, fmt.Sprintf("img src=%q", attr("src")))
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = strings.ToLower(a.Namespace) + ":" + key
		}
		switch {
		case strings.HasPrefix(key, "on"):
			out = append(out, fmt.Sprintf("event handler %s on <%s>", a.Key, n.Data))
		case key == "style" || key == "srcdoc":
			out = append(out, fmt.Sprintf("%s attribute on <%s>", key, n.Data))
		case strings.HasPrefix(key, "hx-on") || strings.HasPrefix(key, "data-hx-") ||
			(strings.HasPrefix(key, "hx-") && n.DataAtom != atom.Form):
			out = append(out, fmt.Sprintf("htmx attribute %s on <%s>", a.Key, n.Data))
		case urlAttributes[key] && scriptURL(a.Val):
			out = append(out, fmt.Sprintf("%s=%q on <%s>", key, a.Val, n.Data))
		case urlAttributes[key] && schemeRelative(a.Val):
			out = append(out, fmt.Sprintf("scheme-relative %s=%q on <%s>: another host", key, a.Val, n.Data))
		}
	}
	return out
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

// ownLink: the layout's stylesheets (with the municipality's colours) and
// icon, its canonical URL and the other language's version of the page.
func ownLink(rel, href, origin string) bool {
	switch rel {
	case "stylesheet", "icon":
		return strings.HasPrefix(href, "/static/") || rel == "stylesheet" && houseStyleLink.MatchString(href)
	case "canonical":
		return strings.HasPrefix(href, origin+"/")
	case "alternate":
		return strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "//")
	}
	return false
}

// houseStyleLink is the address of the municipality's colours' stylesheet.
var houseStyleLink = regexp.MustCompile(`^/huisstijl\.css\?v=[0-9a-f]{12}$`)

// schemeRelative reports a URL that a browser resolves to another host
// without naming a scheme ("//host", "/\\host", "///host"). The site's own
// links are paths, and links residents give are absolute http(s) URLs.
func schemeRelative(v string) bool {
	s := strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(strings.TrimLeft(v, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"+
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	return strings.HasPrefix(s, "//")
}

// scriptURL reports a URL with a scheme that runs code or carries a
// document, after what a browser ignores (tabs, newlines, leading spaces
// and controls) is taken out.
func scriptURL(v string) bool {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	s = strings.ToLower(strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"+
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:", "livescript:"} {
		if strings.HasPrefix(s, scheme) {
			return true
		}
	}
	return false
}

// The checks above must catch what they are there to catch, or the test
// that uses them proves nothing.
func TestXSSCheckerCatchesActiveContent(t *testing.T) {
	const origin = "http://127.0.0.1:1"
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<script src="//evil.example/x.js"></script>`,
		`<img src=x onerror=alert(1)>`,
		`<p onclick="alert(1)">x</p>`,
		`<a href=" &#106;avascript:alert(1)">x</a>`,
		"<a href=\"java\tscript:alert(1)\">x</a>",
		`<a href="data:text/html,x">x</a>`,
		`<form><button formaction="vbscript:x">x</button></form>`,
		`<svg><a>x</a></svg>`,
		`<math><mi>x</mi></math>`,
		`<iframe src="/"></iframe>`,
		`<object data="/x"></object>`,
		`<meta http-equiv="refresh" content="0;url=/">`,
		`<base href="/">`,
		`<link rel="stylesheet" href="http://evil.example/x.css">`,
		`<p style="color:red">x</p>`,
		`<div hx-get="/x" hx-trigger="load">x</div>`,
		`<div hx-on::load="alert(1)">x</div>`,
		`<!-- x -->`,
		`<a href="///evil.example/">x</a>`,
		`<a href="/\evil.example/">x</a>`,
	} {
		for _, fragment := range []bool{true, false} {
			if _, problems := activeContent(bad, origin, fragment); len(problems) == 0 {
				t.Errorf("checker passed %q (fragment %v)", bad, fragment)
			}
		}
	}
	if got := rawNeedles(`<p>&lt;b&gt;</p><b>x</b>`, "", []string{"<b>x</b>", "<i>"}); len(got) != 1 {
		t.Errorf("rawNeedles = %v, want the one raw needle", got)
	}
	base, _ := url.Parse(origin)
	for loc, want := range map[string]bool{
		"/idee/1": false, "/": false, "//evil.example": true, "/\t/evil.example": true, `/\evil.example`: true,
		"https://evil.example/": true, "javascript:alert(1)": true, origin + "/x": false, " //evil.example": true,
	} {
		if got := offSite(base, loc); got != want {
			t.Errorf("offSite(%q) = %v, want %v", loc, got, want)
		}
	}
	// A page of the site itself passes.
	s := newTestServer(t, nil)
	res := do(t, s, http.MethodGet, "/inloggen", nil, nil)
	body, _ := io.ReadAll(res.Body)
	if _, problems := activeContent(string(body), strings.TrimSuffix(s.cfg.BaseURL.String(), "/"), false); len(problems) > 0 {
		t.Errorf("the login page itself fails the checker: %v", problems)
	}
}
