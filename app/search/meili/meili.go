// Package meili is the search engine for larger installations: Meilisearch
// through github.com/meilisearch/meilisearch-go, chosen when MEILI_URL is
// set.
//
// All kinds share ONE index with a kind field, rather than an index per
// kind: the search page ranks initiatives, ideas, activities and tasks in
// one list, counts them per kind in the same request (facets), and a
// rebuild swaps one index. Settings are applied at start, idempotently
// (Meilisearch treats equal settings as a no-op), and every write waits for
// its task and returns the task's error, so that the outbox retries a
// failed write instead of forgetting it.
package meili

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/buurtboost/buurtboost/app/search"
)

// Engine is a Meilisearch index.
type Engine struct {
	client meilisearch.ServiceManager
	uid    string
	// poll is how often a task's status is asked while waiting for it.
	poll time.Duration

	mu       sync.Mutex
	prepared bool // the index exists with its settings
}

// Options configure the engine; only URL is required.
type Options struct {
	URL    string
	APIKey string
	Index  string       // index uid; "buurtboost" when empty
	HTTP   *http.Client // nil: a client with a 10 s timeout
}

// New returns the engine for Meilisearch at o.URL. It does not connect:
// the index and its settings are made on first use (or by Prepare at
// start), so that Buurtboost starts, and shows a friendly message on the
// search page, while Meilisearch is down.
func New(o Options) *Engine {
	if o.Index == "" {
		o.Index = "buurtboost"
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	// No retries in the client: a search page should say at once that
	// search is down, and the outbox retries writes with its own backoff.
	opts := []meilisearch.Option{meilisearch.WithCustomClient(o.HTTP), meilisearch.DisableRetries()}
	if o.APIKey != "" {
		opts = append(opts, meilisearch.WithAPIKey(o.APIKey))
	}
	return &Engine{client: meilisearch.New(o.URL, opts...), uid: o.Index, poll: 50 * time.Millisecond}
}

// Prepare makes sure the index exists and has Buurtboost's settings,
// waiting until Meilisearch has applied them. It does the work once per
// process; after a failure the next call tries again.
func (e *Engine) Prepare(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.prepared {
		return nil
	}
	if err := e.prepare(ctx, e.uid); err != nil {
		return err
	}
	e.prepared = true
	return nil
}

// prepare creates index uid when missing and applies the settings.
func (e *Engine) prepare(ctx context.Context, uid string) error {
	task, err := e.client.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: "key"})
	if err != nil {
		return unavailable("create index "+uid, err)
	}
	// An index that already exists fails this task; that is fine.
	if err := e.wait(ctx, task, meilisearch.APIErrCodeIndexAlreadyExists); err != nil {
		return err
	}
	task, err = e.client.Index(uid).UpdateSettings(ctx, Settings())
	if err != nil {
		return unavailable("update settings of "+uid, err)
	}
	return e.wait(ctx, task)
}

// wait waits for the task and returns its error, except errors with the
// allowed codes.
func (e *Engine) wait(ctx context.Context, info *meilisearch.TaskInfo, allowed ...meilisearch.APIErrCode) error {
	task, err := e.client.WaitForTask(ctx, info.TaskUID, e.poll)
	if err != nil {
		return unavailable(fmt.Sprintf("wait for task %d", info.TaskUID), err)
	}
	if task.Status == meilisearch.TaskStatusSucceeded {
		return nil
	}
	for _, code := range allowed {
		if task.Error.Code == code {
			return nil
		}
	}
	return fmt.Errorf("meilisearch task %d (%s) %s: %s (%s)", task.UID, task.Type, task.Status, task.Error.Message, task.Error.Code)
}

// unavailable marks a failed request as the engine being unreachable.
func unavailable(what string, err error) error {
	return fmt.Errorf("meilisearch: %s: %w: %w", what, search.ErrUnavailable, err)
}

// Healthy reports whether Meilisearch answers.
func (e *Engine) Healthy(ctx context.Context) error {
	if _, err := e.client.Health(ctx); err != nil {
		return unavailable("health", err)
	}
	return nil
}

// isNotFound reports whether err is Meilisearch's "index not found".
func isNotFound(err error) bool {
	var me *meilisearch.Error
	return errors.As(err, &me) && me.APIError.Code == meilisearch.APIErrCodeIndexNotFound
}

// Drop deletes the index, for tests against a real Meilisearch.
func (e *Engine) Drop(ctx context.Context) error { return e.dropIndex(ctx, e.uid) }
