package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/notify"
)

// notifyRows are the bell's routes: the user's own notifications and
// settings, and the unsubscribe link that works without logging in.
func notifyRows(s *Server, fx fixture) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	unsub := notify.UnsubscribePath + s.notify.Token(fx.author.ID, notify.Reminder)
	return []authzCase{
		{get, "/meldingen", "/meldingen", nil, members(get, 200)},
		{post, "/meldingen/gelezen", "/meldingen/gelezen", nil, members(post, http.StatusSeeOther)},
		// Nobody's notification: 404 for everyone logged in.
		{post, "/meldingen/:id/gelezen", "/meldingen/" + uuid.NewString() + "/gelezen", nil, members(post, 404)},
		{get, "/meldingen/instellingen", "/meldingen/instellingen", nil, members(get, 200)},
		{post, "/meldingen/instellingen", "/meldingen/instellingen", url.Values{"lang": {"nl"}, "email": {"reminder"}}, members(post, http.StatusSeeOther)},
		{get, "/meldingen/afmelden/:token", unsub, nil, same(200)},
		{post, "/meldingen/afmelden/:token", unsub, nil, same(200)},
	}
}

// signedIn returns a new resident and a browser logged in as them.
func (o *oidcSite) signedIn(t *testing.T, name string) (account.User, *http.Client) {
	t.Helper()
	u := o.newUser(t, resident)
	token, err := o.accounts.StartSession(context.Background(), u.ID, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	c := browserClient(t)
	base, _ := url.Parse(o.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: o.sessionCookieName(), Value: token, Path: "/"}})
	return u, c
}

