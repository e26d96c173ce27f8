// Package discovery lists what the public may see of Buurtboost, for the
// ways people find it outside the site itself: Atom feeds, the sitemap,
// posters and the embeddable widget. It reads the initiatives, updates
// and ideas tables and decides one thing: archived initiatives (and
// everything on them) and removed ideas never leave the site this way.
// It knows nothing about HTTP or feed formats.
package discovery

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// Service lists public content.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns a Service on db with clock now.
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// Public reports whether an initiative may be shown outside its own page:
// on posters, in feeds, embeds and the sitemap. Archived initiatives stay
// reachable for whoever has the link, but are not spread any further;
// hidden ones show only the moderators' reason.
func Public(ini initiative.Initiative) bool {
	return ini.Status != initiative.Archived && !ini.Hidden()
}

// ErrNotPublic is the answer for an initiative that is not Public: to the
// outside it does not exist.
var ErrNotPublic = apperr.E(apperr.NotFound, "error.not_found")
