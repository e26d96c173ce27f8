package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	admins "github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apitoken"
	"github.com/buurtboost/buurtboost/app/config"
	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/demo"
	"github.com/buurtboost/buurtboost/app/discovery"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/login"
	"github.com/buurtboost/buurtboost/app/markdown"
	"github.com/buurtboost/buurtboost/app/moderation"
	"github.com/buurtboost/buurtboost/app/municipality"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/outbox"
	"github.com/buurtboost/buurtboost/app/privacy"
	"github.com/buurtboost/buurtboost/app/search/embedded"
	"github.com/buurtboost/buurtboost/app/upload"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// newTestServer returns a server on a fresh SQLite database seeded with the
// demo municipality. env overrides configuration variables.
func newTestServer(t testing.TB, env map[string]string) *Server {
	t.Helper()
	return newTestServerOn(t, dbtest.SQLite(t), env)
}

// newTestServerOn returns a server on bdb (seeded with the demo
// municipality and users) for tests that run on both databases.
func newTestServerOn(t testing.TB, bdb *bun.DB, env map[string]string) *Server {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.SessionSecret) == 0 {
		cfg.SessionSecret = []byte("test-secret-test-secret-test-secret!")
	}
	ms := municipality.NewService(bdb, time.Now)
	accounts := account.NewService(bdb, time.Now, account.Options{
		StaffProvider: login.OIDCName, StaffEmailDomains: cfg.Login.StaffEmailDomains,
	})
	if _, err := demo.Seed(context.Background(), ms, accounts); err != nil {
		t.Fatal(err)
	}
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	logins, err := login.NewRegistry(cfg.Login, cfg.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Deps{
		Config: cfg, Log: testLogger(), Catalog: catalog,
		Municipality: ms, Accounts: accounts, Logins: logins, WriteLimit: testWriteLimit(env),
		Initiatives: initiative.NewService(bdb, time.Now), Ideas: idea.NewService(bdb, time.Now),
		Markdown: markdown.New(), Uploads: testUploads(t), Dashboard: dashboard.NewService(bdb, time.Now), Discovery: discovery.NewService(bdb, time.Now),
		Ready:      func(ctx context.Context) error { return db.Ping(ctx, bdb) },
		Volunteers: volunteer.NewService(bdb, time.Now),
		Notify:     notify.NewService(bdb, time.Now, cfg.SessionSecret),
		Privacy:    privacy.NewService(bdb, time.Now),
		Admin:      admins.NewService(bdb, time.Now),
		Tokens:     apitoken.NewService(bdb, time.Now),
		Appeals:    moderation.NewService(bdb, time.Now),
		Backlog: func(ctx context.Context) (int, error) {
			return outbox.New(bdb, time.Now, testLogger()).Backlog(ctx, "")
		},

		Search: embedded.New(bdb), SearchBacklog: searchBacklogOn(bdb),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get performs a request against s and returns the response.
func do(t testing.TB, s *Server, method, target string, header map[string]string, body io.Reader) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec.Result()
}

func document(t testing.TB, res *http.Response) *goquery.Document {
	t.Helper()
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func text(doc *goquery.Document, selector string) string {
	return strings.Join(strings.Fields(doc.Find(selector).First().Text()), " ")
}

// testWriteLimit lifts the write rate limit (every test client comes from
// 127.0.0.1) unless a test asks for the default with RATE_LIMIT=default.
func testWriteLimit(env map[string]string) *RateLimit {
	if env["RATE_LIMIT"] == "default" {
		return nil
	}
	return &RateLimit{Rate: 1000, Burst: 1000}
}

// testUploads is a disk store in the test's temporary folder.
func testUploads(t testing.TB) upload.Storage {
	t.Helper()
	d, err := upload.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// testLogger discards logs, unless TEST_LOG=1 asks to see them.
func testLogger() *slog.Logger {
	if os.Getenv("TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
