// Package web is Buurtboost's HTTP layer: echo routes, middleware, handlers
// that bind and validate input, call one domain service method and render a
// view. It holds no SQL and no business rules; those live in the domain
// packages it is given.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/buurtboost/buurtboost/app/account"
	admins "github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apitoken"
	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/dashboard"
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
	"github.com/buurtboost/buurtboost/app/ratelimit"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/upload"
	"github.com/buurtboost/buurtboost/app/volunteer"
	"github.com/buurtboost/buurtboost/static"
	"github.com/buurtboost/buurtboost/views"
)

// maxBodySize bounds request bodies; larger ones get 413.
const maxBodySize = "1M"

// Deps are what the server needs from main.
type Deps struct {
	Config       *config.Config
	Log          *slog.Logger
	Catalog      *i18n.Catalog
	Municipality *municipality.Service
	Accounts     *account.Service
	Logins       *login.Registry
	Initiatives  *initiative.Service
	Ideas        *idea.Service
	Dashboard    *dashboard.Service
	Discovery    *discovery.Service
	Markdown     *markdown.Renderer
	Uploads      upload.Storage
	Volunteers   *volunteer.Service
	Notify       *notify.Service
	Privacy      *privacy.Service
	Admin        *admins.Service
	// Tokens checks the API tokens of /api/v1/.
	Tokens *apitoken.Service
	// Appeals keeps authors' appeals against moderation.
	Appeals *moderation.Service
	// Backlog counts undelivered outbox messages, reported by /readyz.
	Backlog func(context.Context) (int, error)
	// WriteLimit overrides the rate limit on writes (tests raise it).
	WriteLimit *RateLimit
	// Limiter counts writes per action, user and IP (tests inject one with
	// a fake clock). Nil: one from Config.RateLimits, unless WriteLimit is
	// set, which lifts the per-action limits too (tests, load benchmarks).
	Limiter *ratelimit.Limiter
	// Ready reports whether the database answers, for /readyz.
	Ready func(context.Context) error
	// Search is the search engine; SearchBacklog counts the index changes
	// not yet applied (for /readyz).
	Search        search.Engine
	SearchBacklog func(context.Context) (int, error)
}

// Server is Buurtboost's HTTP server.
type Server struct {
	cfg          *config.Config
	log          *slog.Logger
	catalog      *i18n.Catalog
	municipality *municipality.Service
	accounts     *account.Service
	logins       *login.Registry
	loginCodec   *login.Codec
	initiatives  *initiative.Service
	ideas        *idea.Service
	dashboard    *dashboard.Service
	discovery    *discovery.Service
	markdown     *markdown.Renderer
	uploads      upload.Storage
	volunteers   *volunteer.Service
	notify       *notify.Service
	privacy      *privacy.Service
	admin        *admins.Service
	tokens       *apitoken.Service
	appeals      *moderation.Service
	backlog      func(context.Context) (int, error)
	imageSlots   chan struct{}
	// demoLogin is on only on a localhost BASE_URL with no real provider.
	demoLogin  bool
	ready      func(context.Context) error
	assets     *Assets
	echo       *echo.Echo
	csrfCheck  echo.MiddlewareFunc
	writeLimit RateLimit
	limiter    *ratelimit.Limiter // nil: no per-action limits
	routeTable []routeInfo
	pages      *sharedPages // public pages as anonymous visitors see them
	// sharedPaths are the routes of pages anonymous visitors share.
	sharedPaths map[string]bool
	// search is the search engine; searchBacklog counts pending index changes.
	search        search.Engine
	searchBacklog func(context.Context) (int, error)
}

