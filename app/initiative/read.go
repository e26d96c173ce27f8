package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Filter selects initiatives for List. The zero Filter lists every
// initiative that is not archived.
type Filter struct {
	NeighbourhoodID *uuid.UUID
	// Statuses to list; empty means every status but Archived.
	Statuses []Status
	// Limit is the most to return: DefaultLimit when 0, at most MaxLimit.
	Limit int
}

// Page sizes of List.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// BySlug returns the initiative with slug. When slug is one of its earlier
// slugs, redirectTo is the current slug, for a permanent redirect.
func (s *Service) BySlug(ctx context.Context, slug string) (ini Initiative, redirectTo string, err error) {
	err = s.db.NewSelect().Model(&ini).Where("i.slug = ?", slug).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.NewSelect().Model(&ini).
			Where("i.id = (?)", s.db.NewSelect().Model((*oldSlug)(nil)).Column("initiative_id").Where("slug = ?", slug)).
			Scan(ctx)
		redirectTo = ini.Slug
	}
	if errors.Is(err, sql.ErrNoRows) {
		return Initiative{}, "", ErrNotFound
	}
	if err != nil {
		return Initiative{}, "", fmt.Errorf("initiative %q: %w", slug, err)
	}
	ini, err = s.withThemes(ctx, ini)
	return ini, redirectTo, err
}

// ByID returns the initiative with id, or ErrNotFound.
func (s *Service) ByID(ctx context.Context, id uuid.UUID) (Initiative, error) {
	var ini Initiative
	err := s.db.NewSelect().Model(&ini).Where("i.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Initiative{}, ErrNotFound
	}
	if err != nil {
		return Initiative{}, fmt.Errorf("initiative %s: %w", id, err)
	}
	return s.withThemes(ctx, ini)
}

// List returns the initiatives f selects, newest first, with their themes.
// It takes two queries however many initiatives it returns.
func (s *Service) List(ctx context.Context, f Filter) ([]Initiative, error) {
	var inis []Initiative
	q := s.db.NewSelect().Model(&inis).Where("i.hidden_reason = ''").
		OrderExpr("i.created_at DESC, i.id DESC").Limit(int64(pageSize(f.Limit)))
	if f.NeighbourhoodID != nil {
		q = q.Where("i.neighbourhood_id = ?", *f.NeighbourhoodID)
	}
	if len(f.Statuses) > 0 {
		q = q.Where("i.status IN (?)", bun.List(f.Statuses))
	} else {
		q = q.Where("i.status <> ?", Archived)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("list initiatives: %w", err)
	}
	if err := loadThemes(ctx, s.db, inis); err != nil {
		return nil, fmt.Errorf("list initiatives: %w", err)
	}
	return inis, nil
}

func pageSize(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

func (s *Service) withThemes(ctx context.Context, ini Initiative) (Initiative, error) {
	one := []Initiative{ini}
	if err := loadThemes(ctx, s.db, one); err != nil {
		return Initiative{}, fmt.Errorf("themes of initiative %s: %w", ini.ID, err)
	}
	return one[0], nil
}

// themeOf is a theme together with an initiative it tags.
type themeOf struct {
	municipality.Theme `bun:",extend"`

	InitiativeID uuid.UUID `bun:"initiative_id,scanonly,type:text"`
}

// loadThemes fills the Themes of every initiative in inis with one query.
func loadThemes(ctx context.Context, q bun.IDB, inis []Initiative) error {
	if len(inis) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(inis))
	for i, ini := range inis {
		ids[i] = ini.ID
	}
	var rows []themeOf
	err := q.NewSelect().Model(&rows).ColumnExpr("?TableAlias.*, it.initiative_id").
		Join("JOIN initiative_themes AS it ON it.theme_id = ?TableAlias.id").
		Where("it.initiative_id IN (?)", bun.List(ids)).OrderExpr("?TableAlias.slug").Scan(ctx)
	if err != nil {
		return err
	}
	byInitiative := make(map[uuid.UUID][]municipality.Theme, len(inis))
	for _, r := range rows {
		byInitiative[r.InitiativeID] = append(byInitiative[r.InitiativeID], r.Theme)
	}
	for i := range inis {
		inis[i].Themes = byInitiative[inis[i].ID]
	}
	return nil
}

// Organisers returns the initiative's organisers in the order they joined.
func (s *Service) Organisers(ctx context.Context, id uuid.UUID) ([]account.User, error) {
	var us []account.User
	err := s.db.NewSelect().Model(&us).
		Join("JOIN organisers AS o ON o.user_id = ?TableAlias.id").Where("o.initiative_id = ?", id).
		OrderExpr("o.created_at, ?TableAlias.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("organisers of initiative %s: %w", id, err)
	}
	return us, nil
}

// IsOrganiser reports whether the user is one of the initiative's organisers.
func (s *Service) IsOrganiser(ctx context.Context, initiativeID, userID uuid.UUID) (bool, error) {
	ok, err := isOrganiser(ctx, s.db, initiativeID, userID)
	if err != nil {
		return false, fmt.Errorf("is organiser: %w", err)
	}
	return ok, nil
}
