package municipality

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// Service reads and writes the municipality's reference data.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// ErrNotFound is returned when a neighbourhood or theme does not exist.
var ErrNotFound = apperr.E(apperr.NotFound, "error.not_found")

// Settings returns the municipality's settings, or defaults when none have
// been stored yet.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	var st Settings
	err := s.db.NewSelect().Model(&st).Where("id = 1").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{ID: 1, Name: "Buurtboost"}, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("load municipality settings: %w", err)
	}
	return st, nil
}

// SaveSettings creates or replaces the municipality's settings.
func (s *Service) SaveSettings(ctx context.Context, st Settings) error {
	st.ID = 1
	st.UpdatedAt = s.now().UTC()
	_, err := s.db.NewInsert().Model(&st).
		On("CONFLICT (id) DO UPDATE").
		Set("name = EXCLUDED.name, logo_url = EXCLUDED.logo_url").
		Set("primary_color = EXCLUDED.primary_color, accent_color = EXCLUDED.accent_color").
		Set("privacy_contact = EXCLUDED.privacy_contact, updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("save municipality settings: %w", err)
	}
	return nil
}

// EnsureSettings stores st unless settings exist, and reports whether it did.
func (s *Service) EnsureSettings(ctx context.Context, st Settings) (bool, error) {
	st.ID, st.UpdatedAt = 1, s.now().UTC()
	res, err := s.db.NewInsert().Model(&st).On("CONFLICT (id) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("add municipality settings: %w", err)
	}
	return affected(res), nil
}

// ListNeighbourhoods returns every neighbourhood in alphabetical order.
func (s *Service) ListNeighbourhoods(ctx context.Context) ([]Neighbourhood, error) {
	var ns []Neighbourhood
	if err := s.db.NewSelect().Model(&ns).OrderExpr("name ASC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list neighbourhoods: %w", err)
	}
	return ns, nil
}

// NeighbourhoodBySlug returns the neighbourhood with slug, or ErrNotFound.
func (s *Service) NeighbourhoodBySlug(ctx context.Context, slug string) (Neighbourhood, error) {
	var n Neighbourhood
	err := s.db.NewSelect().Model(&n).Where("slug = ?", slug).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Neighbourhood{}, ErrNotFound
	}
	if err != nil {
		return Neighbourhood{}, fmt.Errorf("neighbourhood %q: %w", slug, err)
	}
	return n, nil
}

// EnsureNeighbourhood adds n unless a neighbourhood with its slug exists,
// and reports whether it was added. Existing rows are left as they are, so
// seeding twice changes nothing.
func (s *Service) EnsureNeighbourhood(ctx context.Context, n Neighbourhood) (bool, error) {
	now := s.now().UTC()
	n.ID, n.CreatedAt, n.UpdatedAt = uuid.Must(uuid.NewV7()), now, now
	res, err := s.db.NewInsert().Model(&n).On("CONFLICT (slug) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("add neighbourhood %q: %w", n.Slug, err)
	}
	return affected(res), nil
}

// ListThemes returns every theme ordered by slug.
func (s *Service) ListThemes(ctx context.Context) ([]Theme, error) {
	var ts []Theme
	if err := s.db.NewSelect().Model(&ts).OrderExpr("slug ASC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list themes: %w", err)
	}
	return ts, nil
}

// EnsureTheme adds t unless a theme with its slug exists, and reports
// whether it was added.
func (s *Service) EnsureTheme(ctx context.Context, t Theme) (bool, error) {
	t.ID, t.CreatedAt = uuid.Must(uuid.NewV7()), s.now().UTC()
	res, err := s.db.NewInsert().Model(&t).On("CONFLICT (slug) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("add theme %q: %w", t.Slug, err)
	}
	return affected(res), nil
}

// CountNeighbourhoods returns how many neighbourhoods exist; zero means a
// fresh database.
func (s *Service) CountNeighbourhoods(ctx context.Context) (int, error) {
	n, err := s.db.NewSelect().Model((*Neighbourhood)(nil)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count neighbourhoods: %w", err)
	}
	return int(n), nil
}

func affected(res sql.Result) bool {
	n, err := res.RowsAffected()
	return err == nil && n > 0
}

// NeighbourhoodByID returns the neighbourhood with id, or ErrNotFound.
func (s *Service) NeighbourhoodByID(ctx context.Context, id uuid.UUID) (Neighbourhood, error) {
	var n Neighbourhood
	err := s.db.NewSelect().Model(&n).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Neighbourhood{}, ErrNotFound
	}
	return n, err
}
