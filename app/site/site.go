// Package site wires Buurtboost together: every domain service on one
// database, and the web server on top. It is the one place that knows all
// the packages; the buurtboost command and the load generator use it.
package site

import (
	"context"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apitoken"
	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/discovery"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/login"
	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/moderation"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/privacy"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/upload"
	"github.com/buurtboost/buurtboost/app/volunteer"
	"github.com/buurtboost/buurtboost/app/web"
)

// Services are the domain services of one process.
type Services struct {
	Municipality *municipality.Service
	Accounts     *account.Service
	Initiatives  *initiative.Service
	Ideas        *idea.Service
	Dashboard    *dashboard.Service
	Discovery    *discovery.Service
	Volunteers   *volunteer.Service
	Notify       *notify.Service
	Privacy      *privacy.Service
	Admin        *admin.Service
	// Appeals are authors' appeals against moderation.
	Appeals *moderation.Service
	// Tokens are the API tokens.
	Tokens *apitoken.Service
	// Search is the search engine (embedded, or Meilisearch with MEILI_URL).
	Search search.Engine
}

// NewServices builds the services on bdb with clock now. Users who log in
// through the generic OpenID Connect provider with an address in
// STAFF_EMAIL_DOMAINS become municipality staff.
func NewServices(cfg *config.Config, bdb *bun.DB, now func() time.Time) *Services {
	return &Services{
		Municipality: municipality.NewService(bdb, now),
		Accounts: account.NewService(bdb, now, account.Options{
			StaffProvider: login.OIDCName, StaffEmailDomains: cfg.Login.StaffEmailDomains,
		}),
		Initiatives: initiative.NewService(bdb, now).LimitNewAccounts(initiative.NewAccountInitiatives),
		Ideas:       idea.NewService(bdb, now),
		Dashboard:   dashboard.NewService(bdb, now),
		Discovery:   discovery.NewService(bdb, now),
		Volunteers:  volunteer.NewService(bdb, now),
		Notify:      notify.NewService(bdb, now, cfg.SessionSecret),
		Privacy:     privacy.NewService(bdb, now),
		Admin:       admin.NewService(bdb, now),
		Appeals:     moderation.NewService(bdb, now),
		Tokens:      apitoken.NewService(bdb, now),
		Search:      NewSearch(cfg, bdb),
	}
}

// Option changes how NewServer builds the server.
type Option func(*web.Deps)

// WithWriteLimit replaces the rate limit on writes per client IP; the load
// generator lifts it, because all its clients share one address.
func WithWriteLimit(l web.RateLimit) Option {
	return func(d *web.Deps) { d.WriteLimit = &l }
}

// NewServer builds the web server with its services.
func NewServer(cfg *config.Config, log *slog.Logger, bdb *bun.DB, svc *Services, opts ...Option) (*web.Server, error) {
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	logins, err := login.NewRegistry(cfg.Login, cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	uploads, err := upload.NewDisk(cfg.UploadDir)
	if err != nil {
		return nil, err
	}
	deps := web.Deps{
		Config: cfg, Log: log, Catalog: catalog, Logins: logins,
		Municipality: svc.Municipality, Accounts: svc.Accounts,
		Initiatives: svc.Initiatives, Ideas: svc.Ideas, Discovery: svc.Discovery,
		Markdown: markdown.New(), Uploads: uploads, Dashboard: svc.Dashboard,
		Ready:      func(ctx context.Context) error { return db.Ping(ctx, bdb) },
		Volunteers: svc.Volunteers,
	}
	deps.Privacy, deps.Admin = svc.Privacy, svc.Admin
	deps.Tokens, deps.Appeals = svc.Tokens, svc.Appeals
	deps.Notify, deps.Backlog = svc.Notify, backlog(bdb, log)
	deps.Search, deps.SearchBacklog = svc.Search, searchBacklog(bdb, log)
	for _, o := range opts {
		o(&deps)
	}
	return web.New(deps)
}