// post posts values as the logged-in browser c without following the
// redirect, with the CSRF token of c's own notifications page.
func (o *oidcSite) post(t *testing.T, c *http.Client, path string, values url.Values) *http.Response {
	t.Helper()
	tok, _ := document(t, get(t, c, o.URL+"/meldingen")).Find(`meta[name="csrf-token"]`).Attr("content")
	if values == nil {
		values = url.Values{}
	}
	values.Set("csrf", tok)
	res, err := noRedirects(c).Post(o.URL+path, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// tell queues a notification for u as a domain service would.
func (o *oidcSite) tell(t *testing.T, u account.User, key, title string) {
	t.Helper()
	err := o.DB.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		return notify.Queue(ctx, tx, notify.Notification{UserID: u.ID, Kind: notify.ActivityCancelled, Key: key,
			Params: map[string]string{"title": title, "when": "2026-12-05 14:00", "reason": "Storm"}, Link: "/activiteit/1"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBellShowsUnreadCountToTheUserOnly(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	u, c := o.signedIn(t, "Anna")
	_, other := o.signedIn(t, "Bert")
	o.tell(t, u, "a", "Straatdiner")
	o.tell(t, u, "b", "Snoeidag")
	doc := document(t, get(t, c, o.URL+"/privacy"))
	bell := doc.Find(`header a[href="/meldingen"]`)
	if bell.Length() != 1 || !strings.Contains(bell.Text(), "2 ongelezen") {
		t.Fatalf("bell %q, want a link with 2 unread", bell.Text())
	}
	if b := document(t, get(t, other, o.URL+"/privacy")).Find(`header a[href="/meldingen"]`); b.Length() != 1 || strings.Contains(b.Text(), "ongelezen") {
		t.Fatalf("another user's bell %q", b.Text())
	}
	if document(t, get(t, browserClient(t), o.URL+"/privacy")).Find(`a[href="/meldingen"]`).Length() != 0 {
		t.Fatal("an anonymous visitor sees a bell")
	}
}

func TestNotificationsPageListsAndMarksRead(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	u, c := o.signedIn(t, "Anna")
	o.tell(t, u, "a", "Straatdiner")
	o.tell(t, u, "b", "Snoeidag")
	doc := document(t, get(t, c, o.URL+"/meldingen"))
	items := doc.Find("li.bb-notification")
	if items.Length() != 2 || doc.Find("li.bb-notification--unread").Length() != 2 {
		t.Fatalf("%d notifications listed", items.Length())
	}
	if s := items.First().Text(); !strings.Contains(s, "Gaat niet door: Snoeidag") || !strings.Contains(s, "Reden: Storm") {
		t.Errorf("newest notification reads %q", s)
	}
	if s := document(t, get(t, c, o.URL+"/meldingen?lang=en")).Find("li.bb-notification").First().Text(); !strings.Contains(s, "Cancelled: Snoeidag") {
		t.Errorf("in English: %q", s)
	}
	action, _ := items.First().Find("form").Attr("action")
	if res := o.post(t, c, action, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark read: %d", res.StatusCode)
	}
	if n := unreadOf(t, o, u); n != 1 {
		t.Fatalf("unread %d after marking one, want 1", n)
	}
	// Someone else cannot mark Anna's notification.
	_, bert := o.signedIn(t, "Bert")
	last, _ := items.Last().Find("form").Attr("action")
	if res := o.post(t, bert, last, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("bert marking anna's: %d, want 404", res.StatusCode)
	}
	if res := o.post(t, c, "/meldingen/gelezen", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark all read: %d", res.StatusCode)
	}
	if n := unreadOf(t, o, u); n != 0 {
		t.Fatalf("unread %d after marking all", n)
	}
}

func unreadOf(t *testing.T, o *oidcSite, u account.User) int {
	t.Helper()
	n, err := o.notify.Unread(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNotificationSettingsForm(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	u, c := o.signedIn(t, "Anna")
	doc := document(t, get(t, c, o.URL+"/meldingen/instellingen"))
	if n := doc.Find(`input[type="checkbox"][name="email"]:checked`).Length(); n != len(notify.Kinds()) {
		t.Fatalf("%d kinds on by default, want all", n)
	}
	res := o.post(t, c, "/meldingen/instellingen", url.Values{"lang": {"fr"}, "email": {"reminder"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("language fr: %d, want 422", res.StatusCode)
	}
	doc = document(t, res)
	if !strings.Contains(doc.Find("#taal-fout").Text(), "Kies Nederlands of Engels") || doc.Find(`input[value="reminder"]:checked`).Length() != 1 {
		t.Fatal("the form does not say what is wrong, or lost the choice")
	}
	res = o.post(t, c, "/meldingen/instellingen", url.Values{"lang": {"en"}, "email": {"reminder", "bogus"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	st, err := o.notify.Settings(context.Background(), u.ID)
	if err != nil || st.Lang != "en" || !st.Email[notify.Reminder] || st.Email[notify.Promoted] {
		t.Fatalf("settings %+v %v", st, err)
	}
	if document(t, get(t, c, o.URL+"/meldingen/instellingen?melding=opgeslagen")).Find(`[role="status"]`).Length() != 1 {
		t.Fatal("no confirmation after saving")
	}
}

// The link in an e-mail asks first (GET), unsubscribes on POST without a
// login or CSRF cookie (one-click, RFC 8058), and refuses a tampered token.
func TestUnsubscribeLink(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	u, _ := o.signedIn(t, "Anna")
	path := notify.UnsubscribePath + o.notify.Token(u.ID, notify.Reminder)
	c := browserClient(t)
	doc := document(t, get(t, c, o.URL+path))
	if !strings.Contains(doc.Find("main").Text(), "Herinneringen een dag van tevoren") || doc.Find(`form[action="`+path+`"] button`).Length() != 1 {
		t.Fatal("no confirmation form")
	}
	if st, _ := o.notify.Settings(context.Background(), u.ID); !st.Email[notify.Reminder] {
		t.Fatal("opening the link unsubscribed")
	}
	if res := get(t, c, o.URL+path+"x"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("tampered token: %d, want 404", res.StatusCode)
	}
	// The mail program's one-click POST: no cookies, no CSRF token.
	res, err := http.Post(o.URL+path, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(document(t, res).Text(), "Je bent afgemeld") {
		t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
	}
	if st, _ := o.notify.Settings(context.Background(), u.ID); st.Email[notify.Reminder] || !st.Email[notify.Promoted] {
		t.Fatalf("settings after unsubscribing %+v", st)
	}
	res, err = http.Post(o.URL+path+"x", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("one-click with a tampered token: %d, want 404", res.StatusCode)
	}
}

func TestReadyzReportsTheOutboxBacklog(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	u, _ := o.signedIn(t, "Anna")
	o.tell(t, u, "a", "Straatdiner")
	res := get(t, browserClient(t), o.URL+"/readyz")
	body := document(t, res).Text()
	if res.StatusCode != 200 || !strings.Contains(body, `"outbox_backlog":"1"`) {
		t.Fatalf("readyz %d %s", res.StatusCode, body)
	}
}
