package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/buurtboost/buurtboost/app/ratelimit"
)

// routeActions names the rate-limited action of a write route; every other
// write counts as ratelimit.Writes. This is the one place routes meet
// their limits.
var routeActions = map[string]string{
	"/initiatieven":            ratelimit.Initiatives,
	"/initiatief/:slug/ideeen": ratelimit.Ideas,
	"/idee/:id/steunen":        ratelimit.Supports,
	"/idee/:id/intrekken":      ratelimit.Supports,
	"/idee/:id/reacties":       ratelimit.Comments,
	"/reactie/:id/bewerken":    ratelimit.Comments,
	"/melden":                  ratelimit.Reports,
	"/bezwaar":                 ratelimit.Reports,
}

// limitAction counts a write against its action's limit, per user (when
// logged in) and per client IP, and refuses it with 429 and Retry-After
// when either is used up. Reads are never limited.
func (s *Server) limitAction(c echo.Context, path string) error {
	if s.limiter == nil || isRead(c) {
		return nil
	}
	action, ok := routeActions[path]
	if !ok {
		action = ratelimit.Writes
	}
	subjects := []string{"ip:" + c.RealIP()}
	if u := currentUser(c); u != nil {
		subjects = append(subjects, "user:"+u.ID.String())
	}
	allowed, wait := s.limiter.Allow(action, subjects...)
	if allowed {
		return nil
	}
	secs := int((wait + time.Second - 1) / time.Second)
	c.Response().Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	return &pageError{status: http.StatusTooManyRequests, key: "error.429"}
}

// actionLimiter is the injected limiter, none when the write limit is
// overridden (tests, load benchmarks), or one from the configuration.
func actionLimiter(d Deps) *ratelimit.Limiter {
	switch {
	case d.Limiter != nil:
		return d.Limiter
	case d.WriteLimit != nil:
		return nil
	}
	limits := d.Config.RateLimits
	if limits == nil {
		limits = ratelimit.Defaults()
	}
	return ratelimit.New(limits, time.Now)
}
