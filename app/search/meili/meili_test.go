package meili_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/search/meili"
	"github.com/buurtboost/buurtboost/app/search/searchtest"
)

// TestContract runs the engine contract against a real Meilisearch when
// MEILI_URL is set (MEILI_API_KEY optional), each case in its own index.
// Without MEILI_URL there is no subtest at all, rather than a skipped one:
// the requests are tested against the recording server below.
func TestContract(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		return
	}
	searchtest.Run(t, func(t *testing.T) search.Engine {
		uid := "test_" + randomHex()
		e := meili.New(meili.Options{URL: url, APIKey: os.Getenv("MEILI_API_KEY"), Index: uid})
		if err := e.Prepare(context.Background()); err != nil {
			t.Fatalf("connect to Meilisearch at %s: %v", url, err)
		}
		t.Cleanup(func() { _ = e.Drop(context.Background()) })
		return e
	})
}

func randomHex() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// request is one request the recorder received.
type request struct {
	Method, Path, Query string
	Body                string
}

// recorder answers like Meilisearch and records every request. Tasks
// succeed unless failTask names their uid; the search answer is canned.
type recorder struct {
	mu       sync.Mutex
	requests []request
	nextTask int
	failed   map[int]string // task uid -> error code
	failNext string         // error code for the next task
	down     bool
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		http.Error(w, `{"message":"down","code":"internal","type":"internal"}`, http.StatusServiceUnavailable)
		return
	}
	r.requests = append(r.requests, request{req.Method, req.URL.Path, req.URL.RawQuery, string(body)})
	if req.Header.Get("Authorization") != "Bearer secret" {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"message":"no key","code":"missing_authorization_header","type":"auth","link":""}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasPrefix(req.URL.Path, "/tasks/"):
		uid := strings.TrimPrefix(req.URL.Path, "/tasks/")
		status, errJSON := "succeeded", "null"
		for id, code := range r.failed {
			if uid == itoa(id) {
				status, errJSON = "failed", `{"message":"task went wrong","code":"`+code+`","type":"invalid_request","link":""}`
			}
		}
		_, _ = io.WriteString(w, `{"uid":`+uid+`,"status":"`+status+`","type":"documentAdditionOrUpdate","error":`+errJSON+`}`)
	case req.Method == http.MethodGet && strings.HasPrefix(req.URL.Path, "/indexes/"):
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"message":"Index not found","code":"index_not_found","type":"invalid_request","link":""}`)
	case strings.HasSuffix(req.URL.Path, "/search"):
		_, _ = io.WriteString(w, `{"hits":[{"key":"idea-1","kind":"idea","id":"1","title":"Moestuin <b>bij</b> school",
			"body":"Groenten","url":"/idee/1","neighbourhood_id":"nb1","theme_ids":["t1"],"status":"open",
			"initiative_id":"i1","initiative_title":"Tuin","supports":3,"created_at":1764072000}],
			"totalHits":41,"page":2,"hitsPerPage":20,"totalPages":3,"processingTimeMs":1,"query":"moestuin",
			"facetDistribution":{"kind":{"idea":40,"initiative":1},"theme_ids":{"t1":12}}}`)
	case req.Method == http.MethodGet && req.URL.Path == "/health":
		_, _ = io.WriteString(w, `{"status":"available"}`)
	default:
		r.nextTask++
		if r.failNext != "" {
			r.failed[r.nextTask], r.failNext = r.failNext, ""
		}
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"taskUid":`+itoa(r.nextTask)+`,"indexUid":"buurtboost","status":"enqueued","type":"x","enqueuedAt":"2026-11-25T12:00:00Z"}`)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// writes returns the recorded requests that are not task polls.
func (r *recorder) writes() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []request
	for _, q := range r.requests {
		if !strings.HasPrefix(q.Path, "/tasks/") {
			out = append(out, q)
		}
	}
	return out
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = nil
}

func newRecorded(t *testing.T) (*meili.Engine, *recorder) {
	t.Helper()
	// The index exists already: creating it fails, and that is fine.
	rec := &recorder{failed: map[int]string{}, failNext: "index_already_exists"}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	e := meili.New(meili.Options{URL: srv.URL, APIKey: "secret"})
	if err := e.Prepare(context.Background()); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	return e, rec
}

