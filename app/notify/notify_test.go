package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/outbox"
)

func TestQueueIsIdempotentPerUserAndKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna, bert := f.user("Anna", "anna@example.nl"), f.user("Bert", "bert@example.nl")
		f.queue(promoted(anna, "promoted:task:1"))
		f.queue(promoted(anna, "promoted:task:1"))
		f.queue(promoted(bert, "promoted:task:1")) // the same key for someone else is another notification
		if n := f.unread(anna); n != 1 {
			t.Fatalf("anna has %d unread, want 1", n)
		}
		if n := f.backlog(); n != 2 {
			t.Fatalf("outbox backlog %d, want 2", n)
		}
		items := f.list(anna)
		if len(items) != 1 || items[0].Kind != notify.Promoted || items[0].Params["title"] != "Flyers rondbrengen" ||
			items[0].Link != "/taak/123" || items[0].Read {
			t.Fatalf("list %+v", items)
		}
	})
}

func TestQueueRefusesIncompleteNotifications(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "anna@example.nl")
		for _, n := range []notify.Notification{
			{Kind: notify.Promoted, Key: "k"},
			{UserID: anna.ID, Kind: "gossip", Key: "k"},
			{UserID: anna.ID, Kind: notify.Promoted},
		} {
			err := f.db.RunInTx(f.ctx, nil, func(ctx context.Context, tx bun.Tx) error { return notify.Queue(ctx, tx, n) })
			if err == nil {
				t.Errorf("queued %+v", n)
			}
		}
		if n := f.unread(anna); n != 0 {
			t.Fatalf("%d stored", n)
		}
	})
}

// Queue writes in the caller's transaction: a rollback leaves neither the
// notification nor its e-mail.
func TestQueueRollsBackWithTheCaller(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "anna@example.nl")
		err := f.db.RunInTx(f.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if err := notify.Queue(ctx, tx, promoted(anna, "k")); err != nil {
				return err
			}
			return apperr.E(apperr.Conflict, "error.conflict")
		})
		if err == nil {
			t.Fatal("no error")
		}
		if f.unread(anna) != 0 || f.backlog() != 0 {
			t.Fatal("a rolled-back notification was kept")
		}
	})
}

func TestEmailHasBothPartsHeadersAndUnsubscribeLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna de Vries", "anna@example.nl")
		f.queue(promoted(anna, "promoted:task:1"))
		f.drain()
		got := f.mails("anna@example.nl")
		if len(got) != 1 {
			t.Fatalf("%d e-mails, want 1", len(got))
		}
		m := got[0]
		if m.Subject != "Je hebt een plek: Flyers rondbrengen" {
			t.Errorf("subject %q", m.Subject)
		}
		unsub := "https://buurtboost.voorbeeld.nl/meldingen/afmelden/" + f.svc.Token(anna.ID, notify.Promoted)
		if h := m.Header.Get("List-Unsubscribe"); h != "<"+unsub+">" {
			t.Errorf("List-Unsubscribe %q, want <%s>", h, unsub)
		}
		if h := m.Header.Get("List-Unsubscribe-Post"); h != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post %q", h)
		}
		if !strings.HasPrefix(m.Header.Get("Message-Id"), "<n.") {
			t.Errorf("Message-Id %q is not the notification's", m.Header.Get("Message-Id"))
		}
		contains(t, "text part", m.Text, "Hallo Anna de Vries,", "Er kwam een plek vrij", "(2026-11-28 10:00)",
			"https://buurtboost.voorbeeld.nl/taak/123", unsub)
		contains(t, "HTML part", m.HTML, `<html lang="nl">`, `href="https://buurtboost.voorbeeld.nl/taak/123"`,
			`href="`+unsub+`"`, "Geen e-mails meer hierover")
		if _, k, err := f.svc.CheckToken(f.svc.Token(anna.ID, notify.Promoted)); err != nil || k != notify.Promoted {
			t.Errorf("token does not check: %v %v", k, err)
		}
	})
}

// The mail server drops the connection on the second of three e-mails in
// one batch: the batch is retried, and every user gets exactly one e-mail.
func TestFailedBatchIsRetriedWithoutDuplicates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		f.mailer.failOn = map[int]bool{2: true}
		addrs := []string{"a@example.nl", "b@example.nl", "c@example.nl"}
		for _, a := range addrs {
			f.queue(promoted(f.user(a, a), "promoted:task:1"))
		}
		f.drain()
		if n := len(f.smtp.Messages()); n != 1 {
			t.Fatalf("%d e-mails after the failed attempt, want 1", n)
		}
		f.drain()
		if n := len(f.smtp.Messages()); n != 1 {
			t.Fatal("retried before the backoff")
		}
		f.clock.Advance(outbox.FirstRetry)
		f.drain()
		for _, a := range addrs {
			if n := len(f.mails(a)); n != 1 {
				t.Errorf("%s got %d e-mails, want 1", a, n)
			}
		}
		if f.backlog() != 0 {
			t.Fatal("backlog not empty")
		}
	})
}

