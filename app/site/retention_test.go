package site_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/mail"
	"github.com/buurtboost/buurtboost/app/mail/mailtest"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/site"
	"github.com/buurtboost/buurtboost/app/testclock"
	"github.com/buurtboost/buurtboost/app/worker"
)

const day = 24 * time.Hour

// t0 is when the clock starts: whole seconds, which both databases keep.
var t0 = testclock.T0

// retentionSite is the worker's side of a site with a retention period:
// its jobs, and its outbox e-mailing through a real SMTP server.
type retentionSite struct {
	t      *testing.T
	ctx    context.Context
	clock  *testclock.Clock
	svc    *site.Services
	jobs   []worker.Job
	outbox *outbox.Outbox
	smtp   *mailtest.Server
}

func newRetentionSite(t *testing.T, bdb *bun.DB, days string) *retentionSite {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"BASE_URL": "https://buurtboost.voorbeeld.nl", "ACCOUNT_RETENTION_DAYS": days,
			"SESSION_SECRET": "test-secret-test-secret-test-secret!"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	r := &retentionSite{t: t, ctx: context.Background(), clock: testclock.New(t0), smtp: mailtest.Start(t)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.svc = site.NewServices(cfg, bdb, r.clock.Now)
	r.jobs = site.Jobs(cfg, log, r.svc)
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := mail.NewSMTP(r.smtp.URL(), "Buurtboost <noreply@voorbeeld.nl>", r.smtp.TLSConfig())
	r.outbox = outbox.New(bdb, r.clock.Now, log)
	r.outbox.Register(notify.Topic, notify.NewSender(r.svc.Notify, m, catalog, cfg.BaseURL, "Buurtboost", log).Handler())
	return r
}

// login logs the person in (creating them the first time) at the clock's
// time.
func (r *retentionSite) login(subject, name, email string) account.User {
	r.t.Helper()
	u, err := r.svc.Accounts.Login(r.ctx, account.Profile{Provider: "test", Subject: subject, Name: name, Email: email})
	if err != nil {
		r.t.Fatal(err)
	}
	return u
}

// day runs the worker's jobs, as it does every day, and delivers the
// e-mail they queued.
func (r *retentionSite) day() {
	r.t.Helper()
	for _, j := range r.jobs {
		if err := j.Run(r.ctx); err != nil {
			r.t.Fatalf("job %s: %v", j.Name, err)
		}
	}
	if _, err := r.outbox.Drain(r.ctx); err != nil {
		r.t.Fatal(err)
	}
}

// mails returns the e-mails sent to address so far.
func (r *retentionSite) mails(address string) []mailtest.Parsed {
	r.t.Helper()
	var out []mailtest.Parsed
	for _, m := range r.smtp.Messages() {
		if len(m.To) == 1 && m.To[0] == address {
			p, err := mailtest.Parse(m.Raw)
			if err != nil {
				r.t.Fatal(err)
			}
			out = append(out, p)
		}
	}
	return out
}

func (r *retentionSite) exists(id uuid.UUID) bool {
	r.t.Helper()
	_, err := r.svc.Accounts.User(r.ctx, id)
	if err != nil && !errors.Is(err, account.ErrNotFound) {
		r.t.Fatal(err)
	}
	return err == nil
}

// With ACCOUNT_RETENTION_DAYS=400, the worker's daily job warns a user who
// has not logged in for 370 days once, by e-mail even if they switched
// e-mail off, with the date of deletion; deletes them 30 days later; and
// keeps someone who logged in after the warning.
func TestRetentionJobWarnsByEmailThenDeletes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		r := newRetentionSite(t, bdb, "400")
		if len(r.jobs) != 2 || r.jobs[1].Name != "retention" || r.jobs[1].Every != day {
			t.Fatalf("jobs = %+v, want the roll-up and the daily retention sweep", r.jobs)
		}
		anna := r.login("anna", "Anna de Vries", "anna@example.nl")
		bert := r.login("bert", "Bert", "bert@example.nl")
		cees := r.login("cees", "Cees", "") // no e-mail address: cannot be warned
		dirk := r.login("dirk", "Dirk", "dirk@example.nl")
		// Anna wants no e-mail at all; the warning comes all the same.
		if err := r.svc.Notify.SaveSettings(r.ctx, anna.ID, notify.Settings{Lang: "nl", Email: map[notify.Kind]bool{}}); err != nil {
			t.Fatal(err)
		}
		r.clock.Advance(300 * day)
		r.login("dirk", "Dirk", "dirk@example.nl") // active on day 300
		r.day()
		if n := len(r.smtp.Messages()); n != 0 {
			t.Fatalf("%d e-mails on day 300, want none", n)
		}

		r.clock.Advance(71 * day) // day 371: more than 370 days without a login
		r.day()
		deleteOn := r.clock.Now().Add(30 * day).In(notify.Zone).Format(time.DateOnly) // 2027-04-07
		for _, u := range []account.User{anna, bert} {
			got := r.mails(*u.Email)
			if len(got) != 1 {
				t.Fatalf("%s got %d e-mails, want the warning", u.DisplayName, len(got))
			}
			m := got[0]
			if m.Subject != "Je account wordt vanaf "+deleteOn+" verwijderd" || m.Header.Get("List-Unsubscribe") != "" {
				t.Errorf("warning to %s: subject %q, List-Unsubscribe %q", u.DisplayName, m.Subject, m.Header.Get("List-Unsubscribe"))
			}
			for _, want := range []string{"Hallo " + u.DisplayName, "vanaf " + deleteOn + " je account", "Log dan voor die datum in",
				"https://buurtboost.voorbeeld.nl/inloggen", "ook als je andere e-mails hebt uitgezet"} {
				if !strings.Contains(m.Text, want) {
					t.Errorf("warning to %s lacks %q:\n%s", u.DisplayName, want, m.Text)
				}
			}
		}
		if got := r.mails(*dirk.Email); len(got) != 0 {
			t.Errorf("an active user got %d e-mails", len(got))
		}
		r.clock.Advance(day)
		r.day() // warned once only
		if n := len(r.smtp.Messages()); n != 2 {
			t.Errorf("%d e-mails after the next day, want still 2", n)
		}

		r.clock.Advance(10 * day)
		r.login("bert", "Bert", "bert@example.nl") // Bert comes back
		r.clock.Advance(20 * day)                  // day 402: 31 days after the warning
		r.day()
		for u, want := range map[account.User]bool{anna: false, bert: true, cees: false, dirk: true} {
			if got := r.exists(u.ID); got != want {
				t.Errorf("%s exists: %v, want %v", u.DisplayName, got, want)
			}
		}
		if n := len(r.smtp.Messages()); n != 2 {
			t.Errorf("%d e-mails in all, want the two warnings", n)
		}
	})
}

