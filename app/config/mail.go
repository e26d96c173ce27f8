package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
)

// Mail is how notification e-mail leaves: through an SMTP server when
// SMTP_URL is set, else into the log (development).
type Mail struct {
	// SMTP is smtp://user:password@host:port (port 587 when left out);
	// nil: write e-mails to the log instead of sending them.
	SMTP *url.URL
	// From is the sender address (MAIL_FROM; default:
	// "Buurtboost <noreply@BASE_URL's host>").
	From string
}

// defaultSMTPPort is the submission port, where STARTTLS is the rule.
const defaultSMTPPort = "587"

func (c *Config) loadMail(smtpURL, from string) error {
	if smtpURL != "" {
		u, err := url.Parse(smtpURL)
		if err != nil || u.Scheme != "smtp" || u.Hostname() == "" || (u.Path != "" && u.Path != "/") {
			return &Error{"SMTP_URL", "smtp://user:password@host:port (STARTTLS is required), such as smtp://buurtboost:geheim@smtp.example.nl:587"}
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				return &Error{"SMTP_URL", fmt.Sprintf("a port number from 1 to 65535, got %q", p)}
			}
		} else {
			u.Host += ":" + defaultSMTPPort
		}
		c.Mail.SMTP = u
	}
	if from == "" {
		from = "Buurtboost <noreply@" + c.BaseURL.Hostname() + ">"
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return &Error{"MAIL_FROM", fmt.Sprintf("an e-mail address, optionally with a name, such as \"Buurtboost <noreply@gemeente.nl>\", got %q", from)}
	}
	c.Mail.From = a.String()
	return nil
}
