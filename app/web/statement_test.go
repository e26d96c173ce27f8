package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The privacy statement is made from the settings: the municipality's
// name, its privacy contact as a link, and the retention period; a change
// in the console shows at once, also to visitors served from the cache.
func TestPrivacyStatementFromSettings(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, map[string]string{"ACCOUNT_RETENTION_DAYS": "400"})
	_, c := o.asRole(t, admin)
	c = noRedirects(c)
	anon := browserClient(t)
	doc := document(t, get(t, anon, o.URL+"/privacy"))
	if main := text(doc, "main"); !strings.Contains(main, "400 dagen niet ingelogd") || !strings.Contains(main, "30 dagen van tevoren") ||
		!strings.Contains(main, "Neem contact op met Gemeente Voorbeeld.") || doc.Find(`main a[href^="mailto:"]`).Length() != 0 {
		t.Errorf("privacy statement before a contact is set:\n%s", main)
	}
	for _, h := range []string{"Welke gegevens we bewaren", "Waarom", "Hoe lang we je gegevens bewaren", "Je rechten", "Vragen over je gegevens"} {
		if !strings.Contains(doc.Find("main h2").Text(), h) {
			t.Errorf("no section %q", h)
		}
	}
	form := url.Values{"name": {"Gemeente Proefstad"}, "privacy_contact": {"privacy@proefstad.nl"}}
	if res := o.postForm(t, c, "/beheer/instellingen", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the contact: %d", res.StatusCode)
	}
	doc = document(t, get(t, anon, o.URL+"/privacy"))
	link := doc.Find(`main a[href="mailto:privacy@proefstad.nl"]`)
	if link.Length() != 1 || link.Text() != "privacy@proefstad.nl" || !strings.Contains(text(doc, "main"), "Gemeente Proefstad") {
		t.Errorf("privacy statement with an e-mail contact:\n%s", text(doc, "main"))
	}
	form.Set("privacy_contact", "https://www.proefstad.nl/privacy")
	if res := o.postForm(t, c, "/beheer/instellingen", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the contact: %d", res.StatusCode)
	}
	doc = document(t, get(t, anon, o.URL+"/privacy?lang=en"))
	if doc.Find(`main a[href="https://www.proefstad.nl/privacy"]`).Length() != 1 || !strings.Contains(text(doc, "main"), "not logged in for 400 days") {
		t.Errorf("English privacy statement with a web contact:\n%s", text(doc, "main"))
	}

	kept := newDemoSite(t, nil) // no ACCOUNT_RETENTION_DAYS
	if main := text(document(t, get(t, browserClient(t), kept.URL+"/privacy")), "main"); !strings.Contains(main, "tot je het zelf verwijdert") || strings.Contains(main, "dagen niet ingelogd") {
		t.Errorf("privacy statement without a retention period:\n%s", main)
	}
}