// Without ACCOUNT_RETENTION_DAYS the worker has no retention job (only the
// dashboard's roll-up): accounts are kept until their owners delete them.
func TestNoRetentionNoJob(t *testing.T) {
	t.Parallel()
	for _, days := range []string{"", "0"} {
		cfg, err := config.Load(func(k string) string { return map[string]string{"ACCOUNT_RETENTION_DAYS": days}[k] })
		if err != nil {
			t.Fatal(err)
		}
		if jobs := site.Jobs(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil); len(jobs) != 1 || jobs[0].Name != "dashboard roll-up" {
			t.Errorf("ACCOUNT_RETENTION_DAYS=%q: jobs %+v", days, jobs)
		}
	}
}

// The worker rolls the activity log up for the dashboard, so that no
// staff member's request has to roll up a whole log.
func TestWorkerRollsTheLogUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		r := newRetentionSite(t, bdb, "")
		anna := r.login("anna", "Anna de Vries", "anna@example.nl")
		err := bdb.RunInTx(r.ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return activity.Append(ctx, tx, activity.Entry{UserID: anna.ID, Kind: activity.Followed, At: r.clock.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
		waiting := func() int64 {
			n, err := bdb.NewSelect().Table("activity").Where("NOT rolled_up").Count(r.ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		r.day() // the day is not over: nothing to roll up yet
		if n := waiting(); n != 1 {
			t.Fatalf("%d log rows waiting after a roll-up on the same day, want 1", n)
		}
		r.clock.Advance(day)
		r.day()
		if n := waiting(); n != 0 {
			t.Errorf("%d log rows waiting after the next day's roll-up, want 0", n)
		}
	})
}