// A message delivered again (a worker died after sending, before the
// outbox row was removed) sends nothing the second time.
func TestRedeliveryNeverSendsTwice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "anna@example.nl")
		f.queue(promoted(anna, "k"))
		f.drain()
		items := f.list(anna)
		if err := outbox.Add(f.ctx, f.db, outbox.Message{Topic: notify.Topic, Key: "n:" + items[0].ID.String(),
			Payload: map[string]string{"id": items[0].ID.String()}}); err != nil {
			t.Fatal(err)
		}
		f.drain()
		if n := len(f.mails("anna@example.nl")); n != 1 {
			t.Fatalf("%d e-mails, want 1", n)
		}
	})
}

func TestSMTPOutageIsRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		f.user("Anna", "anna@example.nl")
		anna := f.user("Bert", "bert@example.nl")
		f.smtp.FailNext(2)
		f.queue(promoted(anna, "k"))
		for range 3 {
			f.drain()
			f.clock.Advance(time.Hour)
		}
		if n := len(f.mails("bert@example.nl")); n != 1 {
			t.Fatalf("%d e-mails after the outage, want 1", n)
		}
	})
}

func TestReminderShowsAndSendsAtItsTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "anna@example.nl")
		n := promoted(anna, "reminder:task:1")
		n.Kind, n.SendAt = notify.Reminder, t0.Add(24*time.Hour)
		f.queue(n)
		f.drain()
		if f.unread(anna) != 0 || len(f.mails("anna@example.nl")) != 0 {
			t.Fatal("the reminder came early")
		}
		f.clock.Set(t0.Add(24 * time.Hour))
		f.drain()
		if f.unread(anna) != 1 {
			t.Fatal("the reminder is not shown at its time")
		}
		if got := f.mails("anna@example.nl"); len(got) != 1 || got[0].Subject != "Herinnering: Flyers rondbrengen" {
			t.Fatalf("e-mails %+v", got)
		}
	})
}

func TestCancelledNotificationIsNeitherShownNorSent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "anna@example.nl")
		n := promoted(anna, "reminder:task:1")
		n.Kind, n.SendAt = notify.Reminder, t0.Add(time.Hour)
		f.queue(n)
		f.cancel(anna.ID, "reminder:task:1")
		f.cancel(anna.ID, "reminder:task:unknown") // nothing to cancel: no error
		if f.backlog() != 0 {
			t.Fatal("the cancelled reminder stays in the outbox")
		}
		f.clock.Advance(2 * time.Hour)
		f.drain()
		if f.unread(anna) != 0 || len(f.list(anna)) != 0 || len(f.mails("anna@example.nl")) != 0 {
			t.Fatal("a cancelled reminder was shown or sent")
		}
		// Signing up again queues the same key afresh, with its new content.
		n.SendAt = f.clock.Now().Add(time.Hour)
		n.Params = map[string]string{"title": "Flyers bezorgen", "when": "2026-11-29 10:00"}
		f.queue(n)
		f.clock.Advance(time.Hour)
		f.drain()
		if got := f.mails("anna@example.nl"); f.unread(anna) != 1 || len(got) != 1 || got[0].Subject != "Herinnering: Flyers bezorgen" {
			t.Fatal("the re-queued reminder was not shown and sent once, as it is now")
		}
		// Once sent, cancelling does not take it back.
		f.cancel(anna.ID, "reminder:task:1")
		if f.unread(anna) != 1 {
			t.Fatal("a sent reminder disappeared")
		}
	})
}

// A user without a verified address sees the notification in the app and
// gets no e-mail.
func TestNoAddressNoEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "")
		f.queue(promoted(anna, "k"))
		f.drain()
		if f.unread(anna) != 1 || len(f.smtp.Messages()) != 0 || f.backlog() != 0 {
			t.Fatal("expected the notification in the app only")
		}
	})
}

func TestMarkRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna, bert := f.user("Anna", ""), f.user("Bert", "")
		for _, k := range []string{"a", "b", "c"} {
			f.queue(promoted(anna, k))
		}
		items := f.list(anna)
		if err := f.svc.MarkRead(f.ctx, bert.ID, items[0].ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("bert marked anna's notification: %v", err)
		}
		if err := f.svc.MarkRead(f.ctx, anna.ID, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.MarkRead(f.ctx, anna.ID, items[0].ID); err != nil {
			t.Fatalf("marking twice: %v", err)
		}
		if n := f.unread(anna); n != 2 {
			t.Fatalf("unread %d, want 2", n)
		}
		if items := f.list(anna); !items[0].Read || items[1].Read {
			t.Fatalf("read flags %+v", items)
		}
		if err := f.svc.MarkAllRead(f.ctx, anna.ID); err != nil {
			t.Fatal(err)
		}
		if n := f.unread(anna); n != 0 {
			t.Fatalf("unread %d after marking all", n)
		}
	})
}

