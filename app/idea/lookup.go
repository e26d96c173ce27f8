package idea

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
)

// ErrNotFound is returned for an unknown or removed idea, comment or
// report target.
var ErrNotFound = apperr.E(apperr.NotFound, "error.not_found")

// initiativeFacts is what this package needs to know about an initiative.
// The initiatives table belongs to package initiative; it is read here
// directly so that the two packages do not depend on each other.
type initiativeFacts struct {
	NeighbourhoodID uuid.UUID `bun:"neighbourhood_id,type:text"`
	Status          string    `bun:"status"`
}

func initiativeOf(ctx context.Context, q bun.IDB, id uuid.UUID) (initiativeFacts, error) {
	var f initiativeFacts
	err := q.NewSelect().Table("initiatives").Column("neighbourhood_id", "status").
		Where("id = ?", id).Scan(ctx, &f)
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	return f, err
}

// isOrganiser reports whether the user organises the initiative.
func isOrganiser(ctx context.Context, q bun.IDB, initiativeID, userID uuid.UUID) (bool, error) {
	return q.NewSelect().Table("organisers").
		Where("initiative_id = ? AND user_id = ?", initiativeID, userID).Exists(ctx)
}

func themeExists(ctx context.Context, q bun.IDB, id uuid.UUID) (bool, error) {
	return q.NewSelect().Table("themes").Where("id = ?", id).Exists(ctx)
}

// liveIdea returns the idea with id, with the neighbourhood of its
// initiative, or ErrNotFound when there is none or it was removed.
func liveIdea(ctx context.Context, q bun.IDB, id uuid.UUID) (Idea, error) {
	var it Idea
	err := q.NewSelect().Model(&it).
		Where("idea.id = ? AND idea.removed_at IS NULL", id).
		Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Idea{}, ErrNotFound
	}
	return it, err
}

// logEntry is the activity-log row of an act by user on the idea.
func (it Idea) logEntry(kind activity.Kind, userID uuid.UUID, at time.Time) activity.Entry {
	id, ini, nb := it.ID, it.InitiativeID, it.NeighbourhoodID
	return activity.Entry{UserID: userID, Kind: kind, NeighbourhoodID: &nb,
		InitiativeID: &ini, IdeaID: &id, ThemeID: it.ThemeID, At: at}
}

// affected reports whether a statement changed any row.
func affected(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	return n > 0, err
}

// orElse returns err, or alt when err is nil.
func orElse(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}
