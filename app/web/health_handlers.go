package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// healthz says the process is up; it checks nothing else, so an orchestrator
// does not restart a healthy process because the database blinked.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether this process can serve: the database answers.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.log.Warn("not ready", "error", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
	}
	body := map[string]string{"status": "ok", "database": "ok"}
	// The outbox backlog is reported, not judged: a backlog (mail server
	// down) is no reason to take this process out of service.
	if s.backlog != nil {
		if n, err := s.backlog(ctx); err == nil {
			body["outbox_backlog"] = strconv.Itoa(n)
		}
	}
	// Index changes not yet applied: search shows older results meanwhile.
	if s.searchBacklog != nil {
		if n, err := s.searchBacklog(ctx); err == nil {
			body["search_backlog"] = strconv.Itoa(n)
		}
	}
	return c.JSON(http.StatusOK, body)
}
