package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// tour walks one browser through a journey: it opens pages, clicks as a
// person would, waits for the page that follows, and runs axe on the pages
// it is asked to check.
type tour struct {
	t       *testing.T
	b       *browser
	checked []string
	allow   string // a browser error that the page at hand should cause
}

// newTour gives b's steps a longer deadline than newBrowserAt's two
// minutes: a journey checks many pages.
func newTour(t *testing.T, b *browser) *tour {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), 8*time.Minute)
	t.Cleanup(cancel)
	b.ctx = ctx
	return &tour{t: t, b: b}
}

// do runs browser steps with a deadline, so that a missing element fails
// the test instead of waiting for it until the journey's end.
func (tr *tour) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tr.t.Helper()
	ctx, cancel := context.WithTimeout(tr.b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tr.t.Fatalf("%s: %v", what, err)
	}
}

// open loads path and waits for the main content.
func (tr *tour) open(path string) {
	tr.t.Helper()
	tr.do("open "+path, chromedp.Navigate(tr.b.baseURL+path), chromedp.WaitReady(chromedp.CSS("main#inhoud")))
}

// check runs axe on the open page and reports every browser error it caused.
func (tr *tour) check(what string) {
	tr.t.Helper()
	for _, v := range tr.b.axe(tr.t) {
		tr.t.Errorf("%s: axe %s (%s): %s at %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
	}
	tr.noErrors(what)
	tr.checked = append(tr.checked, what)
}

// checkInvalid checks a form shown again with its errors: Chromium logs
// the page's status 422 as a failed load, which is what the form should
// answer, so only that entry is let through.
func (tr *tour) checkInvalid(what string) {
	tr.t.Helper()
	tr.allow = "the server responded with a status of 422"
	defer func() { tr.allow = "" }()
	tr.check(what)
}

func (tr *tour) noErrors(what string) {
	tr.t.Helper()
	for _, e := range tr.b.takeErrors() {
		if tr.allow != "" && strings.Contains(e, tr.allow) {
			continue
		}
		tr.t.Errorf("%s: browser error: %s", what, e)
	}
}

// checkBoth checks path in English and then in Dutch, so that the language
// cookie leaves the rest of the journey in Dutch.
func (tr *tour) checkBoth(what, path string) {
	tr.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for _, lang := range []string{"en", "nl"} {
		tr.open(path + sep + "lang=" + lang)
		if got := tr.eval(`document.documentElement.lang`); got != lang {
			tr.t.Errorf("%s: html lang = %q, want %s", what, got, lang)
		}
		tr.check(what + " [" + lang + "]")
	}
}

// eval evaluates a JavaScript expression that yields a string.
func (tr *tour) eval(expr string) string {
	tr.t.Helper()
	return tr.b.eval(tr.t, expr)
}

// is evaluates a JavaScript condition.
func (tr *tour) is(cond string) bool {
	tr.t.Helper()
	ok, err := chromedp.Run(tr.b.ctx, chromedp.Evaluate[bool](`Boolean(`+cond+`)`))
	if err != nil {
		tr.t.Fatalf("evaluate %s: %v", cond, err)
	}
	return ok
}

// waitUntil polls a JavaScript condition; an evaluation that fails while a
// page is being replaced is tried again.
func (tr *tour) waitUntil(what, cond string) {
	tr.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(tr.b.ctx, chromedp.Evaluate[bool](`Boolean(`+cond+`)`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			at, _ := chromedp.Run(tr.b.ctx, chromedp.Evaluate[string](`location.href`))
			tr.t.Fatalf("waiting for %s (at %s): %v", what, at, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mark leaves a variable in the page's window: it survives an htmx swap
// and is gone after a page load.
func (tr *tour) mark() {
	tr.t.Helper()
	if err := chromedp.Do(tr.b.ctx, chromedp.Evaluate[chromedp.Void](`window.bbTourMark = "still here"`)); err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *tour) marked() bool { return tr.is(`window.bbTourMark === "still here"`) }

// click clicks the element as a mouse does.
func (tr *tour) click(sel string) {
	tr.t.Helper()
	tr.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// follow clicks sel and waits for the next page to have loaded.
func (tr *tour) follow(sel string) {
	tr.t.Helper()
	tr.mark()
	tr.click(sel)
	tr.waitUntil("the page after "+sel, `!window.bbTourMark && document.readyState === "complete" && document.getElementById("inhoud")`)
}

// path is the open page's path.
func (tr *tour) path() string { return tr.eval(`location.pathname`) }

func (tr *tour) at(path string) {
	tr.t.Helper()
	if got := tr.path(); got != path {
		tr.t.Fatalf("at %s, want %s", got, path)
	}
}

// fill sets a form control's value.
func (tr *tour) fill(sel, value string) {
	tr.t.Helper()
	tr.do("fill "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// labelled returns the id of the control whose label reads text.
func (tr *tour) labelled(text string) string {
	tr.t.Helper()
	id := tr.eval(`([...document.querySelectorAll("label")].find(l => l.textContent.trim() === ` + jsString(text) + `) || {}).htmlFor || ""`)
	if id == "" {
		tr.t.Fatalf("no control labelled %q", text)
	}
	return id
}

// text is the trimmed text of the first element matching sel ("" if none).
func (tr *tour) text(sel string) string {
	tr.t.Helper()
	return strings.Join(strings.Fields(tr.eval(`(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`)), " ")
}

func (tr *tour) attr(sel, name string) string {
	tr.t.Helper()
	return tr.eval(`(document.querySelector(` + jsString(sel) + `) || {getAttribute: () => ""}).getAttribute(` + jsString(name) + `) || ""`)
}

// demoLogin logs in with the demo form as the named demo user and waits
// for the page the login returns to.
func (tr *tour) demoLogin(name, next string) {
	tr.t.Helper()
	tr.open("/inloggen?next=" + next)
	tr.click("#" + tr.labelled(name))
	tr.follow(`form[action="/inloggen/demo"] button[type="submit"]`)
	tr.at(next)
}

// logout uses the header's logout button.
func (tr *tour) logout() {
	tr.t.Helper()
	tr.follow(`.bb-nav form[action="/logout"] button`)
	if tr.is(`document.querySelector('.bb-nav form[action="/logout"]')`) {
		tr.t.Fatal("still logged in after logging out")
	}
}

// become starts a session for u in the browser, as if u had logged in.
func (tr *tour) become(o *oidcSite, u account.User) {
	tr.t.Helper()
	token, err := o.accounts.StartSession(context.Background(), u.ID, "chromium", "")
	if err != nil {
		tr.t.Fatal(err)
	}
	_, err = chromedp.Call(tr.b.ctx, network.SetCookie, network.SetCookieParams{
		Name: o.sessionCookieName(), Value: token, URL: o.URL + "/", Path: "/", SameSite: network.CookieSameSiteLax})
	if err != nil {
		tr.t.Fatal(err)
	}
}

// supportCount reads an idea's counter and checks it against its rows.
func supportCount(t *testing.T, o *oidcSite, id uuid.UUID) int {
	t.Helper()
	it, err := o.ideas.ByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if rows := countWhere(t, o.DB, "supports", "idea_id = ?", id); rows != it.SupportsCount {
		t.Errorf("supports_count is %d but there are %d support rows", it.SupportsCount, rows)
	}
	return it.SupportsCount
}

// namedResident is a resident with a real-looking name.
func namedResident(t *testing.T, o *oidcSite, name string) account.User {
	t.Helper()
	u, err := o.accounts.Login(context.Background(), account.Profile{Provider: "test", Subject: uuid.NewString(), Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// bolwijkContent is what a newcomer to Bolwijk finds: an initiative with
// an idea that two neighbours support and one commented on.
func bolwijkContent(t *testing.T, o *oidcSite) (initiative.Initiative, idea.Idea) {
	t.Helper()
	ctx := context.Background()
	nb, err := o.municipality.NeighbourhoodBySlug(ctx, "bolwijk")
	if err != nil {
		t.Fatal(err)
	}
	themes, err := o.municipality.ListThemes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ini, err := o.initiatives.Create(ctx, namedResident(t, o, "Henk Visser"), initiative.Input{
		Title: "Speeltuin Bolwijk opknappen", Summary: "Samen de speeltuin aan de Merelstraat weer veilig en leuk maken",
		Description: "De wipkip is kapot en het zand is vies. **Doe je mee?**", NeighbourhoodID: nb.ID.String(),
		ThemeIDs: []string{themes[0].ID.String()}})
	if err != nil {
		t.Fatal(err)
	}
	it, err := o.ideas.Propose(ctx, namedResident(t, o, "Mirjam Bos"), ini.ID, idea.Input{
		Title: "Een bankje bij de zandbak", Description: "Dan kunnen ouders en opa's en oma's erbij zitten."})
	if err != nil {
		t.Fatal(err)
	}
	kees := namedResident(t, o, "Kees de Wit")
	for _, u := range []account.User{kees, namedResident(t, o, "Ayşe Yılmaz")} {
		if _, err := o.ideas.Support(ctx, u, it.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := o.ideas.Comment(ctx, kees, it.ID, nil, "Graag een bankje in de schaduw."); err != nil {
		t.Fatal(err)
	}
	return ini, it
}

// Journey 1: a newcomer opens the home page and sees what happens, logs in
// with a provider in two clicks (and answers the neighbourhood question),
// and supports an idea: with htmx the count and the button change in place
// without loading a page, and withdrawing works the same way.
func TestBrowserNewcomerSupportsAnIdeaWithHtmx(t *testing.T) {
	t.Parallel()
	chromiumPath(t) // skip before starting the provider
	o := newOIDCSite(t, nil)
	ini, it := bolwijkContent(t, o)
	tr := newTour(t, newBrowserAt(t, o.URL))
	ideaPath := "/idee/" + it.ID.String()

	// What a newcomer sees: the initiative and the idea, on the home page
	// and on the neighbourhood's page.
	tr.checkBoth("home page with content, anonymous", "/")
	tr.checkBoth("neighbourhood page with content, anonymous", "/buurt/bolwijk")
	tr.checkBoth("idea page, anonymous", ideaPath)
	tr.open("/")
	if !tr.is(`document.querySelector('.bb-card a[href="/initiatief/` + ini.Slug + `"]')`) {
		t.Error("home page does not list the initiative")
	}
	if got := tr.text(`.bb-idea-card a[href="` + ideaPath + `"]`); got != it.Title {
		t.Errorf("home page lists the idea as %q, want %q", got, it.Title)
	}

	// Supporting leads an anonymous visitor to the login page, and back.
	tr.follow(`.bb-idea-card .bb-support a[href="/inloggen?next=` + ideaPath + `"]`)
	tr.at("/inloggen")
	o.IdP.QueueUser(&mockoidc.MockUser{Subject: "nadia-1", Email: "nadia@example.org", EmailVerified: true, PreferredUsername: "Nadia"})
	tr.mark()
	tr.click(`a.bb-login-button[href^="/auth/openid-connect"]`)
	tr.waitUntil("the neighbourhood question", `!window.bbTourMark && location.pathname === "/profiel/buurt" && document.readyState === "complete"`)
	tr.click("#" + tr.labelled("Bolwijk"))
	tr.follow(`form[action="/profiel/buurt"] button.utrecht-button--primary-action`)
	tr.at(ideaPath)

	// Support with htmx: in place, no page load.
	const block = `.bb-idea__main .bb-support`
	if got := tr.text(block + ` .bb-support__number`); got != "2" {
		t.Fatalf("idea page shows %s supports, want 2", got)
	}
	tr.mark()
	tr.click(block + ` form[action="` + ideaPath + `/steunen"] button`)
	tr.waitUntil("the withdraw button", `document.querySelector('`+block+` form[action="`+ideaPath+`/intrekken"] button')`)
	if !tr.marked() {
		t.Error("supporting loaded a new page; want an in-place htmx update")
	}
	if got := tr.text(block + ` .bb-support__number`); got != "3" {
		t.Errorf("after supporting the page shows %s supports, want 3", got)
	}
	if got := tr.text(block + ` button`); !strings.HasPrefix(got, "Steun intrekken") {
		t.Errorf("after supporting the button says %q, want Steun intrekken", got)
	}
	// htmx focuses the new button's autofocus after it settles.
	tr.waitUntil("the focus on the new support button", `document.activeElement.matches('`+block+` button')`)
	if n := supportCount(t, o, it.ID); n != 3 {
		t.Errorf("database: %d supports after supporting, want 3", n)
	}
	tr.check("idea page, resident who supports it [nl]")

	// The home page now shows the newcomer's neighbourhood; withdrawing
	// from the second list the idea appears in changes that very block.
	tr.checkBoth("home page with content, resident", "/")
	if got := tr.text(`#initiatieven`); got != "Initiatieven in Bolwijk" {
		t.Errorf("home page heading %q, want the newcomer's neighbourhood", got)
	}
	newest := `section[aria-labelledby="nieuwste"] .bb-support`
	tr.mark()
	tr.click(newest + ` form[action="` + ideaPath + `/intrekken"] button`)
	tr.waitUntil("the support button in the newest ideas", `document.querySelector('`+newest+` form[action="`+ideaPath+`/steunen"] button')`)
	if !tr.marked() {
		t.Error("withdrawing loaded a new page; want an in-place htmx update")
	}
	if got := tr.text(newest + ` .bb-support__number`); got != "2" {
		t.Errorf("after withdrawing the list shows %s supports, want 2", got)
	}
	if got := tr.text(newest + ` button`); !strings.HasPrefix(got, "Steunen") {
		t.Errorf("after withdrawing the button says %q, want Steunen", got)
	}
	if n := supportCount(t, o, it.ID); n != 2 {
		t.Errorf("database: %d supports after withdrawing, want 2", n)
	}
	tr.noErrors("after withdrawing")
	t.Logf("axe: %d pages checked against %s, no violations unless listed above: %s", len(tr.checked), axeTags, strings.Join(tr.checked, "; "))
}

// Journeys 2 and 3: a resident starts an initiative with a cover photo and
// invites a co-organiser, who accepts through the link; the page has the
// tags a shared link needs. A neighbour proposes an idea and comments, an
// organiser replies and marks it planned with a reason, and the idea page
// shows that history. Every page on the way passes axe in both languages.
func TestBrowserResidentStartsAnInitiativeAndPlansAnIdea(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	o := newDemoSite(t, nil)
	ctx := context.Background()
	tr := newTour(t, newBrowserAt(t, o.URL))
	const youssef, anouk = "Youssef Amrani (initiatiefnemer)", "Anouk de Vries (bewoner)"

	// The form, new and with every error shown, in both languages.
	tr.demoLogin(youssef, "/initiatieven/nieuw")
	tr.checkBoth("initiative form, new", "/initiatieven/nieuw")
	const create = `form[action="/initiatieven"] button[type="submit"]`
	for _, lang := range []string{"en", "nl"} {
		tr.open("/initiatieven/nieuw?lang=" + lang)
		tr.fill("#neighbourhood", "") // the form starts with Youssef's own
		tr.follow(create)
		for _, field := range []string{"title", "summary", "neighbourhood", "themes"} {
			if tr.text("#"+field+"-fout") == "" {
				t.Errorf("empty initiative form [%s]: no error message for %s", lang, field)
			}
		}
		if tr.attr("#title", "aria-invalid") != "true" || !strings.Contains(tr.attr("#title", "aria-describedby"), "title-fout") {
			t.Errorf("empty initiative form [%s]: the title field does not point at its error", lang)
		}
		tr.checkInvalid("initiative form with errors [" + lang + "]")
	}

	// Filled in, with a PNG cover.
	cover := filepath.Join(t.TempDir(), "speeltuin.png")
	if err := os.WriteFile(cover, pngBytes(t, 1200, 800), 0o600); err != nil {
		t.Fatal(err)
	}
	nb, err := o.municipality.NeighbourhoodBySlug(ctx, "havenkwartier")
	if err != nil {
		t.Fatal(err)
	}
	const title, summary = "Buurtmoestuin Havenkwartier", "Samen groente kweken op het braakliggende veld aan de kade"
	tr.fill("#title", title)
	tr.fill("#summary", summary)
	tr.fill("#description", "We zoeken **buren** die willen zaaien, wieden en oogsten.")
	tr.fill("#neighbourhood", nb.ID.String())
	tr.click("#thema-0")
	tr.click("#thema-1")
	tr.do("choose the cover", chromedp.SetUploadFiles(chromedp.CSS("#cover"), []string{cover}))
	tr.follow(create)
	iniPath := "/initiatief/buurtmoestuin-havenkwartier"
	tr.at(iniPath)
	if got := tr.text("main h1"); got != title {
		t.Errorf("initiative page h1 = %q", got)
	}
	if n := tr.eval(`String(document.querySelectorAll(".bb-initiative .bb-tag").length)`); n != "2" {
		t.Errorf("initiative page shows %s themes, want 2", n)
	}
	checkPreview(t, tr, o, iniPath, title, summary)
	tr.checkBoth("initiative page, organiser", iniPath)

	// The co-organiser's link, in both languages.
	const invite = `form[action$="/uitnodigen"] button`
	var link string
	for _, lang := range []string{"en", "nl"} {
		tr.open(iniPath + "?lang=" + lang)
		tr.follow(invite)
		link = tr.eval(`document.getElementById("uitnodiging").value`)
		if !strings.HasPrefix(link, o.URL+"/uitnodiging/") {
			t.Fatalf("invitation link %q", link)
		}
		tr.check("initiative page with an invitation link [" + lang + "]")
	}
	tr.logout()
	tr.checkBoth("initiative page, anonymous", iniPath)

	// Anouk opens the link, logs in from it and accepts.
	invitation := strings.TrimPrefix(link, o.URL)
	tr.checkBoth("invitation, anonymous", invitation)
	tr.follow(`main a[href="/inloggen?next=` + invitation + `"]`)
	tr.click("#" + tr.labelled(anouk))
	tr.follow(`form[action="/inloggen/demo"] button[type="submit"]`)
	tr.at(invitation)
	tr.checkBoth("invitation, logged in", invitation)
	tr.follow(`form[action="` + invitation + `"] button`)
	tr.at(iniPath)
	organisers := tr.text(`section[aria-labelledby="organisatoren"] ul`)
	if !strings.Contains(organisers, "Youssef Amrani") || !strings.Contains(organisers, "Anouk de Vries") {
		t.Errorf("organisers listed: %q, want Youssef and Anouk", organisers)
	}
	if !tr.is(`document.querySelector('form[action="` + iniPath + `/updates"]')`) {
		t.Error("Anouk does not get the organiser's forms after accepting")
	}

	// Journey 3: a neighbour proposes an idea and comments on it.
	tr.logout()
	tr.become(o, namedResident(t, o, "Fatima El Amrani"))
	tr.checkBoth("initiative page, resident", iniPath)
	tr.follow(`a[href="` + iniPath + `/ideeen/nieuw"]`)
	tr.checkBoth("idea form, new", iniPath+"/ideeen/nieuw")
	const propose = `form[action$="/ideeen"] button[type="submit"]`
	tr.follow(propose)
	if tr.text("#title-fout") == "" {
		t.Error("empty idea form: no error message for the title")
	}
	tr.checkInvalid("idea form with errors [nl]")
	tr.fill("#title", "Een regenton bij elke bak")
	tr.fill("#description", "Dan hoeven we minder met gieters te sjouwen.")
	tr.follow(propose)
	ideaPath := tr.path()
	if !strings.HasPrefix(ideaPath, "/idee/") {
		t.Fatalf("proposing ended on %s", ideaPath)
	}
	tr.fill("#body", "Ik heb nog twee tonnen in de schuur staan.")
	tr.follow(`form[action="` + ideaPath + `/reacties"] button[type="submit"]`)
	if got := tr.text(".bb-comment .bb-markdown"); got != "Ik heb nog twee tonnen in de schuur staan." {
		t.Errorf("comment shows %q", got)
	}
	tr.checkBoth("idea page, resident author with a comment", ideaPath)

	// The organiser replies and marks the idea planned with a reason.
	tr.logout()
	tr.demoLogin(youssef, ideaPath)
	tr.click(`.bb-comment__tools details:has(textarea[id^="antwoord-"]) summary`)
	tr.fill(`.bb-comment__tools textarea[id^="antwoord-"]`, "Goed plan, dank je!")
	tr.follow(`.bb-comment__tools form[action="` + ideaPath + `/reacties"] button`)
	if got := tr.text(".bb-comments--replies .bb-comment .bb-markdown"); got != "Goed plan, dank je!" {
		t.Errorf("reply shows %q", got)
	}
	const reason = "We kopen de tonnen met de buurtbijdrage in het voorjaar."
	tr.fill("#nieuwe-status", string(idea.Planned))
	tr.fill("#reason", reason)
	tr.follow(`form[action="` + ideaPath + `/status"] button`)
	history := tr.text(`section[aria-labelledby="status"] ol`)
	if !strings.Contains(history, "Gepland") || !strings.Contains(history, reason) {
		t.Errorf("status history reads %q, want Gepland with the reason", history)
	}
	if got := tr.text(".bb-idea .bb-status"); got != "Gepland" {
		t.Errorf("idea status shows %q, want Gepland", got)
	}
	tr.checkBoth("idea page, organiser with comments and a reply", ideaPath)

	tr.logout()
	tr.checkBoth("idea page, anonymous, planned with comments", ideaPath)
	if history := tr.text(`section[aria-labelledby="status"] ol`); !strings.Contains(history, reason) {
		t.Errorf("anonymous visitors see the history %q, want the reason", history)
	}
	t.Logf("axe: %d pages checked against %s, no violations unless listed above: %s", len(tr.checked), axeTags, strings.Join(tr.checked, "; "))
}

// checkPreview checks the tags a shared link is previewed with: the title,
// the summary, the cover (absolute and loading) and the canonical URL.
func checkPreview(t *testing.T, tr *tour, o *oidcSite, path, title, summary string) {
	t.Helper()
	meta := func(property string) string { return tr.attr(`meta[property="`+property+`"]`, "content") }
	if got := meta("og:title"); got != title {
		t.Errorf("og:title = %q, want %q", got, title)
	}
	if got := meta("og:description"); got != summary {
		t.Errorf("og:description = %q, want the summary", got)
	}
	if got := tr.attr(`link[rel="canonical"]`, "href"); got != o.URL+path {
		t.Errorf("canonical = %q, want %s", got, o.URL+path)
	}
	img := meta("og:image")
	if !strings.HasPrefix(img, o.URL+"/media/covers/") {
		t.Fatalf("og:image = %q, want the cover's absolute URL", img)
	}
	res, err := http.Get(img)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("og:image %s: %d %s", img, res.StatusCode, res.Header.Get("Content-Type"))
	}
	tr.waitUntil("the cover image", `document.querySelector("img.bb-cover") && document.querySelector("img.bb-cover").complete`)
	if !tr.is(`document.querySelector("img.bb-cover").naturalWidth > 0`) {
		t.Error("the cover image does not load in the browser")
	}
}

// Journey 1's support again with JavaScript off: the plain form posts and
// redirects back, and the count goes up once, also when the form is
// submitted twice (a double click, then the same form from a stale tab).
func TestBrowserSupportWithoutJavaScript(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	bdb := dbtest.SQLite(t)
	s := newTestServerOn(t, bdb, nil)
	var posts atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/steunen") {
			posts.Add(1)
		}
		s.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	o := &oidcSite{Server: s, URL: ts.URL, DB: bdb}
	fx := newFixture(t, o)
	id := uuid.MustParse(fx.idea)
	if _, err := o.ideas.Support(context.Background(), namedResident(t, o, "Kees de Wit"), id); err != nil {
		t.Fatal(err)
	}
	ideaPath := "/idee/" + fx.idea

	b := newBrowserAt(t, ts.URL)
	tab2 := b.newTab(t)
	for _, x := range []*browser{b, tab2} {
		if _, err := chromedp.Call(x.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	me := namedResident(t, o, "Nadia Bakker")
	tr, stale := newTour(t, b), newTour(t, tab2)
	tr.become(o, me)
	tr.open(ideaPath + "?lang=nl")
	stale.open(ideaPath)
	for _, x := range []*tour{tr, stale} {
		if !x.is(`typeof htmx === "undefined"`) {
			t.Fatal("htmx ran: JavaScript is not off")
		}
		if got := x.text(".bb-support__number"); got != "1" {
			t.Fatalf("idea page shows %s supports, want 1", got)
		}
	}

	// A double click: the browser posts the form (once or twice) and
	// follows the redirect back to the idea.
	const give = `form[action$="/steunen"] button`
	before := historyLength(t, b)
	tr.mark()
	tr.do("double-click "+give, chromedp.DoubleClick(chromedp.CSS(give)))
	tr.waitUntil("the idea page after supporting", `!window.bbTourMark && document.readyState === "complete" && document.querySelector('form[action$="/intrekken"]')`)
	tr.at(ideaPath)
	if historyLength(t, b) <= before {
		t.Error("supporting without JavaScript did not load a page")
	}
	if got := tr.text(".bb-support__number"); got != "2" {
		t.Errorf("after a double click the page shows %s supports, want 2", got)
	}
	if got := tr.text(`form[action$="/intrekken"] button`); !strings.HasPrefix(got, "Steun intrekken") {
		t.Errorf("after supporting the button says %q", got)
	}

	// The same form again from a tab that still shows "Steunen".
	stale.follow(give)
	stale.at(ideaPath)
	if got := stale.text(".bb-support__number"); got != "2" {
		t.Errorf("after submitting again the page shows %s supports, want 2", got)
	}
	if n := posts.Load(); n < 2 {
		t.Errorf("the server saw %d support posts, want the double submit to reach it", n)
	}
	if n := supportCount(t, o, id); n != 2 {
		t.Errorf("database: %d supports after %d posts by one resident, want 2", n, posts.Load())
	}

	// Withdrawing without JavaScript.
	tr.follow(`form[action$="/intrekken"] button`)
	tr.at(ideaPath)
	if got := tr.text(".bb-support__number"); got != "1" {
		t.Errorf("after withdrawing the page shows %s supports, want 1", got)
	}
	if n := supportCount(t, o, id); n != 1 {
		t.Errorf("database: %d supports after withdrawing, want 1", n)
	}
	tr.noErrors("support without JavaScript")
	stale.noErrors("stale tab")
	t.Logf("the server saw %d support posts", posts.Load())
}

// historyLength is the number of entries in the tab's history.
func historyLength(t *testing.T, b *browser) int {
	t.Helper()
	h, err := chromedp.Run(b.ctx, chromedp.NavigationEntries())
	if err != nil {
		t.Fatal(err)
	}
	return len(h.Entries)
}

// newTab opens a second tab in b's browser, with the same cookies. It
// does not inherit b's deadline, which would close the tab.
func (b *browser) newTab(t *testing.T) *browser {
	t.Helper()
	tab := &browser{baseURL: b.baseURL}
	ctx, cancel := chromedp.NewContext(context.WithoutCancel(b.ctx), chromedp.WithListener(tab.record))
	t.Cleanup(cancel)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
		return err
	}))
	if err != nil {
		t.Fatalf("open a second tab: %v", err)
	}
	tab.ctx = ctx
	return tab
}
