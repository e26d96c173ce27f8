// Package outbox is the transactional outbox: a side effect that leaves the
// database (an e-mail, a search index update) is written as a row in the
// same transaction as the change that causes it, and the worker delivers
// it afterwards with retries. A crash never loses one; a handler may see a
// message twice, so handlers are idempotent (Key identifies the message).
//
// API CONTRACT (shared by the notification, volunteer and search work;
// keep these signatures):
//
//	outbox.Add(ctx, tx, outbox.Message{Topic: "search", Key: "idea:<id>", Payload: v})
//	o := outbox.New(db, now, log)
//	o.Register("search", outbox.Handler{Batch: 100, Handle: func(ctx, []outbox.Entry) error {...}})
//	o.Drain(ctx)            // one pass over due messages of every topic
//	o.Run(ctx, interval)    // drain until ctx is done (the worker)
//	o.Backlog(ctx, "search") // messages not yet delivered
//
// How delivery works. A drainer claims a batch of due messages in a short
// transaction (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so parallel
// workers take different rows; SQLite: the single-writer transaction) and
// leases them: it moves their not_before Lease ahead and counts the
// attempt. It then calls the handler outside any transaction. On success
// the rows are deleted; on an error they are retried after an exponential
// backoff (FirstRetry doubling up to MaxRetry) with the error kept in
// last_error. A drainer that dies mid-batch leaves its rows leased; they
// become due again when the lease runs out. So a message is delivered at
// least once: a crash between the handler's side effect and the delete
// re-delivers it, and a handler must make a second delivery harmless
// (notify records per notification that its e-mail went out; a search
// indexer re-reads the current state).
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// Delivery timing.
const (
	// Lease is how long a claimed message stays with its drainer before
	// another may take it; it must exceed the time a batch takes.
	Lease = 5 * time.Minute
	// FirstRetry is the wait after a first failed attempt; it doubles with
	// each further attempt, up to MaxRetry.
	FirstRetry = 10 * time.Second
	MaxRetry   = time.Hour
	// DefaultBatch is the batch size of a Handler that sets none.
	DefaultBatch = 50
)

// Message is a side effect to deliver after the transaction commits.
type Message struct {
	Topic     string    // which handler delivers it, e.g. "search", "notify"
	Key       string    // idempotency key: a second Add with the same Topic+Key while the first is pending is ignored
	Payload   any       // JSON-encoded into the row
	NotBefore time.Time // zero: as soon as possible
}

// Entry is a stored message as a handler receives it.
type Entry struct {
	ID       int64
	Topic    string
	Key      string
	Payload  json.RawMessage
	Attempts int // earlier attempts: 0 on the first delivery
}

// Handler delivers a batch of entries of one topic; an error retries the
// whole batch later with backoff.
type Handler struct {
	Batch  int
	Handle func(ctx context.Context, batch []Entry) error
}

// asap is the not_before of a message that may go at once: far enough in
// the past for any clock, including a test's fake one.
var asap = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Add writes m in tx. A second Add of the same Topic and Key while the
// first is still pending stores nothing new (its payload and NotBefore are
// ignored); if a drainer is delivering the first at that moment, the
// message is delivered once more afterwards, so a change made during a
// delivery is never missed.
func Add(ctx context.Context, tx bun.IDB, m Message) error {
	if m.Topic == "" || m.Key == "" {
		return errors.New("outbox: a message needs a topic and a key")
	}
	payload, err := json.Marshal(m.Payload)
	if err != nil {
		return fmt.Errorf("outbox: encode %s %s: %w", m.Topic, m.Key, err)
	}
	notBefore := asap
	if !m.NotBefore.IsZero() {
		notBefore = m.NotBefore.UTC()
	}
	_, err = tx.NewRaw(`INSERT INTO outbox (topic, msg_key, payload, not_before, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (topic, msg_key) DO UPDATE SET again = TRUE`,
		m.Topic, m.Key, string(payload), notBefore, time.Now().UTC()).Exec(ctx)
	if err != nil {
		return fmt.Errorf("outbox: add %s %s: %w", m.Topic, m.Key, err)
	}
	return nil
}

// Outbox delivers stored messages to the handlers registered per topic.
type Outbox struct {
	db  *bun.DB
	now func() time.Time
	log *slog.Logger

	mu       sync.RWMutex
	handlers map[string]Handler
}

// New returns an outbox on db with clock now; handlers' failures are
// logged to log.
func New(db *bun.DB, now func() time.Time, log *slog.Logger) *Outbox {
	return &Outbox{db: db, now: now, log: log, handlers: map[string]Handler{}}
}

