package web

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

// An initiative's report page in a real browser: axe-clean in both
// languages, with a refused and an accepted hiding.
func TestBrowserInitiativeReports(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	if err := o.ideas.Report(t.Context(), o.newUser(t, resident), "comment", uuid.MustParse(fx.comment), "spam", "Reclame"); err != nil {
		t.Fatal(err)
	}
	tr := newTour(t, newBrowserAt(t, o.URL))
	tr.become(o, fx.organiser)
	base := "/initiatief/" + fx.slug + "/meldingen"
	tr.checkBoth("initiative reports", base)
	hide := `form[action="` + base + `/comment/` + fx.comment + `/verbergen"] button`
	tr.follow(hide)
	tr.checkInvalid("initiative reports, hide without a reason")
	tr.fill("#reden-"+fx.comment, "Reclame")
	tr.follow(hide)
	tr.check("initiative reports, handled")
}

// Journey 6's reporting and hiding in a real browser: a resident reports
// an idea with its form; the organiser hides it with a reason; a visitor
// then reads only the moderators' reason, while its author still sees the
// idea and appeals; an administrator restores it. Every page axe-clean.
func TestBrowserReportHideAppeal(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	tr := newTour(t, newBrowserAt(t, o.URL))
	page := "/idee/" + fx.idea

	tr.become(o, o.newUser(t, resident))
	tr.open(page + "?lang=nl") // the language cookie keeps the journey in Dutch
	tr.click(`details.bb-report:has(#meld-tekst-` + fx.idea + `) > summary`)
	tr.fill("#meld-tekst-"+fx.idea, "Dit is reclame voor een webwinkel")
	tr.follow(`form[action="/melden"]:has(#meld-tekst-` + fx.idea + `) button[type="submit"]`)
	tr.at(page)
	tr.check("idea, reported")

	tr.become(o, fx.organiser)
	reports := "/initiatief/" + fx.slug + "/meldingen"
	tr.open(reports)
	tr.fill("#reden-"+fx.idea, "Reclame")
	tr.follow(`form[action="` + reports + `/idea/` + fx.idea + `/verbergen"] button`)
	tr.check("initiative reports, idea hidden")

	tr.logout()
	tr.open(page)
	if got := tr.text("main"); !strings.Contains(got, "Verborgen door de moderatoren: Reclame") || strings.Contains(got, "Lampjes in de bomen") {
		t.Errorf("a visitor reads %q; want only the moderators' reason", got)
	}
	tr.check("hidden idea, as a visitor")

	tr.become(o, fx.author)
	tr.open(page)
	if got := tr.text("main"); !strings.Contains(got, "Lampjes in de bomen") || !strings.Contains(got, "Verborgen door de moderatoren: Reclame") {
		t.Errorf("the author reads %q; want the idea with the reason", got)
	}
	tr.click(`details.bb-appeal > summary`)
	tr.check("hidden idea, as its author")
	tr.fill("#bezwaar-"+fx.idea, "Het zijn lampjes voor de buurt, geen reclame.")
	tr.follow(`form[action="/bezwaar"] button[type="submit"]`)
	tr.at(page)
	if got := tr.text(".bb-notice--warning"); !strings.Contains(got, "bezwaar is ingediend") {
		t.Errorf("after appealing the author reads %q", got)
	}

	tr.become(o, o.newUser(t, admin))
	tr.checkBoth("appeals", "/beheer/bezwaren")
	tr.fill(`input[name="reason"]`, "Geen reclame")
	tr.follow(`button[formaction$="/herstellen"]`)
	tr.at("/beheer/bezwaren")
	tr.check("appeals, decided")

	tr.logout()
	tr.open(page)
	if got := tr.text("h1"); got != "Lampjes in de bomen" {
		t.Errorf("after the appeal a visitor reads the title %q", got)
	}
}
