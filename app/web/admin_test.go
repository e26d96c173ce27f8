package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/audit"
)

// adminRoute: anonymous visitors are sent to log in (GET) or refused
// (POST), everyone but administrators gets 403.
func adminRoute(method string, status int) map[role]int {
	m := members(method, http.StatusForbidden)
	m[admin] = status
	return m
}

// adminRows are the administrators' console. The user actions name nobody
// (a random id), so that they change nothing for the other rows: 404.
func adminRows() []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	nobody := "/beheer/gebruikers/" + uuid.NewString()
	return []authzCase{
		{get, "/beheer", "/beheer", nil, adminRoute(get, 200)},
		{get, "/beheer/gebruikers", "/beheer/gebruikers?q=a", nil, adminRoute(get, 200)},
		{post, "/beheer/gebruikers/:id/rol", nobody + "/rol", url.Values{"role": {"staff"}}, adminRoute(post, 404)},
		{post, "/beheer/gebruikers/:id/blokkeren", nobody + "/blokkeren", url.Values{"reason": {"spam"}}, adminRoute(post, 404)},
		{post, "/beheer/gebruikers/:id/deblokkeren", nobody + "/deblokkeren", nil, adminRoute(post, 404)},
		{get, "/beheer/logboek", "/beheer/logboek", nil, adminRoute(get, 200)},
		{get, "/beheer/buurten", "/beheer/buurten", nil, adminRoute(get, 200)},
		{get, "/beheer/instellingen", "/beheer/instellingen", nil, adminRoute(get, 200)},
		{get, "/beheer/themas", "/beheer/themas", nil, adminRoute(get, 200)},
		{get, "/beheer/meldingen", "/beheer/meldingen", nil, adminRoute(get, 200)},
		// Nothing reported about a random item: 404.
		{post, "/beheer/meldingen/:kind/:id/afwijzen", "/beheer/meldingen/idea/" + uuid.NewString() + "/afwijzen", nil, adminRoute(post, 404)},
		{post, "/beheer/meldingen/:kind/:id/verbergen", "/beheer/meldingen/comment/" + uuid.NewString() + "/verbergen",
			url.Values{"reason": {"Beledigend"}}, adminRoute(post, 404)},
		// Empty labels: the form again, nothing added.
		{post, "/beheer/themas", "/beheer/themas", nil, adminRoute(post, http.StatusUnprocessableEntity)},
		{post, "/beheer/themas/:id", "/beheer/themas/" + uuid.NewString(), url.Values{"label_nl": {"a"}, "label_en": {"b"}}, adminRoute(post, 404)},
		// An empty name: the form again, so the settings stay as they are.
		{post, "/beheer/instellingen", "/beheer/instellingen", url.Values{"name": {""}}, adminRoute(post, http.StatusUnprocessableEntity)},
		// No file: the form again, with the problem.
		{post, "/beheer/buurten/import", "/beheer/buurten/import", nil, adminRoute(post, http.StatusUnprocessableEntity)},
	}
}

// asAdmin returns a new administrator and a browser logged in as them.
func (o *oidcSite) asRole(t *testing.T, r role) (account.User, *http.Client) {
	t.Helper()
	u := o.newUser(t, r)
	token, err := o.accounts.StartSession(context.Background(), u.ID, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	c := browserClient(t)
	base, _ := url.Parse(o.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: o.sessionCookieName(), Value: token, Path: "/"}})
	return u, c
}

