package search

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/outbox"
)

// Topic is the outbox topic of index changes.
const Topic = "search"

// Change says that the item of Kind with ID changed somehow: created,
// edited, hidden or deleted. The indexer reads the item's current state
// when it delivers the change, so one kind of message covers every change,
// and a late or repeated delivery never brings back an old state.
type Change struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	// Cascade: a change the item's children carry too (an initiative's
	// title, neighbourhood or status for its ideas, activities and tasks;
	// an activity's cancellation for its tasks), so they are indexed again
	// with it.
	Cascade bool `json:"cascade,omitempty"`
}

// EnqueueCascade records in tx that the item changed in a way its
// children's documents show (see Change.Cascade), so that they are indexed
// again too.
func EnqueueCascade(ctx context.Context, tx bun.IDB, kind Kind, id string) error {
	return outbox.Add(ctx, tx, outbox.Message{Topic: Topic, Key: string(kind) + "+children:" + id,
		Payload: Change{Kind: kind, ID: id, Cascade: true}})
}

// Enqueue records in tx that the item changed, so that the index follows
// once tx commits. Call it in the transaction of the change.
func Enqueue(ctx context.Context, tx bun.IDB, kind Kind, id string) error {
	return outbox.Add(ctx, tx, outbox.Message{Topic: Topic, Key: string(kind) + ":" + id,
		Payload: Change{Kind: kind, ID: id}})
}
