// Package idea keeps the ideas residents propose on an initiative, the
// supports they give them, the comments under them, the statuses organisers
// give them and the reports anyone can file about content.
//
// It decides who may do what (residents take part, organisers of the
// initiative set statuses and hide comments, staff only watch) and writes
// every act in one transaction together with its counters and its
// activity-log row. It reads the initiatives and organisers tables for the
// facts it needs, but leaves initiatives themselves to package initiative.
// It knows nothing about HTTP.
package idea

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/moderation"
)

// Status is what the organisers decided about an idea.
type Status string

// The statuses an idea can have; every idea starts Open.
const (
	Open        Status = "open"
	Considering Status = "considering"
	Planned     Status = "planned"
	Done        Status = "done"
	NotNow      Status = "not_now"
)

// Statuses returns every status in the order a form offers them.
func Statuses() []Status { return []Status{Open, Considering, Planned, Done, NotNow} }

// ParseStatus returns the status named s, or false.
func ParseStatus(s string) (Status, bool) {
	switch st := Status(s); st {
	case Open, Considering, Planned, Done, NotNow:
		return st, true
	}
	return "", false
}

// Idea is a proposal on an initiative that residents can support.
type Idea struct {
	bun.BaseModel `bun:"table:ideas,alias:idea"`

	ID           uuid.UUID `bun:"id,pk,type:text"`
	InitiativeID uuid.UUID `bun:"initiative_id,notnull,type:text"`
	// NeighbourhoodID is the initiative's, kept on the idea for the
	// neighbourhood's lists.
	NeighbourhoodID uuid.UUID  `bun:"neighbourhood_id,type:text"`
	AuthorID        *uuid.UUID `bun:"author_id,type:text"` // nil once the author's account is deleted
	Title           string     `bun:"title,notnull"`
	Description     string     `bun:"description,notnull"` // Markdown source
	ThemeID         *uuid.UUID `bun:"theme_id,type:text"`
	Status          Status     `bun:"status,notnull"`
	StatusReason    string     `bun:"status_reason,notnull"`
	FirstStatusAt   *time.Time `bun:"first_status_at"` // when an organiser first reacted
	SupportsCount   int        `bun:"supports_count,notnull"`
	CommentsCount   int        `bun:"comments_count,notnull"` // visible comments only
	RemovedAt       *time.Time `bun:"removed_at"`
	CreatedAt       time.Time  `bun:"created_at,notnull"`
	UpdatedAt       time.Time  `bun:"updated_at,notnull"`
	// A hidden idea leaves every list; its page shows the reason to all
	// but its author and moderators.
	moderation.Concealment

	// Filled by the read methods from joined tables.
	AuthorName      string `bun:"author_name,scanonly"` // "" when the account is gone
	InitiativeSlug  string `bun:"initiative_slug,scanonly"`
	InitiativeTitle string `bun:"initiative_title,scanonly"`
	// RecentSupports counts the supports of the trending window; only the
	// "trending" sort fills it.
	RecentSupports int `bun:"recent_supports,scanonly"`
}

// Input returns the idea as a filled-in edit form.
func (it Idea) Input() Input {
	in := Input{Title: it.Title, Description: it.Description}
	if it.ThemeID != nil {
		in.ThemeID = it.ThemeID.String()
	}
	return in
}

// StatusChange is one entry in an idea's status history.
type StatusChange struct {
	bun.BaseModel `bun:"table:idea_status_changes,alias:sc"`

	ID        uuid.UUID  `bun:"id,pk,type:text"`
	IdeaID    uuid.UUID  `bun:"idea_id,notnull,type:text"`
	Status    Status     `bun:"status,notnull"`
	Reason    string     `bun:"reason,notnull"`
	ChangedBy *uuid.UUID `bun:"changed_by,type:text"`
	CreatedAt time.Time  `bun:"created_at,notnull"`

	// ChangedByName is the organiser's display name, "" when the account is gone.
	ChangedByName string `bun:"changed_by_name,scanonly"`
}

// Comment is a reaction under an idea, or a reply to one.
type Comment struct {
	bun.BaseModel `bun:"table:comments,alias:c"`

	ID           uuid.UUID  `bun:"id,pk,type:text"`
	IdeaID       uuid.UUID  `bun:"idea_id,notnull,type:text"`
	ParentID     *uuid.UUID `bun:"parent_id,type:text"` // nil for a top-level comment
	AuthorID     *uuid.UUID `bun:"author_id,type:text"`
	Body         string     `bun:"body,notnull"`
	HiddenReason string     `bun:"hidden_reason,notnull"` // set when an organiser hid it
	HiddenBy     *uuid.UUID `bun:"hidden_by,type:text"`
	DeletedAt    *time.Time `bun:"deleted_at"` // set when the author removed it
	CreatedAt    time.Time  `bun:"created_at,notnull"`
	UpdatedAt    time.Time  `bun:"updated_at,notnull"`

	AuthorName string    `bun:"author_name,scanonly"`
	Replies    []Comment `bun:"-"` // oldest first; replies have no replies
}

// Deleted reports whether the author removed the comment.
func (c Comment) Deleted() bool { return c.DeletedAt != nil }

// Hidden reports whether an organiser hid the comment.
func (c Comment) Hidden() bool { return c.HiddenReason != "" }

// Visible reports whether the comment's text is shown and counted.
func (c Comment) Visible() bool { return !c.Deleted() && !c.Hidden() }

// Report is someone's notice that content breaks the rules.
type Report struct {
	bun.BaseModel `bun:"table:reports,alias:r"`

	ID         uuid.UUID  `bun:"id,pk,type:text"`
	TargetKind string     `bun:"target_kind,notnull"`
	TargetID   uuid.UUID  `bun:"target_id,notnull,type:text"`
	ReporterID *uuid.UUID `bun:"reporter_id,type:text"`
	Reason     string     `bun:"reason,notnull"`
	Text       string     `bun:"text,notnull"`
	CreatedAt  time.Time  `bun:"created_at,notnull"`
	ResolvedAt *time.Time `bun:"resolved_at"`
}