// An administrator finds a user, blocks them (a reason is required, and
// the typed one is kept when it is too long), changes their role, and
// finds every action in the audit log.
func TestAdminBlocksAndChangesRole(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	root, c := o.asRole(t, admin)
	anna, _ := o.asRole(t, resident)
	if _, err := o.DB.NewUpdate().Model((*account.User)(nil)).Set("display_name = ?", "Anna Zoekbaar").
		Where("id = ?", anna.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc := document(t, get(t, c, o.URL+"/beheer/gebruikers?q=zoekbaar"))
	if n := doc.Find("li.bb-admin-user").Length(); n != 1 || !strings.Contains(doc.Find("li.bb-admin-user h2").Text(), "Anna Zoekbaar") {
		t.Fatalf("search found %d users: %q", n, doc.Find("li.bb-admin-user h2").Text())
	}
	block := "/beheer/gebruikers/" + anna.ID.String() + "/blokkeren"
	long := strings.Repeat("x", 501)
	res := o.postForm(t, noRedirects(c), block, url.Values{"reason": {long}, "q": {"zoekbaar"}})
	doc = document(t, res)
	field := doc.Find("#block-reason-" + anna.ID.String())
	if v, _ := field.Attr("value"); res.StatusCode != http.StatusUnprocessableEntity || v != long || field.AttrOr("aria-invalid", "") != "true" {
		t.Errorf("too long a reason: %d, value kept %v", res.StatusCode, v == long)
	}
	res = o.postForm(t, noRedirects(c), block, url.Values{"reason": {"Spam onder ideeën"}, "q": {"zoekbaar"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/beheer/gebruikers?melding=opgeslagen&q=zoekbaar" {
		t.Errorf("block: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if u, _ := o.accounts.User(context.Background(), anna.ID); !u.Blocked() || u.BlockedReason != "Spam onder ideeën" {
		t.Errorf("after blocking: %+v", u)
	}
	res = o.postForm(t, noRedirects(c), "/beheer/gebruikers/"+anna.ID.String()+"/rol", url.Values{"role": {"staff"}, "reason": {"Werkt bij de gemeente"}})
	res.Body.Close()
	if u, _ := o.accounts.User(context.Background(), anna.ID); res.StatusCode != http.StatusSeeOther || u.Role != account.Staff {
		t.Errorf("role change: %d, role %s", res.StatusCode, u.Role)
	}
	res = o.postForm(t, noRedirects(c), "/beheer/gebruikers/"+root.ID.String()+"/blokkeren", url.Values{"reason": {"test"}})
	doc = document(t, res)
	if res.StatusCode != http.StatusConflict || !strings.Contains(doc.Find(".bb-notice--error").Text(), "jezelf") {
		t.Errorf("blocking oneself: %d", res.StatusCode)
	}
	doc = document(t, get(t, c, o.URL+"/beheer/logboek"))
	log := doc.Find("tbody").Text()
	for _, want := range []string{"Gebruiker geblokkeerd", "Spam onder ideeën", "Rol gewijzigd", "resident → staff: Werkt bij de gemeente", root.DisplayName} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log page lacks %q:\n%s", want, log)
		}
	}
}

// A blocked resident is told why on their profile, can log out, and
// leaves nothing in the audit log (the authorisation table tries every
// route as a blocked resident).
func TestBlockedUserIsToldAndCanLeave(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	_, c := o.asRole(t, blocked)
	profile := document(t, get(t, c, o.URL+"/profiel"))
	if !strings.Contains(profile.Find(".bb-notice--error").Text(), "Reden: Spam") {
		t.Error("the profile page does not say the account is blocked, and why")
	}
	res := o.postForm(t, noRedirects(c), "/idee/"+uuid.NewString()+"/steunen", nil)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a blocked resident supports: %d, want 403", res.StatusCode)
	}
	res = o.postForm(t, noRedirects(c), "/logout", nil)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || o.cookie(c, o.sessionCookieName()) != nil {
		t.Errorf("a blocked user logging out: %d", res.StatusCode)
	}
	es, err := audit.List(context.Background(), o.DB, 10)
	if err != nil || len(es) != 0 {
		t.Errorf("audit log = %+v, %v; want nothing done", es, err)
	}
}

// postFile posts a multipart form with one file, as the browser c, with
// its CSRF token.
func (o *oidcSite) postFile(t *testing.T, c *http.Client, path, field, name string, data []byte) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("csrf", o.csrf(t, c)); err != nil {
		t.Fatal(err)
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
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

// The import page: a good file is imported and listed; a bad one lists
// every problem by line, imports nothing, and a file over 10 MB is
// refused with a clear message rather than a bare 413.
func TestAdminImportsNeighbourhoods(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	_, c := o.asRole(t, admin)
	c = noRedirects(c)
	res := o.postFile(t, c, "/beheer/buurten/import", "bestand", "buurten.csv",
		[]byte("naam;cbs_code;inwoners\nKanaalzone;BU03449901;1.200\nStationsbuurt;BU03449902;\n"))
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("good import: %d", res.StatusCode)
	}
	doc := document(t, get(t, c, o.URL+res.Header.Get("Location")))
	if !strings.Contains(doc.Find(`[role="status"]`).Text(), "2 buurten toegevoegd") || !strings.Contains(doc.Find("tbody").Text(), "BU03449901") {
		t.Errorf("after the import: %q", doc.Find("main").Text())
	}
	res = o.postFile(t, c, "/beheer/buurten/import", "bestand", "buurten.csv",
		[]byte("naam,cbs_code,inwoners\nHaven,BU03449903,5\nHaven-Oost,BU1,5\n"))
	doc = document(t, res)
	report := doc.Find(`[role="alert"]`).Text()
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(report, "Regel 3:") || !strings.Contains(report, "BU1") {
		t.Errorf("bad import: %d, report %q", res.StatusCode, report)
	}
	if strings.Contains(doc.Find("tbody").Text(), "BU03449903") {
		t.Error("a good line of a refused file was imported")
	}
	big := bytes.Repeat([]byte("x"), 10<<20+1)
	res = o.postFile(t, c, "/beheer/buurten/import", "bestand", "groot.csv", big)
	doc = document(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[role="alert"]`).Text(), "groter dan 10 MB") {
		t.Errorf("file over 10 MB: %d %q", res.StatusCode, doc.Find(`[role="alert"]`).Text())
	}
}

// Settings: bad input comes back with 422, the messages and what was
// typed; good input is saved and shows in every page's header.
func TestAdminSettings(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	_, c := o.asRole(t, admin)
	c = noRedirects(c)
	form := url.Values{"name": {"Gemeente Proefstad"}, "logo_url": {"javascript:alert(1)"}, "primary_color": {"#01689b"},
		"accent_color": {""}, "privacy_contact": {"privacy@proefstad.nl"}}
	res := o.postForm(t, c, "/beheer/instellingen", form)
	doc := document(t, res)
	if v, _ := doc.Find("#logo_url").Attr("value"); res.StatusCode != http.StatusUnprocessableEntity || v != "javascript:alert(1)" ||
		doc.Find("#logo_url-fout").Length() != 1 || doc.Find(`a[href="#logo_url"]`).Length() != 1 {
		t.Errorf("bad logo address: %d, kept %q", res.StatusCode, v)
	}
	form.Set("logo_url", "")
	res = o.postForm(t, c, "/beheer/instellingen", form)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("good settings: %d", res.StatusCode)
	}
	doc = document(t, get(t, c, o.URL+"/beheer/instellingen?melding=opgeslagen"))
	if v, _ := doc.Find("#privacy_contact").Attr("value"); v != "privacy@proefstad.nl" || !strings.Contains(doc.Find(".bb-brand__name").Text(), "Gemeente Proefstad") {
		t.Errorf("after saving: contact %q, header %q", v, doc.Find(".bb-brand__name").Text())
	}
}

// Themes: a new theme with a missing label comes back with 422 and what
// was typed; a good one is added and can be renamed.
func TestAdminThemes(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	_, c := o.asRole(t, admin)
	c = noRedirects(c)
	nobody := "00000000-0000-0000-0000-000000000000"
	res := o.postForm(t, c, "/beheer/themas", url.Values{"label_nl": {"Kunst"}, "label_en": {""}})
	doc := document(t, res)
	if v, _ := doc.Find("#label_nl-" + nobody).Attr("value"); res.StatusCode != http.StatusUnprocessableEntity || v != "Kunst" ||
		doc.Find("#label_en-"+nobody+"-fout").Length() != 1 {
		t.Errorf("missing English label: %d, kept %q", res.StatusCode, v)
	}
	res = o.postForm(t, c, "/beheer/themas", url.Values{"label_nl": {"Kunst"}, "label_en": {"Art"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new theme: %d", res.StatusCode)
	}
	var id string
	if err := o.DB.NewRaw("SELECT id FROM themes WHERE slug = 'kunst'").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	res = o.postForm(t, c, "/beheer/themas/"+id, url.Values{"label_nl": {"Kunst en cultuur"}, "label_en": {"Arts"}})
	res.Body.Close()
	doc = document(t, get(t, c, o.URL+"/beheer/themas"))
	if v, _ := doc.Find("#label_nl-" + id).Attr("value"); res.StatusCode != http.StatusSeeOther || v != "Kunst en cultuur" {
		t.Errorf("rename: %d, label %q", res.StatusCode, v)
	}
}

// The reports queue: a reported comment is listed; hiding it needs a
// public reason (422 and the form again without one), after which the
// comment shows the reason in its place and the queue is empty.
func TestAdminHidesAReportedComment(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	reporter := o.newUser(t, resident)
	if err := o.ideas.Report(context.Background(), reporter, "comment", uuid.MustParse(fx.comment), "insult", ""); err != nil {
		t.Fatal(err)
	}
	_, c := o.asRole(t, admin)
	c = noRedirects(c)
	doc := document(t, get(t, c, o.URL+"/beheer/meldingen"))
	if doc.Find(`form[action="/beheer/meldingen/comment/`+fx.comment+`/verbergen"]`).Length() != 1 {
		t.Fatal("the reported comment is not in the queue")
	}
	hide := "/beheer/meldingen/comment/" + fx.comment + "/verbergen"
	res := o.postForm(t, c, hide, url.Values{"reason": {" "}})
	doc = document(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find("#reden-"+fx.comment+"-fout").Length() != 1 {
		t.Errorf("hiding without a reason: %d", res.StatusCode)
	}
	res = o.postForm(t, c, hide, url.Values{"reason": {"Beledigend"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hiding: %d", res.StatusCode)
	}
	cs, err := o.ideas.Comments(context.Background(), uuid.MustParse(fx.idea))
	if err != nil || len(cs) != 1 || cs[0].HiddenReason != "Beledigend" {
		t.Errorf("comments = %+v, %v", cs, err)
	}
	if doc := document(t, get(t, c, o.URL+"/beheer/meldingen")); !strings.Contains(doc.Find("main").Text(), "geen open meldingen") {
		t.Error("the queue still lists the handled report")
	}
}
