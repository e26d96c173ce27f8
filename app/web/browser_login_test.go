package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"
)

// A resident logs in through the OpenID Connect provider in Chromium,
// answers the neighbourhood question and sees their profile; every page on
// the way passes axe's WCAG 2.2 A/AA rules without console or CSP errors.
func TestBrowserLoginThroughOIDCAndAxe(t *testing.T) {
	t.Parallel()
	chromiumPath(t) // skip before starting the provider
	o := newOIDCSite(t, nil)
	b := newBrowserAt(t, o.URL)
	o.IdP.QueueUser(&mockoidc.MockUser{Subject: "fatima-1", Email: "fatima@example.org",
		EmailVerified: true, PreferredUsername: "Fatima"})

	// check runs axe and collects browser errors on the page that is open.
	checked := 0
	check := func(what string) {
		t.Helper()
		for _, v := range b.axe(t) {
			t.Errorf("%s: axe %s (%s): %s at %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
		}
		for _, e := range b.takeErrors() {
			t.Errorf("%s: browser error: %s", what, e)
		}
		checked++
	}
	open := func(path string) {
		t.Helper()
		if err := chromedp.Do(b.ctx, chromedp.Navigate(b.baseURL+path), chromedp.WaitReady(chromedp.CSS("main#inhoud"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	// waitFor waits until the browser, after a click, has loaded path. The
	// page changes under it (redirects through the provider), so an
	// evaluation that fails with the old page is retried.
	waitFor := func(path string) {
		t.Helper()
		cond := `location.pathname === ` + jsString(path) + ` && document.readyState === "complete" && document.getElementById("inhoud") !== null`
		deadline := time.Now().Add(30 * time.Second)
		for {
			ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				at, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href`))
				t.Fatalf("waiting for %s (at %s): %v", path, at, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// The login page, in both languages; the Dutch one last, so that the
	// language cookie keeps the rest of the flow in Dutch.
	for _, lang := range []string{"en", "nl"} {
		open("/inloggen?lang=" + lang)
		check("/inloggen?lang=" + lang)
	}
	const button = `a.bb-login-button[href^="/auth/openid-connect"]`
	label, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(button)))
	if err != nil {
		t.Fatalf("login button: %v", err)
	}
	if want := "Inloggen met Gemeente Voorbeeld (medewerkers)"; strings.TrimSpace(label) != want {
		t.Errorf("login button says %q, want %q", label, want)
	}

	// Through mockoidc and back, to the neighbourhood question.
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		t.Fatalf("click %s: %v", button, err)
	}
	waitFor("/profiel/buurt")
	check("/profiel/buurt")
	choice, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(`label[for="buurt-0"]`)))
	if err != nil {
		t.Fatalf("neighbourhood choice: %v", err)
	}
	err = chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("buurt-0")),
		chromedp.Click(chromedp.CSS(`form[action="/profiel/buurt"] button.utrecht-button--primary-action`)))
	if err != nil {
		t.Fatalf("choose a neighbourhood: %v", err)
	}
	waitFor("/")
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("after choosing a neighbourhood: browser errors: %v", errs)
	}

	// The profile shows the name from the provider, the chosen
	// neighbourhood and the logged-in header, in both languages.
	for _, lang := range []string{"nl", "en"} {
		path := "/profiel?lang=" + lang
		open(path)
		name := b.eval(t, `document.getElementById("naam").value`)
		neighbourhood := b.eval(t, `(document.querySelector("#buurt option:checked") || {}).textContent || ""`)
		navProfile := b.eval(t, `(document.querySelector('.bb-nav a[href="/profiel"]') || {}).textContent || ""`)
		current := b.eval(t, `(document.querySelector('.bb-nav a[href="/profiel"]') || {getAttribute: () => ""}).getAttribute("aria-current") || ""`)
		logout := b.eval(t, `String(document.querySelector('.bb-nav form[action="/logout"] button[type="submit"]') !== null)`)
		loginLink := b.eval(t, `String(document.querySelector('.bb-nav a[href="/inloggen"]') !== null)`)
		if name != "Fatima" {
			t.Errorf("%s: name field = %q, want Fatima", path, name)
		}
		if strings.TrimSpace(neighbourhood) != strings.TrimSpace(choice) {
			t.Errorf("%s: neighbourhood = %q, want %q", path, neighbourhood, choice)
		}
		if !strings.Contains(navProfile, "Fatima") || current != "page" {
			t.Errorf("%s: header profile link = %q (aria-current %q), want Fatima's, current", path, navProfile, current)
		}
		if logout != "true" || loginLink != "false" {
			t.Errorf("%s: header logout button %s, login link %s; want logged-in header", path, logout, loginLink)
		}
		check(path)
	}
	t.Logf("axe: %d pages of the login flow checked against %s, no violations unless listed above", checked, axeTags)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// On localhost without providers the login page offers the demo users
// instead; that form passes axe too.
func TestBrowserDemoLoginIsAccessible(t *testing.T) {
	t.Parallel()
	b := newBrowser(t, newTestServer(t, nil))
	for _, lang := range []string{"nl", "en"} {
		url := b.baseURL + "/inloggen?lang=" + lang
		if err := chromedp.Do(b.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main#inhoud"))); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if n := b.eval(t, `String(document.querySelectorAll('form input[type=radio][name=user]').length)`); n == "0" {
			t.Errorf("%s: no demo users offered", url)
		}
		for _, v := range b.axe(t) {
			t.Errorf("%s: axe %s (%s): %s at %s", url, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
		}
		for _, e := range b.takeErrors() {
			t.Errorf("%s: browser error: %s", url, e)
		}
	}
}