// New builds the server: templates parsed, assets hashed, routes registered.
func New(d Deps) (*Server, error) {
	assets, err := NewAssets(static.FS())
	if err != nil {
		return nil, err
	}
	renderer, err := NewRenderer(views.FS(), assets, d.Catalog, d.Config.Dev)
	if err != nil {
		return nil, err
	}
	if len(d.Config.SessionSecret) == 0 {
		return nil, errors.New("web: no session secret")
	}
	s := &Server{
		cfg: d.Config, log: d.Log, catalog: d.Catalog, municipality: d.Municipality,
		accounts: d.Accounts, logins: d.Logins, loginCodec: login.NewCodec(d.Config.SessionSecret),
		initiatives: d.Initiatives, ideas: d.Ideas, markdown: d.Markdown, uploads: d.Uploads, discovery: d.Discovery,
		imageSlots: make(chan struct{}, 2),
		demoLogin:  d.Logins.Empty() && d.Config.IsLocal(),
		ready:      d.Ready, assets: assets, echo: echo.New(),
		pages: newSharedPages(time.Now), sharedPaths: map[string]bool{},
	}
	s.dashboard = d.Dashboard
	s.volunteers = d.Volunteers
	s.privacy, s.admin = d.Privacy, d.Admin
	s.tokens, s.appeals = d.Tokens, d.Appeals
	s.notify, s.backlog = d.Notify, d.Backlog
	s.search, s.searchBacklog = d.Search, d.SearchBacklog
	if s.demoLogin {
		s.log.Warn("demo login is on: anyone can log in as a demo user (no login provider configured, BASE_URL is localhost)")
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.Renderer = renderer
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(d.Config)
	s.writeLimit = defaultWriteLimit
	if d.WriteLimit != nil {
		s.writeLimit = *d.WriteLimit
	}
	s.limiter = actionLimiter(d)
	s.middleware()
	s.csrfCheck = s.csrf()
	s.routes()
	return s, nil
}

// ipExtractor trusts X-Forwarded-For only from the proxies listed in
// TRUSTED_PROXIES. echo v4's default reads spoofable headers from anyone
// (GO-2026-6872, GO-2026-6875), which would let a client dodge rate limits.
func ipExtractor(cfg *config.Config) echo.IPExtractor {
	if len(cfg.TrustedProxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{
		echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false),
	}
	for _, p := range cfg.TrustedProxies {
		_, ipNet, err := net.ParseCIDR(p.String())
		if err == nil {
			opts = append(opts, echo.TrustIPRange(ipNet))
		}
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

func (s *Server) middleware() {
	e := s.echo
	e.Use(middleware.RequestID())
	e.Use(s.locale) // first, so that every error page is localised
	e.Use(s.requestLogger())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"error", err.Error(), "stack", string(stack))
			return err
		},
	}))
	e.Use(s.securityHeaders)
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: maxBodySize, Skipper: isUpload}))
	// Level 4 compresses HTML nearly as well as the default 6 at less CPU.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Skipper: s.gzipSkipper, Level: 4, MinLength: gzipMinLength}))
	e.Use(s.rateLimit())
	e.Use(s.pages.invalidate)
	e.Use(s.session)
}

func (s *Server) routes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handleShared("/", s.home)
	s.handleShared("/buurt/:slug", s.neighbourhood)
	s.handleShared("/privacy", s.privacyStatement)
	s.handleShared("/toegankelijkheid", s.accessibilityStatement)
	s.handle(get, "/healthz", anyone, s.healthz)
	s.handle(get, "/readyz", anyone, s.readyz)
	s.handle(get, "/static/*", anyone, s.assets.Handler)
	s.handle(get, houseStylePath, anyone, s.houseStyleSheet)

	s.handle(get, "/inloggen", anyone, s.loginPage)
	s.handle(get, "/auth/:provider", anyone, s.authStart)
	s.handle(get, "/auth/:provider/callback", anyone, s.authCallback)
	s.handle(post, "/auth/:provider/callback", anyone, s.authCallback) // Sign in with Apple posts
	s.handle(post, "/logout", anyone, s.logout)
	if s.demoLogin {
		s.handle(post, "/inloggen/demo", anyone, s.demoLoginPost)
	}

	s.participationRoutes()
	s.volunteerRoutes()
	s.dashboardRoutes()
	s.reachRoutes()
	s.notifyRoutes()
	s.searchRoutes()
	s.privacyRoutes()
	s.adminRoutes()
	s.moderationRoutes()
	s.appealRoutes()
	s.apiRoutes()

	s.handle(get, "/profiel", loggedIn, s.profile)
	s.handle(post, "/profiel", loggedIn, s.profileSave)
	s.handle(get, "/profiel/buurt", loggedIn, s.pickNeighbourhood)
	s.handle(post, "/profiel/buurt", loggedIn, s.pickNeighbourhoodSave)
	s.handle(post, "/profiel/identiteiten/:id/ontkoppelen", loggedIn, s.unlink)
	s.handle(post, "/profiel/sessies/beeindigen", loggedIn, s.logoutEverywhere)
}

// Handler is the server as an http.Handler, for tests and for main.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve accepts connections on l until ctx is done, then lets in-flight
// requests finish (up to shutdownTimeout) before returning.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: s.echo, ReadHeaderTimeout: 10 * 1e9}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
