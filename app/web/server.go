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

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/municipality"
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
	// Ready reports whether the database answers, for /readyz.
	Ready func(context.Context) error
}

// Server is Buurtboost's HTTP server.
type Server struct {
	cfg          *config.Config
	log          *slog.Logger
	catalog      *i18n.Catalog
	municipality *municipality.Service
	ready        func(context.Context) error
	assets       *Assets
	echo         *echo.Echo
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
	s := &Server{
		cfg: d.Config, log: d.Log, catalog: d.Catalog, municipality: d.Municipality,
		ready: d.Ready, assets: assets, echo: echo.New(),
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.Renderer = renderer
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(d.Config)
	s.middleware()
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
	e.Use(middleware.BodyLimit(maxBodySize))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Skipper: gzipSkipper}))
}

func (s *Server) routes() {
	e := s.echo
	e.GET("/", s.home)
	e.GET("/buurt/:slug", s.neighbourhood)
	e.GET("/privacy", s.privacyStatement)
	e.GET("/toegankelijkheid", s.accessibilityStatement)
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/static/*", s.assets.Handler)
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
