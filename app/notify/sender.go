package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"log/slog"
	"net/url"
	"strings"
	texttemplate "text/template"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/mail"
	"github.com/buurtboost/buurtboost/app/outbox"
)

// paramNames are the fields a kind's messages may use; missing ones are
// empty rather than "<no value>".
var paramNames = []string{"title", "when", "place", "reason", "excerpt"}

// Text renders a notification's title and body in l's language.
func Text(l *i18n.Localizer, k Kind, params map[string]string) (title, body string) {
	args := make([]any, 0, 2*len(paramNames))
	for _, name := range paramNames {
		args = append(args, name, params[name])
	}
	return l.T("notify."+string(k)+".title", args...), l.T("notify."+string(k)+".body", args...)
}

// KindLabel is what a kind is called on the settings and unsubscribe pages.
func KindLabel(l *i18n.Localizer, k Kind) string { return l.T("notify.kind." + string(k)) }

// Sender e-mails queued notifications: the outbox handler of Topic.
type Sender struct {
	svc     *Service
	mail    mail.Sender
	catalog *i18n.Catalog
	base    *url.URL
	site    string // the site's name in the footer
	log     *slog.Logger
}

// NewSender returns the sender of svc's notifications through m, with
// links on base (BASE_URL); site names the site in the footer.
func NewSender(svc *Service, m mail.Sender, catalog *i18n.Catalog, base *url.URL, site string, log *slog.Logger) *Sender {
	return &Sender{svc: svc, mail: m, catalog: catalog, base: base, site: site, log: log}
}

// Handler is the outbox handler to register for Topic.
func (s *Sender) Handler() outbox.Handler { return outbox.Handler{Batch: 20, Handle: s.handle} }

