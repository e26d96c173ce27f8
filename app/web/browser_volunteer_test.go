package web

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/volunteer"
)

// Journey 4: an organiser plans an activity with three volunteer tasks of
// limited capacity; residents sign up inline (htmx), one waits, and when
// the first cancels the one waiting moves up and is told. Every page on
// the way passes axe.
func TestBrowserVolunteerJourney(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	tr := newTour(t, newBrowserAt(t, o.URL))
	tr.become(o, fx.organiser)

	tr.checkBoth("activity form", "/initiatief/"+fx.slug+"/activiteiten/nieuw")
	tr.fill("#title", "Straatdiner")
	tr.fill("#start", future(30, "17:00"))
	tr.fill("#end", future(30, "16:00"))
	tr.fill("#place", "Bolplein")
	tr.follow(`form.bb-form button[type="submit"]`)
	if got := tr.text("#end-fout"); got != "Het einde moet na het begin liggen." {
		t.Fatalf("end before start: %q", got)
	}
	tr.checkInvalid("activity form with errors")
	tr.fill("#end", future(30, "21:00"))
	tr.follow(`form.bb-form button[type="submit"]`)
	activityPath := tr.path()
	if !strings.HasPrefix(activityPath, "/activiteit/") {
		t.Fatalf("after planning: at %s", activityPath)
	}
	tr.check("activity page (organiser)")

	tr.follow(`a[href^="/initiatief/` + fx.slug + `/taken/nieuw"]`)
	tr.check("task form")
	tr.fill("#title", "Tafels klaarzetten")
	tr.fill("#start", future(30, "15:00"))
	tr.fill("#end", future(30, "17:00"))
	tr.fill("#capacity", "1")
	tr.follow(`form.bb-form button[type="submit"]`)
	taskPath := tr.path()
	taskID := uuid.MustParse(strings.TrimPrefix(taskPath, "/taak/"))
	tr.check("task page (organiser)")
	// The other two of the journey's three tasks, planned from the activity.
	for _, more := range []struct{ title, start, end, capacity string }{
		{"Koken voor de buren", "13:00", "17:00", "3"}, {"Afwassen en opruimen", "21:00", "22:30", "2"},
	} {
		tr.open(activityPath)
		tr.follow(`a[href^="/initiatief/` + fx.slug + `/taken/nieuw?activiteit="]`)
		tr.fill("#title", more.title)
		tr.fill("#start", future(30, more.start))
		tr.fill("#end", future(30, more.end))
		tr.fill("#capacity", more.capacity)
		tr.follow(`form.bb-form button[type="submit"]`)
		if !strings.HasPrefix(tr.path(), "/taak/") {
			t.Fatalf("planning %q ended on %s", more.title, tr.path())
		}
	}
	tr.open(activityPath)
	if n := tr.eval(`String(document.querySelectorAll('main a[href^="/taak/"]').length)`); n != "3" {
		t.Errorf("the activity page lists %s tasks, want 3", n)
	}
	tr.open(taskPath + "/deelnemers")
	tr.check("roster")

	ann, bob := o.newUser(t, resident), o.newUser(t, resident)
	signUp := func(who string, want string) {
		tr.open(taskPath)
		tr.mark()
		tr.click(`.bb-signup button[type="submit"]`)
		tr.waitUntil(who+"'s sign-up", `(document.querySelector('.bb-signup [role="status"]') || {}).textContent?.includes(`+jsString(want)+`)`)
		if !tr.marked() {
			t.Errorf("%s's sign-up reloaded the page instead of swapping the block", who)
		}
		// htmx moves the focus to the new block's autofocus button after it
		// settles, a moment after the swap.
		tr.waitUntil("the focus in the sign-up block after "+who+"'s sign-up",
			`document.activeElement && document.activeElement.closest(".bb-signup")`)
		tr.check("task page after " + who + " signed up")
	}
	tr.become(o, ann)
	signUp("Ann", "Je bent aangemeld.")
	tr.become(o, bob)
	signUp("Bob", "Je staat op de wachtlijst.")
	tr.open("/buurt/bolwijk/meedoen")
	tr.check("meedoen")

	tr.become(o, ann)
	tr.open(taskPath)
	tr.click(`form[action$="/afmelden"] button`)
	tr.waitUntil("Ann's cancellation", `document.querySelector('form[action$="/aanmelden"]')`)
	su, ok, err := o.volunteers.SignupOf(context.Background(), taskID, bob.ID)
	if err != nil || !ok || su.State != volunteer.Confirmed {
		t.Errorf("Bob after Ann cancelled: %+v %v %v", su, ok, err)
	}
	var told int
	if err := o.DB.NewSelect().Table("notifications").ColumnExpr("COUNT(*)").
		Where("user_id = ? AND kind = 'promoted'", bob.ID).Scan(context.Background(), &told); err != nil || told != 1 {
		t.Errorf("Bob was told %d times (%v)", told, err)
	}
	tr.become(o, bob)
	tr.checkBoth("my agenda", "/agenda")
	if !tr.is(`document.querySelector('.bb-rows a[href="` + taskPath + `"]')`) {
		t.Error("Bob's agenda does not list the task")
	}
	tr.open(activityPath)
	if tr.attr(`a[href$="/agenda.ics"]`, "href") != activityPath+"/agenda.ics" {
		t.Error("the activity page has no calendar download")
	}
	tr.check("activity page (resident)")
}