func TestUnsubscribeStopsOneKind(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna, bert := f.user("Anna", "anna@example.nl"), f.user("Bert", "bert@example.nl")
		tok := f.svc.Token(anna.ID, notify.Promoted)
		for _, bad := range []string{tok + "x", strings.Replace(tok, string(notify.Promoted), string(notify.Reminder), 1),
			strings.Replace(tok, anna.ID.String(), bert.ID.String(), 1), "", "a.b", "..."} {
			if _, err := f.svc.Unsubscribe(f.ctx, bad); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("token %q: %v, want not found", bad, err)
			}
		}
		for range 2 { // twice is fine
			if k, err := f.svc.Unsubscribe(f.ctx, tok); err != nil || k != notify.Promoted {
				t.Fatalf("unsubscribe: %v %v", k, err)
			}
		}
		st, err := f.svc.Settings(f.ctx, anna.ID)
		if err != nil || st.Email[notify.Promoted] || !st.Email[notify.Reminder] {
			t.Fatalf("settings %+v %v", st, err)
		}
		f.queue(promoted(anna, "p"))
		f.queue(promoted(bert, "p"))
		r := promoted(anna, "r")
		r.Kind = notify.Reminder
		f.queue(r)
		f.drain()
		got := f.mails("anna@example.nl")
		if len(got) != 1 || !strings.HasPrefix(got[0].Subject, "Herinnering") {
			t.Fatalf("anna got %d e-mails, want the reminder only", len(got))
		}
		if len(f.mails("bert@example.nl")) != 1 || f.unread(anna) != 2 {
			t.Fatal("unsubscribing touched someone else or hid the notification in the app")
		}
	})
}

func TestSettingsChooseKindsAndLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "anna@example.nl")
		if err := f.svc.SaveSettings(f.ctx, anna.ID, notify.Settings{Lang: "fr"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("language fr: %v", err)
		}
		on := map[notify.Kind]bool{notify.Promoted: true}
		if err := f.svc.SaveSettings(f.ctx, anna.ID, notify.Settings{Lang: "en", Email: on}); err != nil {
			t.Fatal(err)
		}
		st, err := f.svc.Settings(f.ctx, anna.ID)
		if err != nil || st.Lang != "en" || !st.Email[notify.Promoted] || st.Email[notify.Reminder] || st.Email[notify.InitiativeUpdate] {
			t.Fatalf("settings %+v %v", st, err)
		}
		f.queue(promoted(anna, "p"))
		f.drain()
		got := f.mails("anna@example.nl")
		if len(got) != 1 || got[0].Subject != "You have a place: Flyers rondbrengen" {
			t.Fatalf("e-mails %+v", got)
		}
		contains(t, "English text", got[0].Text, "Hello Anna,")
		contains(t, "English HTML", got[0].HTML, `<html lang="en">`)
	})
}

// A worker dies in the middle of a batch, after the first of three
// e-mails went out: once its lease has run out another worker finishes the
// batch. Nothing is lost and nothing is sent twice, even when the dead
// worker's last act turns up afterwards.
func TestWorkerCrashMidBatchLosesAndRepeatsNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		f.mailer.hangOn, f.mailer.hung, f.mailer.release = 2, make(chan struct{}), make(chan struct{})
		addrs := []string{"a@example.nl", "b@example.nl", "c@example.nl"}
		for _, a := range addrs {
			f.queue(promoted(f.user(a, a), "promoted:task:1"))
		}
		crashed := make(chan error, 1)
		go func() {
			_, err := f.outbox.Drain(f.ctx)
			crashed <- err
		}()
		<-f.mailer.hung
		if n := len(f.smtp.Messages()); n != 1 {
			t.Fatalf("%d e-mails before the crash, want 1", n)
		}
		// Another worker, before the lease runs out, leaves the batch alone.
		f.drain()
		if n := len(f.smtp.Messages()); n != 1 {
			t.Fatalf("a second worker took a leased batch: %d e-mails", n)
		}
		f.clock.Advance(outbox.Lease)
		f.drain()
		close(f.mailer.release) // the dead worker's last gasp
		if err := <-crashed; err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(outbox.MaxRetry)
		f.drain()
		for _, a := range addrs {
			if n := len(f.mails(a)); n != 1 {
				t.Errorf("%s got %d e-mails, want 1", a, n)
			}
		}
		if f.backlog() != 0 {
			t.Fatal("backlog not empty")
		}
	})
}
