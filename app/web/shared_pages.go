package web

import (
	"bytes"
	"net/http"
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
		p.size -= len(old.body)
	}
	if p.size+len(pg.body) > sharedPageBytes {
		p.pages, p.size = map[string]*sharedPage{}, 0
	}
	p.pages[key], p.size = pg, p.size+len(pg.body)
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
		return h(c) // the page could not be shared: render it for this visitor
	}
}

// renderShared runs h, sending its page to this visitor and keeping a copy
// when it can be shared: a 200 that set no cookie of its own.
func (s *Server) renderShared(c echo.Context, h echo.HandlerFunc, key string) (*sharedPage, error) {
	version, started := s.pages.version.Load(), s.pages.now()
	res := c.Response()
	before := res.Header().Clone()
	tee := &teeWriter{ResponseWriter: res.Writer}
	res.Writer = tee
	err := h(c)
	res.Writer = tee.ResponseWriter
	if err != nil || res.Status != http.StatusOK ||
		len(res.Header().Values("Set-Cookie")) != len(before.Values("Set-Cookie")) {
		return nil, err
	}
	pg := &sharedPage{version: version, rendered: started, status: res.Status,
		header: addedHeaders(before, res.Header()), body: tee.body.Bytes()}
	s.pages.put(key, pg)
	return pg, nil
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

func sendShared(c echo.Context, pg *sharedPage) error {
	h := c.Response().Header()
	for k, v := range pg.header {
		h[k] = v
	}
	c.Response().WriteHeader(pg.status)
	_, err := c.Response().Write(pg.body)
	return err
}

// teeWriter passes a response on and keeps a copy of its body.
type teeWriter struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection underneath.
func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
