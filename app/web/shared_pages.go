package web

import (
	"bytes"
	"compress/gzip"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"
)

// Anonymous visitors all see the same public pages, so those pages are
// rendered once and served from memory until something changes: most
// visitors read and few write, and a page renders in milliseconds where
// sending bytes takes microseconds. Logged-in users always get a fresh
// page (their buttons, names and CSRF tokens are their own).
//
// A page is stale as soon as any write goes through this process (the
// version below moves), and at most sharedPageTTL after it was rendered,
// which bounds how long a change made by another process (a second web
// process, the worker, the command line) takes to show.
const (
	sharedPageTTL   = 10 * time.Second
	sharedPageBytes = 64 << 20 // all pages together; past it the cache starts over
)

// ctxShared marks a request whose page may be shown to every anonymous
// visitor, so it must not carry anything of this visitor's own.
const ctxShared = "shared_page"

// sharedPage is one rendered response.
type sharedPage struct {
	version  uint64
	rendered time.Time
	status   int
	header   http.Header // the headers the handler set (not the middleware's)
	body     []byte
	gz       []byte // body, gzip-compressed once for every visitor who accepts it
}

// sharedPages holds the rendered pages by language and address.
type sharedPages struct {
	now     func() time.Time
	version atomic.Uint64 // moves after every write request
	mu      sync.RWMutex
	pages   map[string]*sharedPage
	size    int
	fill    singleflight.Group // one render per page at a time, however many visitors wait
}

func (pg *sharedPage) weight() int { return len(pg.body) + len(pg.gz) }

func newSharedPages(now func() time.Time) *sharedPages {
	return &sharedPages{now: now, pages: map[string]*sharedPage{}}
}

// invalidate makes every page stale after a write request, whatever its
// outcome: a failed write changed nothing, but telling it apart costs more
// than one render.
func (p *sharedPages) invalidate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isRead(c) {
			return next(c)
		}
		defer p.version.Add(1)
		return next(c)
	}
}

func (p *sharedPages) get(key string) *sharedPage {
	p.mu.RLock()
	pg := p.pages[key]
	p.mu.RUnlock()
	if pg == nil || pg.version != p.version.Load() || p.now().Sub(pg.rendered) >= sharedPageTTL {
		return nil
	}
	return pg
}

func (p *sharedPages) put(key string, pg *sharedPage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if old := p.pages[key]; old != nil {
		p.size -= old.weight()
	}
	if p.size+pg.weight() > sharedPageBytes {
		p.pages, p.size = map[string]*sharedPage{}, 0
	}
	p.pages[key], p.size = pg, p.size+pg.weight()
}

// handleShared registers a public page that anonymous visitors share.
func (s *Server) handleShared(path string, h echo.HandlerFunc) {
	s.sharedPaths[path] = true
	s.handle(http.MethodGet, path, anyone, s.shared(h))
}

// ctxCompressShared marks a request for a shared page that the compression
// middleware left alone, so that a page compressed once is sent as it is.
const ctxCompressShared = "compress_shared"

// compressesShared tells the compression middleware to leave a request to
// the shared-page cache: a GET of a shared page without a session cookie.
// (A visitor with a stale cookie is anonymous too, but is compressed by the
// middleware like everyone else who has a cookie.)
func (s *Server) compressesShared(c echo.Context) bool {
	r := c.Request()
	if r.Method != http.MethodGet || !s.sharedPaths[c.Path()] || r.Header.Get("HX-Request") != "" {
		return false
	}
	if ck, err := r.Cookie(s.sessionCookieName()); err == nil && ck.Value != "" {
		return false
	}
	c.Set(ctxCompressShared, true)
	return true
}

// shared serves h's page from memory to anonymous visitors. Requests of
// logged-in users and htmx fragments go to h as they are.
func (s *Server) shared(h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) != nil || c.Request().Header.Get("HX-Request") != "" {
			return h(c)
		}
		c.Set(ctxShared, true)
		key := localizerOf(c).Lang() + " " + c.Request().URL.RequestURI()
		if pg := s.pages.get(key); pg != nil {
			return sendShared(c, pg)
		}
		var rendered bool
		v, err, _ := s.pages.fill.Do(key, func() (any, error) {
			rendered = true
			return s.renderShared(c, h, key)
		})
		if rendered || err != nil {
			return err // this request rendered (and sent) the page itself
		}
		if pg, _ := v.(*sharedPage); pg != nil {
			return sendShared(c, pg)
		}
		return s.renderAlone(c, h) // the page could not be shared: render it for this visitor
	}
}

// renderShared runs h and keeps its page when it can be shared (a 200 that
// set no cookie of its own), then sends it to this visitor.
func (s *Server) renderShared(c echo.Context, h echo.HandlerFunc, key string) (*sharedPage, error) {
	version, started := s.pages.version.Load(), s.pages.now()
	res := c.Response()
	before := res.Header().Clone()
	rec := &recorder{ResponseWriter: res.Writer, status: http.StatusOK}
	res.Writer = rec
	err := h(c)
	res.Writer = rec.ResponseWriter
	if err != nil || rec.status != http.StatusOK ||
		len(res.Header().Values("Set-Cookie")) != len(before.Values("Set-Cookie")) {
		return nil, errors.Join(err, rec.flush(res.Committed))
	}
	pg := &sharedPage{version: version, rendered: started, status: rec.status,
		header: addedHeaders(before, res.Header()), body: rec.body.Bytes(), gz: compress(rec.body.Bytes())}
	s.pages.put(key, pg)
	return pg, sendShared(c, pg)
}

// renderAlone runs h for this visitor only.
func (s *Server) renderAlone(c echo.Context, h echo.HandlerFunc) error {
	res := c.Response()
	rec := &recorder{ResponseWriter: res.Writer, status: http.StatusOK}
	res.Writer = rec
	err := h(c)
	res.Writer = rec.ResponseWriter
	return errors.Join(err, rec.flush(res.Committed))
}

func compress(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // once per render, for every visitor after
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// addedHeaders are the headers in after that were not in before, except
// those the compression middleware sets for this visitor's encoding.
func addedHeaders(before, after http.Header) http.Header {
	out := http.Header{}
	for k, v := range after {
		if _, ok := before[k]; !ok && !perVisitorHeader[k] {
			out[k] = v
		}
	}
	return out
}

var perVisitorHeader = map[string]bool{"Content-Encoding": true, "Content-Length": true, "Vary": true}

// sendShared sends a kept page: compressed once, as it is, to visitors who
// accept gzip and whose request the compression middleware left alone.
func sendShared(c echo.Context, pg *sharedPage) error {
	res := c.Response()
	h := res.Header()
	for k, v := range pg.header {
		h[k] = v
	}
	body := pg.body
	if c.Get(ctxCompressShared) != nil {
		h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		if strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
			h.Set(echo.HeaderContentEncoding, "gzip")
			body = pg.gz
		}
		h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	}
	res.WriteHeader(pg.status)
	_, err := res.Write(body)
	return err
}

// recorder keeps a response (its status and body) instead of sending it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *recorder) WriteHeader(status int) { w.status = status }

func (w *recorder) Write(b []byte) (int, error) { return w.body.Write(b) }

// Unwrap lets http.ResponseController reach the connection underneath.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// flush sends what was recorded, when anything was.
func (w *recorder) flush(committed bool) error {
	if !committed {
		return nil
	}
	w.ResponseWriter.WriteHeader(w.status)
	_, err := w.ResponseWriter.Write(w.body.Bytes())
	return err
}
