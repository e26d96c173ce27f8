package notify_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/mail"
	"github.com/buurtboost/buurtboost/app/mail/mailtest"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/testclock"
)

// t0 is a Wednesday afternoon in Amsterdam (CET), in whole seconds.
var t0 = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

// fixture is a database with the notification service, a sender on a real
// in-process SMTP server, and the outbox that drives it.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	db       *bun.DB
	clock    *testclock.Clock
	svc      *notify.Service
	accounts *account.Service
	smtp     *mailtest.Server
	outbox   *outbox.Outbox
	mailer   *flaky
}

func setup(t *testing.T, db *bun.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), db: db, clock: testclock.New(t0), smtp: mailtest.Start(t)}
	f.svc = notify.NewService(db, f.clock.Now, []byte("test-secret-test-secret-test-secret!"))
	f.accounts = account.NewService(db, f.clock.Now, account.Options{})
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	f.mailer = &flaky{inner: mail.NewSMTP(f.smtp.URL(), "Buurtboost <noreply@voorbeeld.nl>", f.smtp.TLSConfig())}
	base, _ := url.Parse("https://buurtboost.voorbeeld.nl")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sender := notify.NewSender(f.svc, f.mailer, catalog, base, "Buurtboost Voorbeeld", log)
	f.outbox = outbox.New(db, f.clock.Now, log)
	f.outbox.Register(notify.Topic, sender.Handler())
	return f
}

// flaky passes messages on, but fails the calls listed in failOn (1-based),
// as a connection that drops would.
// A call listed in hangOn first signals on hung, then waits for release
// and fails: a worker stuck (or dead) in the middle of a batch.
type flaky struct {
	inner   mail.Sender
	mu      sync.Mutex
	calls   int
	failOn  map[int]bool
	hangOn  int
	hung    chan struct{}
	release chan struct{}
}

func (m *flaky) Send(ctx context.Context, msg mail.Message) error {
	m.mu.Lock()
	m.calls++
	n, fail := m.calls, m.failOn[m.calls]
	m.mu.Unlock()
	if n == m.hangOn {
		close(m.hung)
		<-m.release
		return errors.New("worker killed")
	}
	if fail {
		return errors.New("connection reset by peer")
	}
	return m.inner.Send(ctx, msg)
}

// user makes a resident; an empty email means none verified.
func (f *fixture) user(name, email string) account.User {
	f.t.Helper()
	u, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: uuid.NewString(), Name: name, Email: email})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func (f *fixture) queue(n notify.Notification) {
	f.t.Helper()
	err := f.db.RunInTx(f.ctx, nil, func(ctx context.Context, tx bun.Tx) error { return notify.Queue(ctx, tx, n) })
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) cancel(userID uuid.UUID, key string) {
	f.t.Helper()
	err := f.db.RunInTx(f.ctx, nil, func(ctx context.Context, tx bun.Tx) error { return notify.Cancel(ctx, tx, userID, key) })
	if err != nil {
		f.t.Fatal(err)
	}
}

// drain runs the worker once.
func (f *fixture) drain() {
	f.t.Helper()
	if _, err := f.outbox.Drain(f.ctx); err != nil {
		f.t.Fatal(err)
	}
}

// mails returns the e-mails the SMTP server accepted for address to.
func (f *fixture) mails(to string) []mailtest.Parsed {
	f.t.Helper()
	var out []mailtest.Parsed
	for _, m := range f.smtp.Messages() {
		if len(m.To) != 1 || m.To[0] != to {
			continue
		}
		p, err := mailtest.Parse(m.Raw)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func (f *fixture) unread(u account.User) int {
	f.t.Helper()
	n, err := f.svc.Unread(f.ctx, u.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) list(u account.User) []notify.Item {
	f.t.Helper()
	items, err := f.svc.List(f.ctx, u.ID, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	return items
}

func (f *fixture) backlog() int {
	f.t.Helper()
	n, err := f.outbox.Backlog(f.ctx, notify.Topic)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func promoted(u account.User, key string) notify.Notification {
	return notify.Notification{UserID: u.ID, Kind: notify.Promoted, Key: key, Link: "/taak/123",
		Params: map[string]string{"title": "Flyers rondbrengen", "when": "2026-11-28 10:00"}}
}

func contains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q:\n%s", what, sub, s)
		}
	}
}
