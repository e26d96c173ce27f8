package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/mail"
	"github.com/buurtboost/buurtboost/app/mail/mailtest"
)

func TestSMTPSendsBothPartsAndUnsubscribeHeaders(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	s := mail.NewSMTP(srv.URL(), `"Gemeente Voorbeeld" <noreply@voorbeeld.nl>`, srv.TLSConfig())
	err := s.Send(context.Background(), mail.Message{
		To: "anna@example.nl", ToName: "Anna de Vries", Subject: "Je hebt een plek: Straatdiner",
		Text: "Er kwam een plek vrij.\n", HTML: "<p>Er kwam een plek vrij.</p>",
		MessageID: "n.0193@voorbeeld.nl", Unsubscribe: "https://voorbeeld.nl/meldingen/afmelden/tok",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].From != "noreply@voorbeeld.nl" || len(got[0].To) != 1 || got[0].To[0] != "anna@example.nl" {
		t.Fatalf("received %+v", got)
	}
	p, err := mailtest.Parse(got[0].Raw)
	if err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]string{
		"List-Unsubscribe":      "<https://voorbeeld.nl/meldingen/afmelden/tok>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Message-Id":            "<n.0193@voorbeeld.nl>",
		"Auto-Submitted":        "auto-generated",
	} {
		if g := p.Header.Get(h); g != want {
			t.Errorf("%s = %q, want %q", h, g, want)
		}
	}
	if p.Subject != "Je hebt een plek: Straatdiner" || !strings.Contains(p.Header.Get("To"), "anna@example.nl") {
		t.Errorf("subject %q, to %q", p.Subject, p.Header.Get("To"))
	}
	if strings.TrimSpace(p.Text) != "Er kwam een plek vrij." || p.HTML != "<p>Er kwam een plek vrij.</p>" {
		t.Errorf("text %q, html %q", p.Text, p.HTML)
	}
}

func TestSMTPRefusesWrongPassword(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	for _, user := range []*url.Userinfo{url.UserPassword(mailtest.User, "fout"), nil} {
		u := srv.URL()
		u.User = user
		s := mail.NewSMTP(u, "noreply@voorbeeld.nl", srv.TLSConfig())
		if err := s.Send(context.Background(), mail.Message{To: "a@example.nl", Subject: "x", Text: "x", HTML: "x"}); err == nil {
			t.Fatalf("sent as %v", user)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages accepted", n)
	}
}

func TestSMTPRequiresTrustedTLS(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	s := mail.NewSMTP(srv.URL(), "noreply@voorbeeld.nl", nil) // the system roots do not know the test server
	if err := s.Send(context.Background(), mail.Message{To: "a@example.nl", Subject: "x", Text: "x", HTML: "x"}); err == nil {
		t.Fatal("sent over a connection whose certificate is not trusted")
	}
}

func TestLogWritesTheMessage(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := mail.NewLog(slog.New(slog.NewTextHandler(&buf, nil)))
	if err := l.Send(context.Background(), mail.Message{To: "a@example.nl", Subject: "Herinnering", Text: "Morgen!"}); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, "a@example.nl") || !strings.Contains(s, "Herinnering") || !strings.Contains(s, "Morgen!") {
		t.Fatalf("log: %s", s)
	}
}
