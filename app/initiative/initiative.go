// Package initiative keeps what residents start in their neighbourhood: the
// initiatives themselves with their readable addresses (slugs), the
// organisers who run them and the one-time invitations that add more, the
// residents who follow them and the updates organisers post.
//
// It decides who may do what with an initiative (only organisers edit, only
// residents take part) and writes every act in one transaction together
// with its activity-log row. It knows nothing about HTTP.
package initiative

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/moderation"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Status is where an initiative stands.
type Status string

// The statuses. Archived initiatives are hidden from lists unless asked for;
// organisers can still edit them (and change the status back).
const (
	Active    Status = "active"
	Paused    Status = "paused"
	Completed Status = "completed"
	Archived  Status = "archived"
)

// Statuses returns every status in the order a form offers them.
func Statuses() []Status { return []Status{Active, Paused, Completed, Archived} }

// ParseStatus returns the status named s, or false.
func ParseStatus(s string) (Status, bool) {
	switch st := Status(s); st {
	case Active, Paused, Completed, Archived:
		return st, true
	}
	return "", false
}

// Initiative is something residents start and run together.
type Initiative struct {
	bun.BaseModel `bun:"table:initiatives,alias:i"`

	ID              uuid.UUID  `bun:"id,pk,type:text"`
	Slug            string     `bun:"slug,notnull"`
	Title           string     `bun:"title,notnull"`
	Summary         string     `bun:"summary,notnull"`
	Description     string     `bun:"description,notnull"`
	NeighbourhoodID uuid.UUID  `bun:"neighbourhood_id,notnull,type:text"`
	Status          Status     `bun:"status,notnull"`
	CoverImage      string     `bun:"cover_image,notnull"` // storage key of the processed upload, or ""
	WebsiteURL      string     `bun:"website_url,notnull"`
	FacebookURL     string     `bun:"facebook_url,notnull"`
	InstagramURL    string     `bun:"instagram_url,notnull"`
	XURL            string     `bun:"x_url,notnull"`
	WhatsAppURL     string     `bun:"whatsapp_url,notnull"`
	CreatedBy       *uuid.UUID `bun:"created_by,type:text"` // nil once the creator's account is deleted
	FollowersCount  int        `bun:"followers_count,notnull"`
	IdeasCount      int        `bun:"ideas_count,notnull"`
	CreatedAt       time.Time  `bun:"created_at,notnull"`
	UpdatedAt       time.Time  `bun:"updated_at,notnull"`
	// A hidden initiative leaves every list, feed and the index; its page
	// shows the reason to all but its organisers and administrators.
	moderation.Concealment

	// Themes are the initiative's themes ordered by slug; the read methods
	// of Service fill them.
	Themes []municipality.Theme `bun:"-"`
}

// Links returns the initiative's links, for filling an edit form.
func (ini Initiative) Links() Links {
	return Links{Website: ini.WebsiteURL, Facebook: ini.FacebookURL, Instagram: ini.InstagramURL,
		X: ini.XURL, WhatsApp: ini.WhatsAppURL}
}

// ThemeIDs returns the ids of the initiative's themes as form values.
func (ini Initiative) ThemeIDs() []string {
	ids := make([]string, len(ini.Themes))
	for i, t := range ini.Themes {
		ids[i] = t.ID.String()
	}
	return ids
}

// Input returns the initiative as a filled-in edit form.
func (ini Initiative) Input() Input {
	return Input{Title: ini.Title, Summary: ini.Summary, Description: ini.Description,
		NeighbourhoodID: ini.NeighbourhoodID.String(), ThemeIDs: ini.ThemeIDs(), Links: ini.Links(),
		Status: string(ini.Status)}
}

// Update is news an organiser posts on an initiative.
type Update struct {
	bun.BaseModel `bun:"table:updates,alias:u"`

	ID           uuid.UUID  `bun:"id,pk,type:text"`
	InitiativeID uuid.UUID  `bun:"initiative_id,notnull,type:text"`
	AuthorID     *uuid.UUID `bun:"author_id,type:text"` // nil once the author's account is deleted
	Body         string     `bun:"body,notnull"`
	CreatedAt    time.Time  `bun:"created_at,notnull"`
	// A hidden update shows the reason in its place to all but the
	// initiative's organisers.
	moderation.Concealment

	// AuthorName is the author's display name, "" when the account is gone.
	AuthorName string `bun:"author_name,scanonly"`
}

// organiser makes a user one of an initiative's organisers.
type organiser struct {
	bun.BaseModel `bun:"table:organisers"`

	InitiativeID uuid.UUID `bun:"initiative_id,pk,type:text"`
	UserID       uuid.UUID `bun:"user_id,pk,type:text"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
}

// follow records that a user follows an initiative.
type follow struct {
	bun.BaseModel `bun:"table:follows"`

	InitiativeID uuid.UUID `bun:"initiative_id,pk,type:text"`
	UserID       uuid.UUID `bun:"user_id,pk,type:text"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
}

// initiativeTheme tags an initiative with a theme.
type initiativeTheme struct {
	bun.BaseModel `bun:"table:initiative_themes"`

	InitiativeID uuid.UUID `bun:"initiative_id,pk,type:text"`
	ThemeID      uuid.UUID `bun:"theme_id,pk,type:text"`
}

// oldSlug is an earlier address of an initiative, kept so links keep working.
type oldSlug struct {
	bun.BaseModel `bun:"table:initiative_slugs"`

	Slug         string    `bun:"slug,pk"`
	InitiativeID uuid.UUID `bun:"initiative_id,notnull,type:text"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
}

// invite is a one-time invitation to become an organiser. Only the SHA-256
// of the token is stored, so a leaked database does not leak invitations.
type invite struct {
	bun.BaseModel `bun:"table:organiser_invites"`

	ID           uuid.UUID  `bun:"id,pk,type:text"`
	TokenHash    string     `bun:"token_hash,notnull"`
	InitiativeID uuid.UUID  `bun:"initiative_id,notnull,type:text"`
	CreatedBy    *uuid.UUID `bun:"created_by,type:text"`
	CreatedAt    time.Time  `bun:"created_at,notnull"`
	ExpiresAt    time.Time  `bun:"expires_at,notnull"`
	UsedAt       *time.Time `bun:"used_at"`
	UsedBy       *uuid.UUID `bun:"used_by,type:text"`
}

// The errors callers distinguish.
var (
	// ErrNotFound: no initiative with that id or slug.
	ErrNotFound = apperr.E(apperr.NotFound, "error.not_found")
	// ErrNotOrganiser: only the initiative's organisers (who are residents)
	// may do this; staff and admins included.
	ErrNotOrganiser = apperr.E(apperr.Forbidden, "initiative.forbidden.organisers")
	// ErrResidentsOnly: staff and admins watch; they do not take part.
	ErrResidentsOnly = apperr.E(apperr.Forbidden, "initiative.forbidden.residents")
	// ErrInviteInvalid: the invitation is unknown, already used or expired.
	// It is a NotFound, so the web layer shows it like a missing page, with
	// this key as the explanation.
	ErrInviteInvalid = apperr.E(apperr.NotFound, "initiative.invite.invalid")
	// ErrLastOrganiser: an initiative always keeps at least one organiser.
	ErrLastOrganiser = apperr.E(apperr.Conflict, "initiative.leave.last")
)
