package web

import (
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
	hide := `form[action="` + base + `/reactie/` + fx.comment + `/verbergen"] button`
	tr.follow(hide)
	tr.checkInvalid("initiative reports, hide without a reason")
	tr.fill("#reden-"+fx.comment, "Reclame")
	tr.follow(hide)
	tr.check("initiative reports, handled")
}
