package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Context keys set by middleware.
const (
	ctxLocalizer = "localizer"
)

// contentSecurityPolicy allows only this site's own files: no inline script
// or style, no other hosts, no framing. htmx is configured (in the layout's
// htmx-config meta tag) not to need inline styles or eval.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.cfg.HTTPS() {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// langCookie keeps a visitor's explicit language choice.
const langCookie = "lang"

// locale picks the request's language — ?lang=, then the preference cookie,
// then Accept-Language — and remembers an explicit choice in a cookie.
func (s *Server) locale(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var choices []string
		if q := c.QueryParam("lang"); q != "" {
			choices = append(choices, q)
		}
		if ck, err := c.Cookie(langCookie); err == nil {
			choices = append(choices, ck.Value)
		}
		lang := s.catalog.Negotiate(choices, c.Request().Header.Get("Accept-Language"))
		if q := c.QueryParam("lang"); q == lang {
			c.SetCookie(&http.Cookie{
				Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.cfg.HTTPS(), SameSite: http.SameSiteLaxMode,
			})
		}
		c.Response().Header().Add("Vary", "Accept-Language, Cookie")
		c.Set(ctxLocalizer, s.catalog.Localizer(lang))
		return next(c)
	}
}

// requestLogger logs one structured line per request, with its request id.
func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true,
		LogRequestID: true, LogRemoteIP: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("method", v.Method), slog.String("uri", loggedURI(c, v.URI)),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency),
				slog.String("request_id", v.RequestID), slog.String("ip", v.RemoteIP),
			}
			if v.Error != nil && v.Status >= 500 {
				attrs = append(attrs, slog.String("error", v.Error.Error()))
			}
			s.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})
}

// loggedURI is the request's URI for the log, except on routes whose path
// carries a secret (an invitation, unsubscribe or calendar-feed token):
// those are logged as their route pattern, so that the log never holds a
// working link (ASVS 7.1.1).
func loggedURI(c echo.Context, uri string) string {
	if p := c.Path(); strings.Contains(p, ":token") {
		return p
	}
	return uri
}

// gzipMinLength leaves small responses (an htmx button, a redirect)
// uncompressed: under a kilobyte, compressing costs more than it saves.
const gzipMinLength = 1024

// gzipSkipper leaves already-compressed images alone, and shared pages,
// which are compressed once for everyone.
func (s *Server) gzipSkipper(c echo.Context) bool {
	p := c.Request().URL.Path
	return strings.HasSuffix(p, ".png") || strings.HasSuffix(p, ".jpg") || strings.HasSuffix(p, ".webp") ||
		s.compressesShared(c)
}

// shutdownTimeout is how long in-flight requests get to finish on SIGTERM.
const shutdownTimeout = 10 * time.Second
