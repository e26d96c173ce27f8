package web

import (
	"context"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// groenInBolwijk gives Bolwijk a green initiative with an idea that six
// neighbours support, so that "groen" rises there this quarter.
func groenInBolwijk(t *testing.T, o *oidcSite) {
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
	var groen string
	for _, th := range themes {
		if th.Slug == "groen" {
			groen = th.ID.String()
		}
	}
	ini, err := o.initiatives.Create(ctx, namedResident(t, o, "Henk Visser"), initiative.Input{
		Title: "Geveltuinen in Bolwijk", Summary: "Groene gevels in de Merelstraat", Description: "Doe je mee?",
		NeighbourhoodID: nb.ID.String(), ThemeIDs: []string{groen}})
	if err != nil {
		t.Fatal(err)
	}
	it, err := o.ideas.Propose(ctx, namedResident(t, o, "Mirjam Bos"), ini.ID, idea.Input{
		Title: "Stokrozen langs de stoep", Description: "Ze bloeien de hele zomer.", ThemeID: groen})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Kees de Wit", "Ayşe Yılmaz", "Jan Jansen", "Fatima el Idrissi", "Piet Smit", "Lotte de Vries"} {
		if _, err := o.ideas.Support(ctx, namedResident(t, o, name), it.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// Journey 5: a staff member opens the dashboard, compares two
// neighbourhoods over the last quarter, sees that "groen" is rising in one
// of them, and exports the figures. Every page passes axe, the form's
// error page included.
func TestBrowserStaffComparesNeighbourhoods(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	groenInBolwijk(t, o)
	tr := newTour(t, newBrowserAt(t, o.URL))
	staffer := o.newUser(t, staff)
	if staffer.Role != account.Staff {
		t.Fatal("not staff")
	}
	tr.become(o, staffer)
	tr.checkBoth("dashboard", "/gemeente")
	tr.click("#vergelijk-buurten")
	tr.click("#periode-kwartaal")
	tr.fill("#buurt_a", tr.optionValue("#buurt_a", "Bolwijk"))
	tr.fill("#buurt_b", tr.optionValue("#buurt_b", "Havenkwartier"))
	tr.follow(`.bb-dashboard__filter button[type="submit"]`)
	if got := tr.text("#vergelijking ~ .utrecht-table__container thead"); !strings.Contains(got, "Bolwijk") || !strings.Contains(got, "Havenkwartier") {
		t.Errorf("comparison heads = %q", got)
	}
	tr.check("comparison")
	tr.open("/gemeente?periode=kwartaal&buurt=" + tr.optionValue("#buurt_a", "Bolwijk"))
	if got := tr.text("#themas ~ .utrecht-table__container tbody tr"); !strings.HasPrefix(strings.TrimSpace(got), "Groen") {
		t.Errorf("rising themes in Bolwijk start with %q, want Groen", got)
	}
	if href := tr.attr(".bb-dashboard__export a", "href"); !strings.HasPrefix(href, "/gemeente/export.csv?") ||
		!strings.Contains(href, "periode=kwartaal") {
		t.Errorf("export link = %q", href)
	}
	tr.open("/gemeente?periode=anders&van=2026-06-10&tot=2026-06-01")
	tr.checkInvalid("invalid period")
	t.Logf("axe: checked %s", strings.Join(tr.checked, ", "))
}

// optionValue is the value of the option labelled label in select sel.
func (tr *tour) optionValue(sel, label string) string {
	tr.t.Helper()
	return tr.eval(`Array.from(document.querySelectorAll(` + jsString(sel+" option") + `)).find(o => o.textContent === ` +
		jsString(label) + `).value`)
}