// Register makes h deliver the messages of topic. Registering a topic
// twice, or a handler without Handle, is a programming error.
func (o *Outbox) Register(topic string, h Handler) {
	if h.Handle == nil {
		panic("outbox: handler for " + topic + " has no Handle")
	}
	if h.Batch <= 0 {
		h.Batch = DefaultBatch
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, dup := o.handlers[topic]; dup {
		panic("outbox: topic " + topic + " registered twice")
	}
	o.handlers[topic] = h
}

// Drain makes one pass over the due messages of every registered topic
// and returns how many were delivered. A handler's error is logged and its
// batch retried later; only a database error is returned.
func (o *Outbox) Drain(ctx context.Context) (int, error) {
	o.mu.RLock()
	topics := make([]string, 0, len(o.handlers))
	for t := range o.handlers {
		topics = append(topics, t)
	}
	o.mu.RUnlock()
	slices.Sort(topics)
	total := 0
	for _, topic := range topics {
		o.mu.RLock()
		h := o.handlers[topic]
		o.mu.RUnlock()
		for ctx.Err() == nil {
			n, more, err := o.batch(ctx, topic, h)
			total += n
			if err != nil {
				return total, err
			}
			if !more {
				break
			}
		}
	}
	return total, nil
}

// Run drains every interval until ctx is done, then returns nil. Database
// errors are logged and the next pass tries again.
func (o *Outbox) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := o.Drain(ctx); err != nil && ctx.Err() == nil {
			o.log.Error("outbox: drain failed", "err", err)
		} else if n > 0 {
			o.log.Debug("outbox: delivered", "messages", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Backlog counts the messages of topic not yet delivered (all topics when
// topic is empty), including those waiting for a retry or a later time.
func (o *Outbox) Backlog(ctx context.Context, topic string) (int, error) {
	q := o.db.NewSelect().Table("outbox")
	if topic != "" {
		q = q.Where("topic = ?", topic)
	}
	n, err := q.Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("outbox: backlog: %w", err)
	}
	return int(n), nil
}

// batch claims, delivers and settles one batch of topic. more reports that
// the batch was full, so another may be waiting.
func (o *Outbox) batch(ctx context.Context, topic string, h Handler) (delivered int, more bool, err error) {
	entries, err := o.claim(ctx, topic, h.Batch)
	if err != nil || len(entries) == 0 {
		return 0, false, err
	}
	if herr := o.handle(ctx, h, entries); herr != nil {
		o.log.Warn("outbox: delivery failed, will retry", "topic", topic, "messages", len(entries), "err", herr)
		// Settle with a fresh context: a shutdown must not leave the
		// batch leased for the full Lease when we know it failed.
		return 0, false, o.retry(context.WithoutCancel(ctx), entries, herr)
	}
	if err := o.done(context.WithoutCancel(ctx), entries); err != nil {
		return 0, false, err
	}
	return len(entries), len(entries) == h.Batch, nil
}

// handle calls the handler, turning a panic into an error so that one bad
// message cannot stop the worker.
func (o *Outbox) handle(ctx context.Context, h Handler, entries []Entry) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panicked: %v", r)
		}
	}()
	return h.Handle(ctx, entries)
}

type claimed struct {
	ID       int64  `bun:"id"`
	Topic    string `bun:"topic"`
	Key      string `bun:"msg_key"`
	Payload  string `bun:"payload"`
	Attempts int    `bun:"attempts"`
}

// claim leases up to n due messages of topic to this drainer.
func (o *Outbox) claim(ctx context.Context, topic string, n int) ([]Entry, error) {
	now := o.now().UTC()
	var entries []Entry
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var rows []claimed
		q := tx.NewSelect().Table("outbox").Column("id", "topic", "msg_key", "payload", "attempts").
			Where("topic = ? AND not_before <= ?", topic, now).Order("id").Limit(int64(n))
		if o.db.Dialect().Name() == dialect.PG {
			q = q.For("UPDATE SKIP LOCKED")
		}
		if err := q.Scan(ctx, &rows); err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
			entries = append(entries, Entry{ID: r.ID, Topic: r.Topic, Key: r.Key,
				Payload: json.RawMessage(r.Payload), Attempts: r.Attempts})
		}
		_, err := tx.NewUpdate().Table("outbox").
			Set("not_before = ?", now.Add(Lease)).Set("attempts = attempts + 1").Set("again = FALSE").
			Where("id IN (?)", bun.List(ids)).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: claim %s: %w", topic, err)
	}
	return entries, nil
}

// done removes delivered messages, except those added again during the
// delivery: they become due at once.
func (o *Outbox) done(ctx context.Context, entries []Entry) error {
	ids := entryIDs(entries)
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Table("outbox").Where("id IN (?) AND NOT again", bun.List(ids)).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Table("outbox").Set("not_before = ?", asap).Set("attempts = 0").Set("last_error = ''").
			Where("id IN (?) AND again", bun.List(ids)).Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("outbox: settle delivered: %w", err)
	}
	return nil
}

// retry schedules each entry of a failed batch after its backoff.
func (o *Outbox) retry(ctx context.Context, entries []Entry, cause error) error {
	now := o.now().UTC()
	msg := cause.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, e := range entries {
			_, err := tx.NewUpdate().Table("outbox").
				Set("not_before = ?", now.Add(Backoff(e.Attempts+1))).Set("last_error = ?", msg).
				Where("id = ?", e.ID).Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("outbox: schedule retry: %w", err)
	}
	return nil
}

// Backoff is the wait after the attempts-th failed attempt: FirstRetry,
// doubling, at most MaxRetry.
func Backoff(attempts int) time.Duration {
	d := FirstRetry
	for i := 1; i < attempts && d < MaxRetry; i++ {
		d *= 2
	}
	return min(d, MaxRetry)
}

func entryIDs(entries []Entry) []int64 {
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	return ids
}
