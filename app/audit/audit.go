// Package audit keeps the audit log: who did what, when and why, for
// moderation actions, role changes and account deletions. It is
// append-only: this package inserts and reads, it never updates or
// deletes a row. Entries name their actor by id, never by name or e-mail,
// so a deleted account leaves nothing personal behind (the foreign key
// forgets the id when the user row goes).
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
)

// Action is what was done.
type Action string

// The audited actions.
const (
	AccountDeleted Action = "account_deleted"
	RoleChanged    Action = "role_changed"
	UserBlocked    Action = "user_blocked"
	UserUnblocked  Action = "user_unblocked"
	// NeighbourhoodsImported: a CSV import; Reason holds "+added, ~updated".
	NeighbourhoodsImported Action = "neighbourhoods_imported"
	SettingsChanged        Action = "settings_changed"
	ThemeCreated           Action = "theme_created"
	ThemeChanged           Action = "theme_changed"
	ReportsDismissed       Action = "reports_dismissed"
	ContentHidden          Action = "content_hidden"
	// ContentRestored: an appeal against a hiding succeeded; AppealUpheld:
	// it did not, and the content stays hidden.
	ContentRestored Action = "content_restored"
	AppealUpheld    Action = "appeal_upheld"
	// TokenCreated, TokenRevoked: an API token; Reason holds its name.
	TokenCreated Action = "api_token_created"
	TokenRevoked Action = "api_token_revoked"
)

// Entry is one row of the audit log.
type Entry struct {
	bun.BaseModel `bun:"table:audit_log,alias:a"`

	ID          uuid.UUID    `bun:"id,pk,type:text"`
	ActorID     *uuid.UUID   `bun:"actor_id,type:text"` // nil once the actor's account is gone
	ActorRole   account.Role `bun:"actor_role,notnull"`
	Action      Action       `bun:"action,notnull"`
	SubjectKind string       `bun:"subject_kind,notnull"` // "user", "idea", …; "" when none
	SubjectID   string       `bun:"subject_id,notnull"`
	Reason      string       `bun:"reason,notnull"`
	CreatedAt   time.Time    `bun:"created_at,notnull"`

	// ActorName is the actor's current display name, "" when the account
	// is gone; read with the entry, never stored.
	ActorName string `bun:"actor_name,scanonly"`
}

// Append writes e inside the caller's transaction, so that an action and
// its audit row commit or roll back together. ID and CreatedAt are filled
// in when zero.
func Append(ctx context.Context, tx bun.IDB, e Entry) error {
	if e.ID == uuid.Nil {
		e.ID = uuid.Must(uuid.NewV7())
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	e.CreatedAt = e.CreatedAt.UTC()
	if _, err := tx.NewInsert().Model(&e).Exec(ctx); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// List returns the newest entries first, at most limit, with the actors'
// current names.
func List(ctx context.Context, q bun.IDB, limit int) ([]Entry, error) {
	var es []Entry
	err := q.NewSelect().Model(&es).
		ColumnExpr("a.*").
		ColumnExpr("COALESCE(u.display_name, '') AS actor_name").
		Join("LEFT JOIN users AS u ON u.id = a.actor_id").
		OrderExpr("a.created_at DESC, a.id DESC").
		Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return es, nil
}
