// Package mail sends Buurtboost's e-mail: through an SMTP server with
// STARTTLS when SMTP_URL is set, or into the log in development. Every
// message has a plain-text and an HTML part and, for notifications, the
// one-click unsubscribe headers (RFC 2369, RFC 8058).
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one e-mail to one person.
type Message struct {
	To, ToName string
	Subject    string
	Text, HTML string
	// MessageID identifies the message (without angle brackets); a
	// message sent twice keeps its ID, so mail clients can spot the copy.
	MessageID string
	// Unsubscribe is the one-click unsubscribe URL; empty: none.
	Unsubscribe string
}

// Sender sends messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// sendTimeout bounds one conversation with the SMTP server.
const sendTimeout = 30 * time.Second

// SMTP sends through an SMTP server, requiring STARTTLS, with the user and
// password of its URL when it has them.
type SMTP struct {
	server *url.URL
	from   string
	tls    *tls.Config
}

// NewSMTP returns a sender through server (smtp://user:pass@host:port) from
// the address from. tlsConfig may be nil (the system's roots); tests pass
// one that trusts their own server.
func NewSMTP(server *url.URL, from string, tlsConfig *tls.Config) *SMTP {
	return &SMTP{server: server, from: from, tls: tlsConfig}
}

// Send delivers m in one SMTP conversation.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := build(s.from, m)
	if err != nil {
		return err
	}
	port, err := strconv.Atoi(s.server.Port())
	if err != nil {
		return fmt.Errorf("mail: SMTP port %q: %w", s.server.Port(), err)
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTLSPolicy(gomail.TLSMandatory),
		gomail.WithTimeout(sendTimeout)}
	tc := s.tls
	if tc == nil {
		tc = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	tc = tc.Clone()
	if tc.ServerName == "" {
		tc.ServerName = s.server.Hostname()
	}
	opts = append(opts, gomail.WithTLSConfig(tc))
	if s.server.User != nil {
		pw, _ := s.server.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.server.User.Username()), gomail.WithPassword(pw))
	}
	c, err := gomail.NewClient(s.server.Hostname(), opts...)
	if err != nil {
		return fmt.Errorf("mail: SMTP client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", s.server.Host, err)
	}
	return nil
}

// build turns m into a multipart/alternative message: plain text first,
// HTML as the preferred alternative.
func build(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail: from %q: %w", from, err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return nil, fmt.Errorf("mail: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.MessageID != "" {
		msg.SetMessageIDWithValue(m.MessageID)
	} else {
		msg.SetMessageID()
	}
	if m.Unsubscribe != "" {
		msg.SetListUnsubscribe(m.Unsubscribe)
		msg.SetListUnsubscribePost()
	}
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// Log writes messages to the log instead of sending them: development
// without an SMTP server still shows what would have gone out.
type Log struct {
	log *slog.Logger
}

// NewLog returns a sender that logs to log.
func NewLog(log *slog.Logger) *Log { return &Log{log: log} }

// Send logs m, with its plain-text part.
func (l *Log) Send(_ context.Context, m Message) error {
	l.log.Info("e-mail (not sent: SMTP_URL is not set)", "to", m.To, "subject", m.Subject,
		"unsubscribe", m.Unsubscribe, "text", m.Text)
	return nil
}
