package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/buurtboost/buurtboost/app/notify"
)

// RateLimit is how many writes one client IP may make: Burst at once, then
// Rate per second on average.
type RateLimit struct {
	Rate  rate.Limit
	Burst int
}

// defaultWriteLimit allows a burst for a busy moment, then one write a
// second. Reads are not limited.
var defaultWriteLimit = RateLimit{Rate: 1, Burst: 20}

func isRead(c echo.Context) bool {
	switch c.Request().Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}

// rateLimit limits state-changing requests per client IP (as the explicit
// IP extractor sees it, so spoofed headers cannot dodge it).
func (s *Server) rateLimit() echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: s.writeLimit.Rate, Burst: s.writeLimit.Burst, ExpiresIn: 10 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper:             isRead,
		Store:               store,
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "60")
			return &pageError{status: http.StatusTooManyRequests, key: "error.429"}
		},
		ErrorHandler: func(c echo.Context, err error) error {
			return &pageError{status: http.StatusForbidden, key: "error.403", cause: err}
		},
	})
}

// csrfField is the form field, csrfHeader the header htmx sends.
const (
	csrfField   = "csrf"
	csrfHeader  = "X-CSRF-Token"
	ctxCSRF     = "csrf"
	csrfCookieA = "__Host-bb_csrf"
	csrfCookieB = "bb_csrf"
)

// csrf guards every state-changing request with a token tied to a cookie.
// The provider callback is exempt: Sign in with Apple posts it from
// Apple's site, and the signed one-time state protects it instead.
func (s *Server) csrf() echo.MiddlewareFunc {
	name := csrfCookieB
	if s.cfg.HTTPS() {
		name = csrfCookieA
	}
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper: func(c echo.Context) bool {
			switch c.Path() {
			case "/auth/:provider/callback":
				return c.Request().Method == http.MethodPost
			case "/static/*", "/healthz", "/readyz":
				return true
			case notify.UnsubscribePath + ":token":
				// One-click unsubscribe (RFC 8058): the mail program posts
				// without our cookie; the signed token is the proof.
				return c.Request().Method == http.MethodPost
			}
			return false
		},
		TokenLookup: "header:" + csrfHeader + ",form:" + csrfField,
		ContextKey:  ctxCSRF, CookieName: name, CookiePath: "/",
		CookieHTTPOnly: true, CookieSecure: s.cfg.HTTPS(), CookieSameSite: http.SameSiteLaxMode,
		ErrorHandler: func(err error, c echo.Context) error {
			return &pageError{status: http.StatusForbidden, key: "error.csrf", cause: err}
		},
	})
}

// csrfToken is the token for this visitor's forms; a page shared by all
// anonymous visitors has none (it has no forms that post).
func csrfToken(c echo.Context) string {
	if c.Get(ctxShared) != nil {
		return ""
	}
	t, _ := c.Get(ctxCSRF).(string)
	return t
}
