package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/mail"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/outbox"
)

// NewOutbox returns the outbox the worker drains, with the handler of every
// topic registered: notification e-mail goes through SMTP_URL, or into the
// log when it is not set.
func NewOutbox(cfg *config.Config, log *slog.Logger, bdb *bun.DB, svc *Services, now func() time.Time) (*outbox.Outbox, error) {
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	var m mail.Sender = mail.NewLog(log)
	if cfg.Mail.SMTP != nil {
		m = mail.NewSMTP(cfg.Mail.SMTP, cfg.Mail.From, nil)
	}
	ob := outbox.New(bdb, now, log)
	ob.Register(notify.Topic, notify.NewSender(svc.Notify, m, catalog, cfg.BaseURL, "Buurtboost", log).Handler())
	RegisterSearch(ob, svc, bdb, log)
	return ob, nil
}

// backlog counts undelivered outbox messages, for /readyz.
func backlog(bdb *bun.DB, log *slog.Logger) func(context.Context) (int, error) {
	ob := outbox.New(bdb, time.Now, log)
	return func(ctx context.Context) (int, error) { return ob.Backlog(ctx, "") }
}