func TestStartCreatesIndexAndAppliesSettings(t *testing.T) {
	_, rec := newRecorded(t)
	w := rec.writes()
	if len(w) != 2 {
		t.Fatalf("requests = %+v, want create index and settings", w)
	}
	if w[0].Method != http.MethodPost || w[0].Path != "/indexes" || !strings.Contains(w[0].Body, `"primaryKey":"key"`) ||
		!strings.Contains(w[0].Body, `"uid":"buurtboost"`) {
		t.Errorf("create index = %+v", w[0])
	}
	if w[1].Method != http.MethodPatch || w[1].Path != "/indexes/buurtboost/settings" {
		t.Fatalf("settings request = %+v", w[1])
	}
	var s struct {
		Searchable []string            `json:"searchableAttributes"`
		Filterable []string            `json:"filterableAttributes"`
		Sortable   []string            `json:"sortableAttributes"`
		Ranking    []string            `json:"rankingRules"`
		StopWords  []string            `json:"stopWords"`
		Synonyms   map[string][]string `json:"synonyms"`
	}
	if err := json.Unmarshal([]byte(w[1].Body), &s); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Searchable, []string{"title", "body", "initiative_title"}) ||
		!slices.Equal(s.Filterable, []string{"kind", "neighbourhood_id", "theme_ids", "status", "initiative_id"}) ||
		!slices.Equal(s.Sortable, []string{"created_at", "supports"}) || !slices.Contains(s.Ranking, "sort") {
		t.Errorf("settings = %+v", s)
	}
	if !slices.Contains(s.StopWords, "de") || !slices.Contains(s.StopWords, "het") {
		t.Errorf("stop words = %q, want Dutch ones", s.StopWords)
	}
	if !slices.Contains(s.Synonyms["speeltuin"], "speelplek") || !slices.Contains(s.Synonyms["speelplek"], "speeltuin") ||
		!slices.Contains(s.Synonyms["afval"], "vuil") {
		t.Errorf("synonyms = %v", s.Synonyms)
	}
}

