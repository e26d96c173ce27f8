package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/uptrace/bun"
	"golang.org/x/time/rate"

	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/site"
	"github.com/buurtboost/buurtboost/app/web"
)

// staticPath serves the static ceiling: a pre-rendered page as bytes.
const staticPath = "/__static"

// benchSecret signs the bench server's cookies; nothing outlives the run.
const benchSecret = "buurtbench-session-secret-not-for-production"

// server is the Buurtboost server under test, on a loopback port.
type server struct {
	base     string
	svc      *site.Services
	web      *web.Server
	http     *http.Server
	done     chan error
	inFlight atomic.Int64 // requests being handled
}

// newServer builds the server as `buurtboost serve` does, with the write
// rate limit lifted: every bench client comes from 127.0.0.1.
func newServer(bdb *bun.DB, dbPath, uploadDir string) (*server, net.Listener, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	env := map[string]string{
		"BASE_URL": "http://127.0.0.1:" + strconv.Itoa(port), "PORT": strconv.Itoa(port),
		"SESSION_SECRET": benchSecret, "DATABASE_URL": dbPath, "UPLOAD_DIR": uploadDir,
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		_ = l.Close()
		return nil, nil, err
	}
	// Requests are logged as in production, to nowhere.
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := site.NewServices(cfg, bdb, func() time.Time { return time.Now().UTC() })
	ws, err := site.NewServer(cfg, log, bdb, svc, site.WithWriteLimit(web.RateLimit{Rate: rate.Inf, Burst: 1}))
	if err != nil {
		_ = l.Close()
		return nil, nil, err
	}
	return &server{base: env["BASE_URL"], svc: svc, web: ws}, l, nil
}

// serveWithCeiling adds the static ceiling, a copy of the page at
// pagePath rendered once, then serves. The copy goes through the same echo
// middleware as every page (session, CSRF cookie, security headers, gzip),
// so the difference to the page is what rendering it costs.
func (s *server) serveWithCeiling(l net.Listener, pagePath string) error {
	rec := httptest.NewRecorder()
	s.web.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, pagePath, nil))
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET %s for the static ceiling: status %d", pagePath, rec.Code)
	}
	page := rec.Body.Bytes()
	e, ok := s.web.Handler().(*echo.Echo)
	if !ok {
		return errors.New("the server's handler is no longer echo: add the static ceiling another way")
	}
	e.GET(staticPath, func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, page) })
	s.http = &http.Server{Handler: s.counting(e), ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan error, 1)
	go func() { s.done <- s.http.Serve(l) }()
	return nil
}

// counting keeps inFlight, so that a run can wait for the server to finish
// the requests an earlier run gave up on.
func (s *server) counting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		next.ServeHTTP(w, r)
	})
}

// settle waits until the server handles no request, at most max, and
// reports whether it got there.
func (s *server) settle(max time.Duration) bool {
	for deadline := time.Now().Add(max); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if s.inFlight.Load() == 0 {
			return true
		}
	}
	return false
}

// stop shuts the server down, letting requests in flight finish.
func (s *server) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
