package notify_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/notify"
)

// The warning before an inactive account is deleted is a notice: it is
// e-mailed even to someone who switched every kind of e-mail off, in
// their language, with no way to unsubscribe from it; without an address
// nothing is sent.
func TestNoticeIsSentWhateverTheSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna, bert := f.user("Anna", "anna@example.nl"), f.user("Bert", "")
		if err := f.svc.SaveSettings(f.ctx, anna.ID, notify.Settings{Lang: "en", Email: map[notify.Kind]bool{}}); err != nil {
			t.Fatal(err)
		}
		// Late in the evening in Amsterdam is already the next day there.
		deleteAt := time.Date(2026, 12, 24, 23, 30, 0, 0, time.UTC)
		for range 2 {
			f.queue(notify.AccountDeletionNotice(anna.ID, deleteAt))
		}
		f.queue(notify.AccountDeletionNotice(bert.ID, deleteAt))
		f.drain()
		got := f.mails("anna@example.nl")
		if len(got) != 1 {
			t.Fatalf("%d e-mails, want 1", len(got))
		}
		m := got[0]
		if m.Subject != "Your account will be deleted from 2026-12-25" {
			t.Errorf("subject %q", m.Subject)
		}
		if h := m.Header.Get("List-Unsubscribe"); h != "" {
			t.Errorf("List-Unsubscribe %q on a notice", h)
		}
		contains(t, "text part", m.Text, "Hello Anna,", "log in before that date", "https://buurtboost.voorbeeld.nl/inloggen",
			"We always send it, even if you switched off other e-mails.")
		contains(t, "HTML part", m.HTML, `href="https://buurtboost.voorbeeld.nl/inloggen"`)
		if strings.Contains(m.Text+m.HTML, notify.UnsubscribePath) {
			t.Error("a notice has an unsubscribe link")
		}
		if n := f.backlog(); n != 0 {
			t.Errorf("backlog %d after sending", n)
		}
		// It shows in the app like any notification.
		if items := f.list(anna); len(items) != 1 || items[0].Kind != notify.AccountDeletion || items[0].Params["when"] != "2026-12-25" {
			t.Errorf("anna's notifications: %+v", items)
		}
		// No unsubscribing, not even with a token made for it, and it is
		// not among the kinds one can switch off.
		tok := f.svc.Token(anna.ID, notify.AccountDeletion)
		if _, err := f.svc.Unsubscribe(f.ctx, tok); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unsubscribing from the notice: %v", err)
		}
		if slices.Contains(notify.Kinds(), notify.AccountDeletion) || !notify.AccountDeletion.Valid() {
			t.Error("the notice is a kind to switch off, or not valid")
		}
	})
}
