package web

import (
	"testing"
)

// Journey 6's last step in a real browser: the profile offers the data
// rights, the deletion page refuses an unticked box with its error, and a
// ticked box deletes the account and says goodbye. Every page axe-clean.
func TestBrowserDeleteAccount(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	o := newDemoSite(t, nil)
	u := o.newUser(t, resident)
	tr := newTour(t, newBrowserAt(t, o.URL))
	tr.become(o, u)

	tr.checkBoth("profile with data rights", "/profiel")
	tr.follow(`a[href="/profiel/verwijderen"]`)
	tr.at("/profiel/verwijderen")
	tr.check("delete account")
	tr.follow(`form[action="/profiel/verwijderen"] button[type="submit"]`)
	tr.checkInvalid("delete account, not confirmed")
	if !tr.is(`document.querySelector("#bevestig-fout") !== null`) {
		t.Error("the unticked box shows no error")
	}
	tr.click("#bevestig")
	tr.follow(`form[action="/profiel/verwijderen"] button[type="submit"]`)
	tr.at("/account-verwijderd")
	tr.check("account deleted")
	if _, err := o.accounts.User(t.Context(), u.ID); err == nil {
		t.Error("the account still exists after the journey")
	}
}

// The administrators' console in a real browser: axe-clean in both
// languages, and a block refused for want of a reason shows its error.
func TestBrowserAdminConsole(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	o := newDemoSite(t, nil)
	fx := newFixture(t, o)
	root := o.newUser(t, admin)
	anna := o.newUser(t, resident)
	tr := newTour(t, newBrowserAt(t, o.URL))
	tr.become(o, root)

	tr.checkBoth("console", "/beheer")
	tr.checkBoth("users", "/beheer/gebruikers")
	tr.open("/beheer/gebruikers?q=" + string(resident))
	tr.follow(`form[action="/beheer/gebruikers/` + anna.ID.String() + `/blokkeren"] button`)
	tr.checkInvalid("users, block without a reason")
	tr.fill("#block-reason-"+anna.ID.String(), "Spam")
	tr.follow(`form[action="/beheer/gebruikers/` + anna.ID.String() + `/blokkeren"] button`)
	tr.check("users, blocked")
	tr.checkBoth("audit log", "/beheer/logboek")
	tr.checkBoth("neighbourhoods", "/beheer/buurten")
	tr.checkBoth("settings", "/beheer/instellingen")
	tr.checkBoth("themes", "/beheer/themas")
	if err := o.ideas.Report(t.Context(), anna, "initiative", fx.initiativeID, "spam", ""); err != nil {
		t.Fatal(err)
	}
	tr.checkBoth("reports", "/beheer/meldingen")
	if u, _ := o.accounts.User(t.Context(), anna.ID); !u.Blocked() {
		t.Error("the block did not save")
	}
}
