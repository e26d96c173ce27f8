// Package privacy carries out residents' rights under the AVG (GDPR): a
// copy of everything the platform keeps about them ("download my data")
// and erasure of their account ("delete my account").
//
// Erasure keeps what the neighbourhood built: initiatives, ideas, comments
// and updates stay, shown as by a "former resident", because their author
// columns forget the user when the user row is deleted. Everything that
// says something about the person — identities, sessions, e-mail address,
// name, consents, supports, follows, RSVPs, sign-ups, notifications — goes,
// and every counter those rows fed is lowered in the same transaction.
package privacy

import (
	"time"

	"github.com/uptrace/bun"
)

// Service exports and erases accounts.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}
