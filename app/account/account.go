// Package account keeps users, the login identities linked to them and their
// server-side sessions. It decides who someone is; what a role may do is
// decided by the policy in package web.
package account

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Role is what a user is on the platform.
type Role string

// The roles. Staff watch (the municipality's read-only dashboard); admins
// operate the platform; everyone else is a resident.
const (
	Resident Role = "resident"
	Staff    Role = "staff"
	Admin    Role = "admin"
)

// ParseRole returns the role named s, or false.
func ParseRole(s string) (Role, bool) {
	switch r := Role(s); r {
	case Resident, Staff, Admin:
		return r, true
	}
	return "", false
}

// User is a person with an account.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID                 uuid.UUID  `bun:"id,pk,type:text"`
	DisplayName        string     `bun:"display_name,notnull"`
	AvatarURL          string     `bun:"avatar_url,notnull"`
	Email              *string    `bun:"email"` // only when the provider verified it
	NeighbourhoodID    *uuid.UUID `bun:"neighbourhood_id,type:text"`
	NeighbourhoodAsked bool       `bun:"neighbourhood_asked,notnull"`
	Role               Role       `bun:"role,notnull"`
	EmailConsent       bool       `bun:"email_consent,notnull"`
	CreatedAt          time.Time  `bun:"created_at,notnull"`
	UpdatedAt          time.Time  `bun:"updated_at,notnull"`
	// BlockedAt is set while an administrator has blocked the user: they
	// may read but not write (see package web's access check).
	BlockedAt     *time.Time `bun:"blocked_at"`
	BlockedReason string     `bun:"blocked_reason,notnull"`
}

// Blocked reports whether an administrator has blocked the user.
func (u User) Blocked() bool { return u.BlockedAt != nil }

// Identity links a user to one account at a login provider.
type Identity struct {
	bun.BaseModel `bun:"table:identities"`

	ID          uuid.UUID `bun:"id,pk,type:text"`
	UserID      uuid.UUID `bun:"user_id,notnull,type:text"`
	Provider    string    `bun:"provider,notnull"`
	Subject     string    `bun:"subject,notnull"`
	CreatedAt   time.Time `bun:"created_at,notnull"`
	LastLoginAt time.Time `bun:"last_login_at,notnull"`
}

// Session is one logged-in browser. ID is the SHA-256 of the cookie token.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	ID         string    `bun:"id,pk"`
	UserID     uuid.UUID `bun:"user_id,notnull,type:text"`
	CreatedAt  time.Time `bun:"created_at,notnull"`
	LastSeenAt time.Time `bun:"last_seen_at,notnull"`
	ExpiresAt  time.Time `bun:"expires_at,notnull"`
	UserAgent  string    `bun:"user_agent,notnull"`

	// User is loaded with the session, in the same query, on every request.
	User *User `bun:"rel:belongs-to,join:user_id=id" json:"-"`
}

// Profile is what a login provider told us about a person, reduced to what
// we keep. Email is empty unless the provider said it is verified.
type Profile struct {
	Provider  string
	Subject   string
	Name      string
	Email     string
	AvatarURL string
}
