package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeTags are the WCAG 2.2 A and AA rule sets every page must pass.
const axeTags = `["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]`

// chromiumPath finds Debian's chromium (or CHROMIUM_PATH); browser tests
// skip with a message where there is none. .ci/run installs it and fails on
// skipped tests, so CI always runs them.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser tests skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
	return ""
}

// browser is a headless Chromium tab pointed at a test server, recording
// every console and Content-Security-Policy error the pages cause.
type browser struct {
	ctx     context.Context
	baseURL string
	mu      sync.Mutex
	errors  []string
}

// newBrowser serves s on a fresh test server and opens a browser on it.
func newBrowser(t *testing.T, s *Server) *browser {
	t.Helper()
	chromiumPath(t) // skip before starting a server
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return newBrowserAt(t, ts.URL)
}

// newBrowserAt opens a browser on a site that is already running at
// baseURL, such as one next to an OpenID Connect provider.
func newBrowserAt(t *testing.T, baseURL string) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b := &browser{baseURL: baseURL}
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithListener(b.record))
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first Run starts the browser and must not carry a timeout (it
	// would stop the browser); later steps get one through b.ctx.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
		return err
	}))
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	tctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	b.ctx = tctx
	return b
}

// record keeps browser-side errors: CSP violations, failed loads, script
// exceptions.
func (b *browser) record(ev any) {
	var msg string
	switch e := ev.(type) {
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError && !strings.Contains(e.Entry.URL, "favicon.ico") {
			msg = e.Entry.Text + " " + e.Entry.URL
		}
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
	}
	if msg != "" {
		b.mu.Lock()
		b.errors = append(b.errors, msg)
		b.mu.Unlock()
	}
}

func (b *browser) takeErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	errs := b.errors
	b.errors = nil
	return errs
}

// axeViolation is the part of an axe-core result a failure message needs.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe injects axe-core into the current page and runs the WCAG 2.2 AA rules.
func (b *browser) axe(t *testing.T) []axeViolation {
	t.Helper()
	src := axeSource(t)
	script := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}}).then(r => JSON.stringify(
		r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))))`, axeTags)
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe: %v", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe result %q: %v", out, err)
	}
	return vs
}

func axeSource(t *testing.T) string {
	t.Helper()
	matches, err := filepath.Glob("testdata/vendor/axe-core@*/axe.min.js")
	if err != nil || len(matches) != 1 {
		t.Fatalf("vendored axe-core not found (%v, %v)", matches, err)
	}
	src, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// eval evaluates a JavaScript expression that yields a string.
func (b *browser) eval(t *testing.T, expr string) string {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}
