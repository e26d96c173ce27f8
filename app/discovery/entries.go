package discovery

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// The kinds of entries.
const (
	KindInitiative = "initiative" // a new initiative
	KindUpdate     = "update"     // news its organisers posted
	KindIdea       = "idea"       // an idea residents proposed
	KindActivity   = "activity"   // an activity its organisers planned
)

// Scope picks whose entries to list; at most one field is set. The zero
// Scope lists the whole municipality.
type Scope struct {
	NeighbourhoodID *uuid.UUID
	InitiativeID    *uuid.UUID
	ThemeID         *uuid.UUID
}

// Entry is one public event: a new initiative, an update or an idea.
type Entry struct {
	Kind            string    `bun:"kind"`
	ID              uuid.UUID `bun:"id,type:text"`
	CreatedAt       time.Time `bun:"created_at"`
	Title           string    `bun:"title"` // "" for updates
	Body            string    `bun:"body"`  // Markdown; the summary for initiatives
	AuthorName      string    `bun:"author_name"`
	InitiativeSlug  string    `bun:"initiative_slug"`
	InitiativeTitle string    `bun:"initiative_title"`
	// For activities: when and where, and whether it was cancelled
	// (Status "cancelled"); zero for other kinds.
	StartsAt *time.Time `bun:"starts_at"`
	Place    string     `bun:"place"`
	Status   string     `bun:"status"`
}

// EntryPage is one page of entries, newest first, and the cursor of the
// next page ("" on the last).
type EntryPage struct {
	Entries []Entry
	Next    string
}

// Page sizes of Entries.
const (
	DefaultEntries = 50
	MaxEntries     = 100
)

// ErrCursor is a cursor that Entries cannot read.
var ErrCursor = apperr.InvalidFields(map[string]string{"na": "discovery.cursor.invalid"})

// Entries returns a page of the scope's public entries, newest first,
// starting after cursor ("" for the first page). Following the cursors
// visits every entry exactly once: nothing is cut off at a fixed length.
func (s *Service) Entries(ctx context.Context, scope Scope, cursor string, limit int) (EntryPage, error) {
	after, err := decodeEntryCursor(cursor)
	if err != nil {
		return EntryPage{}, err
	}
	if limit <= 0 {
		limit = DefaultEntries
	}
	limit = min(limit, MaxEntries)
	where, args := scopeWhere(scope)
	var entries []Entry
	var sql strings.Builder
	var all []any
	// Each branch takes its own newest limit+1 rows through its index
	// before the union is sorted, so a page costs the same on page 1 and
	// page 200.
	for i, b := range entryBranches {
		if i > 0 {
			sql.WriteString(" UNION ALL ")
		}
		cond := where
		bargs := append([]any(nil), args...)
		if b.extra != "" {
			cond += " AND " + b.extra
		}
		if after != nil {
			cond += fmt.Sprintf(" AND (%s.created_at, %s.id) < (?, ?)", b.alias, b.alias)
			bargs = append(bargs, after.Created, after.ID)
		}
		fmt.Fprintf(&sql, "SELECT * FROM (%s WHERE %s ORDER BY %s.created_at DESC, %s.id DESC LIMIT %d) AS b%d",
			b.sel, cond, b.alias, b.alias, limit+1, i)
		all = append(all, bargs...)
	}
	q := "SELECT * FROM (" + sql.String() + ") AS e ORDER BY e.created_at DESC, e.id DESC LIMIT " + fmt.Sprint(limit+1)
	if err := s.db.NewRaw(q, all...).Scan(ctx, &entries); err != nil {
		return EntryPage{}, fmt.Errorf("list entries: %w", err)
	}
	if len(entries) <= limit {
		return EntryPage{Entries: entries}, nil
	}
	entries = entries[:limit]
	last := entries[limit-1]
	return EntryPage{Entries: entries, Next: encodeEntryCursor(entryCursor{Created: last.CreatedAt, ID: last.ID})}, nil
}

// entryBranch is the query of one kind of entry; every one joins the
// initiative as "i", so that the scope applies alike. Columns that only
// activities have are typed NULLs elsewhere, so that PostgreSQL can unite
// them (SQLite takes any type name).
type entryBranch struct{ sel, alias, extra string }

const noActivity = ", CAST(NULL AS timestamptz) AS starts_at, '' AS place, '' AS status"

var entryBranches = []entryBranch{
	{sel: "SELECT 'initiative' AS kind, i.id AS id, i.created_at AS created_at, i.title AS title," +
		" i.summary AS body, '' AS author_name, i.slug AS initiative_slug, i.title AS initiative_title" +
		noActivity + " FROM initiatives AS i", alias: "i"},
	{sel: "SELECT 'update' AS kind, u.id AS id, u.created_at AS created_at, '' AS title, u.body AS body," +
		" COALESCE(a.display_name, '') AS author_name, i.slug AS initiative_slug, i.title AS initiative_title" +
		noActivity + " FROM updates AS u JOIN initiatives AS i ON i.id = u.initiative_id LEFT JOIN users AS a ON a.id = u.author_id",
		alias: "u", extra: "u.hidden_reason = ''"},
	{sel: "SELECT 'idea' AS kind, d.id AS id, d.created_at AS created_at, d.title AS title, d.description AS body," +
		" COALESCE(a.display_name, '') AS author_name, i.slug AS initiative_slug, i.title AS initiative_title" +
		noActivity + " FROM ideas AS d JOIN initiatives AS i ON i.id = d.initiative_id LEFT JOIN users AS a ON a.id = d.author_id",
		alias: "d", extra: "d.removed_at IS NULL AND d.hidden_reason = ''"},
	{sel: "SELECT 'activity' AS kind, v.id AS id, v.created_at AS created_at, v.title AS title, v.description AS body," +
		" '' AS author_name, i.slug AS initiative_slug, i.title AS initiative_title," +
		" v.starts_at AS starts_at, v.place AS place, v.status AS status" +
		" FROM activities AS v JOIN initiatives AS i ON i.id = v.initiative_id", alias: "v"},
}

// scopeWhere is the condition on the initiative "i" that scope selects;
// archived and hidden initiatives are always left out.
func scopeWhere(scope Scope) (string, []any) {
	where := "i.status <> 'archived' AND i.hidden_reason = ''"
	switch {
	case scope.InitiativeID != nil:
		return where + " AND i.id = ?", []any{*scope.InitiativeID}
	case scope.NeighbourhoodID != nil:
		return where + " AND i.neighbourhood_id = ?", []any{*scope.NeighbourhoodID}
	case scope.ThemeID != nil:
		return where + " AND EXISTS (SELECT 1 FROM initiative_themes AS it" +
			" WHERE it.initiative_id = i.id AND it.theme_id = ?)", []any{*scope.ThemeID}
	}
	return where, nil
}

// entryCursor is where a page ended. It travels as opaque base64url JSON;
// its values are only ever bound as query parameters.
type entryCursor struct {
	Created time.Time `json:"c"`
	ID      uuid.UUID `json:"i"`
}

func encodeEntryCursor(c entryCursor) string {
	data, err := json.Marshal(c)
	if err != nil {
		panic(err) // plain values always marshal
	}
	return base64.RawURLEncoding.EncodeToString(data)
}

func decodeEntryCursor(raw string) (*entryCursor, error) {
	if raw == "" {
		return nil, nil
	}
	data, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return nil, ErrCursor
	}
	var c entryCursor
	if err := json.Unmarshal(data, &c); err != nil || c.ID == uuid.Nil || c.Created.IsZero() {
		return nil, ErrCursor
	}
	return &c, nil
}