// handle sends each entry's e-mail. One failure fails the batch, which is
// retried whole: the entries already sent have emailed_at and are skipped.
func (s *Sender) handle(ctx context.Context, batch []outbox.Entry) error {
	for _, e := range batch {
		var m message
		if err := json.Unmarshal(e.Payload, &m); err != nil {
			s.log.Error("notify: unreadable outbox message, dropped", "key", e.Key, "err", err)
			continue
		}
		var err error
		switch {
		case m.ID != nil:
			err = s.one(ctx, *m.ID)
		case m.Digest != nil:
			err = s.digest(ctx, *m.Digest)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// recipient is who an e-mail goes to, with their preferences.
type recipient struct {
	Name, Email string
	Settings    Settings
}

// recipientOf returns the user's address and settings; ok is false when
// they have no verified address or want no e-mail of kind k (a notice
// they get whatever their settings).
func (s *Sender) recipientOf(ctx context.Context, userID uuid.UUID, k Kind) (recipient, bool, error) {
	var u struct {
		DisplayName string  `bun:"display_name"`
		Email       *string `bun:"email"`
	}
	err := s.svc.db.NewSelect().Table("users").Column("display_name", "email").Where("id = ?", userID).Scan(ctx, &u)
	if err != nil {
		return recipient{}, false, fmt.Errorf("notify: recipient %s: %w", userID, err)
	}
	st, err := s.svc.Settings(ctx, userID)
	if err != nil {
		return recipient{}, false, err
	}
	r := recipient{Name: u.DisplayName, Settings: st}
	if u.Email != nil {
		r.Email = *u.Email
	}
	return r, r.Email != "" && (k.Notice() || st.Email[k]), nil
}

// one e-mails a single notification, unless it was cancelled, already
// sent, or its user does not want it.
func (s *Sender) one(ctx context.Context, id uuid.UUID) error {
	var r record
	err := s.svc.db.NewSelect().Model(&r).Where("n.id = ?", id).Scan(ctx)
	if err != nil {
		if isNoRows(err) {
			return nil // the account was deleted
		}
		return fmt.Errorf("notify: load %s: %w", id, err)
	}
	if r.CancelledAt != nil || r.EmailedAt != nil {
		return nil
	}
	rc, ok, err := s.recipientOf(ctx, r.UserID, r.Kind)
	if err != nil {
		return err
	}
	if ok {
		l := s.catalog.Localizer(rc.Settings.Lang)
		title, body := Text(l, r.Kind, r.Params)
		m := s.compose(l, rc, r.UserID, r.Kind, title, []mailItem{{Title: title, Text: body, URL: s.url(r.Link)}})
		m.MessageID = "n." + r.ID.String() + "@" + s.base.Hostname()
		if err := s.mail.Send(ctx, m); err != nil {
			return fmt.Errorf("notify: e-mail %s: %w", id, err)
		}
	}
	return s.markEmailed(ctx, []uuid.UUID{id})
}

// digest e-mails the user one message with every update notification not
// yet e-mailed. A second delivery finds none left and sends nothing.
func (s *Sender) digest(ctx context.Context, userID uuid.UUID) error {
	var rs []record
	err := s.svc.db.NewSelect().Model(&rs).
		Where("n.user_id = ? AND n.kind = ? AND n.cancelled_at IS NULL AND n.emailed_at IS NULL", userID, InitiativeUpdate).
		Where("(n.send_at <= n.created_at OR n.send_at <= ?)", s.svc.now().UTC()).
		OrderExpr("n.send_at, n.id").Scan(ctx)
	if err != nil {
		return fmt.Errorf("notify: digest of %s: %w", userID, err)
	}
	if len(rs) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	rc, ok, err := s.recipientOf(ctx, userID, InitiativeUpdate)
	if err != nil {
		return err
	}
	if ok {
		l := s.catalog.Localizer(rc.Settings.Lang)
		items := make([]mailItem, len(rs))
		for i, r := range rs {
			title, body := Text(l, r.Kind, r.Params)
			items[i] = mailItem{Title: title, Text: body, URL: s.url(r.Link)}
		}
		m := s.compose(l, rc, userID, InitiativeUpdate, l.T("notify.digest.subject", "Count", len(rs)), items)
		m.MessageID = "digest." + rs[len(rs)-1].ID.String() + "@" + s.base.Hostname()
		if err := s.mail.Send(ctx, m); err != nil {
			return fmt.Errorf("notify: digest e-mail to %s: %w", userID, err)
		}
	}
	return s.markEmailed(ctx, ids)
}

// markEmailed records that the notifications' e-mail went out (or was
// deliberately not sent).
func (s *Sender) markEmailed(ctx context.Context, ids []uuid.UUID) error {
	_, err := s.svc.db.NewUpdate().Model((*record)(nil)).Set("emailed_at = ?", s.svc.now().UTC()).
		Where("id IN (?) AND emailed_at IS NULL", bun.List(ids)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("notify: mark e-mailed: %w", err)
	}
	return nil
}

func (s *Sender) url(path string) string {
	return strings.TrimSuffix(s.base.String(), "/") + path
}

// UnsubscribePath is the site path of an unsubscribe link.
const UnsubscribePath = "/meldingen/afmelden/"

// mailItem is one notification in an e-mail.
type mailItem struct {
	Title, Text, URL string
}

// mailView is what the e-mail templates get.
type mailView struct {
	Lang, Subject, Greeting, Open     string
	Items                             []mailItem
	Why, Unsubscribe, UnsubscribeText string
	Settings, SettingsText            string
}

func (s *Sender) compose(l *i18n.Localizer, rc recipient, userID uuid.UUID, k Kind, subject string, items []mailItem) mail.Message {
	v := mailView{
		Lang: l.Lang(), Subject: subject, Greeting: l.T("notify.mail.greeting", "Name", rc.Name),
		Open: l.T("notify.mail.open"), Items: items, Why: l.T("notify.mail.why", "Site", s.site),
		Unsubscribe:     s.url(UnsubscribePath + s.svc.Token(userID, k)),
		UnsubscribeText: l.T("notify.mail.unsubscribe") + ": " + KindLabel(l, k),
		Settings:        s.url("/meldingen/instellingen"), SettingsText: l.T("notify.mail.settings"),
	}
	if k.Notice() { // no unsubscribing from what the platform must say
		v.Why, v.Unsubscribe, v.UnsubscribeText = l.T("notify.mail.notice_why", "Site", s.site), "", ""
	}
	var text, html bytes.Buffer
	// The templates are constants and the view holds only strings: they
	// cannot fail at execution.
	_ = textMail.Execute(&text, v)
	_ = htmlMail.Execute(&html, v)
	return mail.Message{To: rc.Email, ToName: rc.Name, Subject: subject, Text: text.String(), HTML: html.String(),
		Unsubscribe: v.Unsubscribe}
}

var textMail = texttemplate.Must(texttemplate.New("text").Parse(`{{.Greeting}}
{{range .Items}}
{{.Title}}
{{.Text}}
{{.URL}}
{{end}}
-- 
{{.Why}}
{{if .Unsubscribe}}{{.UnsubscribeText}}: {{.Unsubscribe}}
{{end}}{{.SettingsText}}: {{.Settings}}
`))

var htmlMail = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body>
<p>{{.Greeting}}</p>
{{range .Items}}<h2>{{.Title}}</h2>
<p>{{.Text}}</p>
<p><a href="{{.URL}}">{{$.Open}}</a></p>
{{end}}<hr>
<p><small>{{.Why}}<br>{{if .Unsubscribe}}<a href="{{.Unsubscribe}}">{{.UnsubscribeText}}</a> · {{end}}<a href="{{.Settings}}">{{.SettingsText}}</a></small></p>
</body></html>
`))