func TestDocumentsAreSentWithPublicFieldsOnly(t *testing.T) {
	e, rec := newRecorded(t)
	rec.reset()
	d := search.Document{Kind: search.KindIdea, ID: "0192", Title: "Moestuin", Body: "Groenten", URL: "/idee/0192",
		NeighbourhoodID: "nb1", ThemeIDs: []string{"t1"}, Status: "open", InitiativeID: "i1", InitiativeTitle: "Tuin",
		Supports: 3, CreatedAt: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	if err := e.Index(context.Background(), []search.Document{d}); err != nil {
		t.Fatal(err)
	}
	if err := e.Delete(context.Background(), []string{"idea-0192", "idea-0193"}); err != nil {
		t.Fatal(err)
	}
	w := rec.writes()
	// add, look for a rebuild's index, delete, look again
	if len(w) != 4 {
		t.Fatalf("requests = %+v", w)
	}
	if w[0].Method != http.MethodPost || w[0].Path != "/indexes/buurtboost/documents" || w[0].Query != "primaryKey=key" {
		t.Errorf("add = %+v", w[0])
	}
	var docs []map[string]any
	if err := json.Unmarshal([]byte(w[0].Body), &docs); err != nil || len(docs) != 1 {
		t.Fatalf("documents = %s (%v)", w[0].Body, err)
	}
	var fields []string
	for k := range docs[0] {
		fields = append(fields, k)
	}
	slices.Sort(fields)
	want := []string{"body", "created_at", "id", "initiative_id", "initiative_title", "key", "kind", "neighbourhood_id",
		"status", "supports", "theme_ids", "title", "url"}
	if !slices.Equal(fields, want) {
		t.Errorf("document fields = %q, want %q", fields, want)
	}
	if docs[0]["key"] != "idea-0192" || docs[0]["created_at"] != float64(1795608000) {
		t.Errorf("document = %v", docs[0])
	}
	if w[1].Method != http.MethodGet || w[1].Path != "/indexes/buurtboost_next" {
		t.Errorf("rebuild check = %+v", w[1])
	}
	if w[2].Method != http.MethodPost || w[2].Path != "/indexes/buurtboost/documents/delete-batch" ||
		w[2].Body != `["idea-0192","idea-0193"]` {
		t.Errorf("delete = %+v", w[2])
	}
}

func TestSearchSendsFiltersSortAndPage(t *testing.T) {
	e, rec := newRecorded(t)
	rec.reset()
	res, err := e.Search(context.Background(), search.Query{Text: `Moestuin "bij" -school`,
		Kinds: []search.Kind{search.KindIdea}, Neighbourhoods: []string{"nb1", `x" OR kind = "y`},
		Themes: []string{"t1"}, Statuses: []string{"open"}, Sort: search.MostSupported, Page: 2, PerPage: 20})
	if err != nil {
		t.Fatal(err)
	}
	w := rec.writes()
	if len(w) != 1 || w[0].Path != "/indexes/buurtboost/search" {
		t.Fatalf("requests = %+v", w)
	}
	var req struct {
		Q           string   `json:"q"`
		Filter      string   `json:"filter"`
		Sort        []string `json:"sort"`
		Facets      []string `json:"facets"`
		Page        int      `json:"page"`
		HitsPerPage int      `json:"hitsPerPage"`
	}
	if err := json.Unmarshal([]byte(w[0].Body), &req); err != nil {
		t.Fatal(err)
	}
	if req.Q != "moestuin bij school" {
		t.Errorf("q = %q: operators must not reach Meilisearch", req.Q)
	}
	wantFilter := `kind IN ["idea"] AND neighbourhood_id IN ["nb1", "x\" OR kind = \"y"] AND theme_ids IN ["t1"] AND status IN ["open"]`
	if req.Filter != wantFilter {
		t.Errorf("filter = %s\nwant     %s", req.Filter, wantFilter)
	}
	if !slices.Equal(req.Sort, []string{"supports:desc", "created_at:desc"}) || req.Page != 2 || req.HitsPerPage != 20 ||
		len(req.Facets) != 4 {
		t.Errorf("request = %+v", req)
	}
	if res.Total != 41 || len(res.Hits) != 1 || res.Facets[search.FacetKind]["idea"] != 40 || res.Facets[search.FacetTheme]["t1"] != 12 {
		t.Errorf("result = %+v", res)
	}
	h := res.Hits[0]
	if h.Key() != "idea-1" || h.Supports != 3 || !h.CreatedAt.Equal(time.Unix(1764072000, 0)) ||
		string(h.TitleHTML) != "<mark>Moestuin</mark> &lt;b&gt;<mark>bij</mark>&lt;/b&gt; <mark>school</mark>" {
		t.Errorf("hit = %+v", h)
	}
}

func TestFailuresAreSurfaced(t *testing.T) {
	e, rec := newRecorded(t)
	rec.mu.Lock()
	rec.failNext = "invalid_document_fields"
	rec.mu.Unlock()
	err := e.Index(context.Background(), []search.Document{{Kind: search.KindIdea, ID: "1", Title: "x"}})
	if err == nil || !strings.Contains(err.Error(), "task went wrong") || !strings.Contains(err.Error(), "invalid_document_fields") {
		t.Errorf("failed task: err = %v", err)
	}
	rec.mu.Lock()
	rec.down = true
	rec.mu.Unlock()
	_, err = e.Search(context.Background(), search.Query{Text: "x"})
	if !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("search while down: err = %v, want ErrUnavailable", err)
	}
	if err := e.Delete(context.Background(), []string{"idea-1"}); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("delete while down: err = %v, want ErrUnavailable", err)
	}
	if err := meili.New(meili.Options{URL: "http://127.0.0.1:1"}).Prepare(context.Background()); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("start without Meilisearch: err = %v, want ErrUnavailable", err)
	}
}

func TestRebuildSwapsIndexes(t *testing.T) {
	e, rec := newRecorded(t)
	rec.reset()
	err := e.Rebuild(context.Background(), func(ctx context.Context, add func([]search.Document) error) error {
		return add([]search.Document{{Kind: search.KindIdea, ID: "1", Title: "x"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range rec.writes() {
		got = append(got, w.Method+" "+w.Path)
	}
	want := []string{"DELETE /indexes/buurtboost_next", "POST /indexes", "PATCH /indexes/buurtboost_next/settings",
		"POST /indexes/buurtboost_next/documents", "POST /swap-indexes", "DELETE /indexes/buurtboost_next"}
	if !slices.Equal(got, want) {
		t.Errorf("requests =\n%q\nwant\n%q", got, want)
	}
}
