package notify_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/notify"
)

func TestDigestTimeIsTheNextAmsterdamMorning(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ at, want string }{
		{"2026-11-25T14:00:00Z", "2026-11-26T07:00:00Z"}, // CET: 08:00 is 07:00 UTC
		{"2026-11-26T06:59:59Z", "2026-11-26T07:00:00Z"}, // before eight: the same morning
		{"2026-11-26T07:00:00Z", "2026-11-27T07:00:00Z"}, // at eight: tomorrow
		{"2026-03-28T12:00:00Z", "2026-03-29T06:00:00Z"}, // the clocks go forward that night: CEST
		{"2026-10-24T12:00:00Z", "2026-10-25T07:00:00Z"}, // the clocks go back that night: CET
		{"2026-06-30T22:30:00Z", "2026-07-01T06:00:00Z"}, // already 1 July in Amsterdam, 00:30
	} {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := notify.DigestTime(at).Format(time.RFC3339); got != c.want {
			t.Errorf("DigestTime(%s) = %s, want %s", c.at, got, c.want)
		}
	}
	u := uuid.MustParse("01930000-0000-7000-8000-000000000000")
	if k := notify.DigestKey(u, time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)); k != "digest:"+u.String()+":2026-11-26" {
		t.Errorf("DigestKey = %s", k)
	}
}

func update(userID uuid.UUID, key, title string, at time.Time) notify.Notification {
	return notify.Notification{UserID: userID, Kind: notify.InitiativeUpdate, Key: key, Link: "/initiatief/" + key,
		Params: map[string]string{"title": title, "excerpt": "Nieuws over " + title}, SendAt: at}
}

// Updates show in the app one by one, but e-mail goes out once a day: one
// message the next morning at eight listing them all.
func TestDigestSendsOneMailPerDay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna, bert := f.user("Anna", "anna@example.nl"), f.user("Bert", "bert@example.nl")
		f.queue(update(anna.ID, "moestuin", "Moestuin", t0))
		f.clock.Advance(3 * time.Hour)
		f.queue(update(anna.ID, "straatfeest", "Straatfeest", f.clock.Now()))
		f.queue(update(bert.ID, "straatfeest", "Straatfeest", f.clock.Now()))
		if f.backlog() != 2 {
			t.Fatalf("backlog %d, want one digest per user", f.backlog())
		}
		if f.unread(anna) != 2 {
			t.Fatal("updates are not shown in the app at once")
		}
		f.clock.Set(time.Date(2026, 11, 26, 6, 59, 59, 0, time.UTC)) // 07:59:59 in Amsterdam
		f.drain()
		if len(f.smtp.Messages()) != 0 {
			t.Fatal("digest sent before eight")
		}
		f.clock.Advance(time.Second)
		f.drain()
		got := f.mails("anna@example.nl")
		if len(got) != 1 || got[0].Subject != "2 nieuwe berichten van initiatieven die je volgt" {
			t.Fatalf("anna's digests %+v", got)
		}
		contains(t, "digest text", got[0].Text, "Nieuws van Moestuin", "Nieuws over Straatfeest",
			"https://buurtboost.voorbeeld.nl/initiatief/moestuin", "/meldingen/afmelden/"+f.svc.Token(anna.ID, notify.InitiativeUpdate))
		if b := f.mails("bert@example.nl"); len(b) != 1 || b[0].Subject != "1 nieuw bericht van initiatieven die je volgt" {
			t.Fatalf("bert's digests %+v", b)
		}
		// A later update starts the next day's digest; the sent ones are
		// not repeated.
		f.queue(update(anna.ID, "speeltuin", "Speeltuin", f.clock.Now()))
		f.clock.Advance(24 * time.Hour)
		f.drain()
		got = f.mails("anna@example.nl")
		if len(got) != 2 || got[1].Subject != "1 nieuw bericht van initiatieven die je volgt" {
			t.Fatalf("second day: %d digests", len(got))
		}
		if f.backlog() != 0 {
			t.Fatal("backlog not empty")
		}
	})
}

func TestDigestRespectsUnsubscribe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *bun.DB) {
		f := setup(t, db)
		anna := f.user("Anna", "anna@example.nl")
		if _, err := f.svc.Unsubscribe(f.ctx, f.svc.Token(anna.ID, notify.InitiativeUpdate)); err != nil {
			t.Fatal(err)
		}
		f.queue(update(anna.ID, "moestuin", "Moestuin", t0))
		f.clock.Advance(24 * time.Hour)
		f.drain()
		if len(f.smtp.Messages()) != 0 || f.unread(anna) != 1 || f.backlog() != 0 {
			t.Fatal("an unsubscribed digest was sent, or the update hidden")
		}
	})
}
