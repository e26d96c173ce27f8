package demo

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// batchSize is how many rows one INSERT writes.
const batchSize = 500

// Rows of the tables whose models are private to their packages. They
// mirror the schema of migrations/20261125120000_participation.up.sql.
type (
	activityKeyRow struct {
		bun.BaseModel `bun:"table:activity_keys"`
		UserID        uuid.UUID `bun:"user_id,pk,type:text"`
		ActorKey      string    `bun:"actor_key,notnull"`
		CreatedAt     time.Time `bun:"created_at,notnull"`
	}
	initiativeThemeRow struct {
		bun.BaseModel `bun:"table:initiative_themes"`
		InitiativeID  uuid.UUID `bun:"initiative_id,pk,type:text"`
		ThemeID       uuid.UUID `bun:"theme_id,pk,type:text"`
	}
	organiserRow struct {
		bun.BaseModel `bun:"table:organisers"`
		InitiativeID  uuid.UUID `bun:"initiative_id,pk,type:text"`
		UserID        uuid.UUID `bun:"user_id,pk,type:text"`
		CreatedAt     time.Time `bun:"created_at,notnull"`
	}
	followRow struct {
		bun.BaseModel `bun:"table:follows"`
		InitiativeID  uuid.UUID `bun:"initiative_id,pk,type:text"`
		UserID        uuid.UUID `bun:"user_id,pk,type:text"`
		CreatedAt     time.Time `bun:"created_at,notnull"`
	}
	supportRow struct {
		bun.BaseModel `bun:"table:supports"`
		IdeaID        uuid.UUID `bun:"idea_id,pk,type:text"`
		UserID        uuid.UUID `bun:"user_id,pk,type:text"`
		CreatedAt     time.Time `bun:"created_at,notnull"`
	}
)

// flusher is one table's pending rows.
type flusher interface {
	pending() int
	flush(ctx context.Context, tx bun.Tx) error
}

// rows collects rows of one table and writes them with one INSERT.
type rows[T any] struct {
	list    []T
	written int
}

func (r *rows[T]) pending() int { return len(r.list) }

func (r *rows[T]) flush(ctx context.Context, tx bun.Tx) error {
	if len(r.list) == 0 {
		return nil
	}
	if err := insert(ctx, tx, tx.NewInsert().Model(&r.list)); err != nil {
		return err
	}
	r.written += len(r.list)
	r.list = r.list[:0]
	return nil
}

// writer batches the rows of every table. When one table has a full batch
// it writes all of them, in the order of their foreign keys (users before
// the rows that name them, ideas before their supports), so that no row
// is written before a row it refers to.
type writer struct {
	users         rows[account.User]
	identities    rows[account.Identity]
	keys          rows[activityKeyRow]
	initiatives   rows[initiative.Initiative]
	themes        rows[initiativeThemeRow]
	organisers    rows[organiserRow]
	follows       rows[followRow]
	updates       rows[initiative.Update]
	ideas         rows[idea.Idea]
	statusChanges rows[idea.StatusChange]
	supports      rows[supportRow]
	comments      rows[idea.Comment]
	activity      rows[activity.Event]
}

func (w *writer) ordered() []flusher {
	return []flusher{&w.users, &w.identities, &w.keys, &w.initiatives, &w.themes, &w.organisers,
		&w.follows, &w.updates, &w.ideas, &w.statusChanges, &w.supports, &w.comments, &w.activity}
}

// flush writes every pending row.
func (w *writer) flush(ctx context.Context, tx bun.Tx) error {
	for _, f := range w.ordered() {
		if err := f.flush(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// put queues row in r and writes everything once r holds a full batch.
func put[T any](ctx context.Context, tx bun.Tx, w *writer, r *rows[T], row T) error {
	r.list = append(r.list, row)
	if len(r.list) < batchSize {
		return nil
	}
	return w.flush(ctx, tx)
}
