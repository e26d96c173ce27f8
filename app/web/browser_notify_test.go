package web

import (
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/notify"
)

// The bell's pages in a real browser: axe-clean in both languages, the
// bell's count, marking everything read, and unsubscribing from an e-mail
// link after confirming.
func TestBrowserNotifications(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	o := newDemoSite(t, nil)
	u := o.newUser(t, resident)
	o.tell(t, u, "a", "Straatdiner")
	o.tell(t, u, "b", "Snoeidag")
	tr := newTour(t, newBrowserAt(t, o.URL))
	tr.become(o, u)

	tr.checkBoth("notifications", "/meldingen")
	if bell := tr.text(`header a[href="/meldingen"]`); !strings.Contains(bell, "2 ongelezen") {
		t.Errorf("bell reads %q, want 2 unread", bell)
	}
	tr.follow(`form[action="/meldingen/gelezen"] button`)
	tr.at("/meldingen")
	if bell := tr.text(`header a[href="/meldingen"]`); strings.Contains(bell, "ongelezen") {
		t.Errorf("bell reads %q after marking all read", bell)
	}
	tr.check("notifications, all read")

	tr.checkBoth("notification settings", "/meldingen/instellingen")
	tr.click("#email-reminder")
	tr.follow(`form[action="/meldingen/instellingen"] button[type="submit"]`)
	tr.check("notification settings, saved")
	if st, _ := o.notify.Settings(t.Context(), u.ID); st.Email[notify.Reminder] {
		t.Error("unticking reminders did not save")
	}

	path := notify.UnsubscribePath + o.notify.Token(u.ID, notify.Promoted)
	tr.checkBoth("unsubscribe, confirm", path)
	tr.follow(`form[action="` + path + `"] button`)
	tr.check("unsubscribe, done")
	if st, _ := o.notify.Settings(t.Context(), u.ID); st.Email[notify.Promoted] {
		t.Error("confirming did not unsubscribe")
	}
}
