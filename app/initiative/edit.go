package initiative

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/search"
)

// duplicateWindow is how long the same title from the same person counts as
// a repeated submission (a double click, a reloaded form) rather than a
// second initiative.
const duplicateWindow = time.Minute

// Create starts an initiative with actor as its first organiser. Only
// residents start initiatives. Submitting the same title again within a
// minute returns the initiative made the first time.
func (s *Service) Create(ctx context.Context, actor account.User, in Input) (Initiative, error) {
	if actor.Role != account.Resident {
		return Initiative{}, ErrResidentsOnly
	}
	c, err := validate(ctx, s.db, in, false)
	if err != nil {
		return Initiative{}, err
	}
	var ini Initiative
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		ini, err = s.create(ctx, tx, actor, c)
		return err
	})
	if err != nil {
		return Initiative{}, fmt.Errorf("create initiative: %w", err)
	}
	return s.withThemes(ctx, ini)
}

func (s *Service) create(ctx context.Context, tx bun.Tx, actor account.User, c clean) (Initiative, error) {
	userID := actor.ID
	now := s.now().UTC()
	// Locking the user makes a concurrent double submission wait here and
	// then find the first one.
	if err := lockUser(ctx, tx, userID); err != nil {
		return Initiative{}, err
	}
	if ini, found, err := recentSame(ctx, tx, userID, c.title, now); err != nil || found {
		return ini, err
	}
	if err := newAccountMayStart(ctx, tx, actor, now, s.newAccountInitiatives); err != nil {
		return Initiative{}, err
	}
	slug, err := freeSlug(ctx, tx, Slugify(c.title), uuid.Nil)
	if err != nil {
		return Initiative{}, err
	}
	ini := Initiative{ID: uuid.Must(uuid.NewV7()), Slug: slug, Status: Active, CreatedBy: &userID,
		CreatedAt: now, UpdatedAt: now}
	c.applyTo(&ini)
	if _, err := tx.NewInsert().Model(&ini).Exec(ctx); err != nil {
		return Initiative{}, err
	}
	if err := setThemes(ctx, tx, ini.ID, c.themeIDs); err != nil {
		return Initiative{}, err
	}
	org := organiser{InitiativeID: ini.ID, UserID: userID, CreatedAt: now}
	if _, err := tx.NewInsert().Model(&org).Exec(ctx); err != nil {
		return Initiative{}, err
	}
	if err := search.Enqueue(ctx, tx, search.KindInitiative, ini.ID.String()); err != nil {
		return Initiative{}, err
	}
	return ini, activity.Append(ctx, tx, activity.Entry{UserID: userID, Kind: activity.InitiativeCreated,
		NeighbourhoodID: &ini.NeighbourhoodID, InitiativeID: &ini.ID, ThemeID: &c.themeIDs[0], At: now})
}

// recentSame finds an initiative the user created under the same title
// (ignoring case and surrounding space) less than duplicateWindow ago.
func recentSame(ctx context.Context, tx bun.Tx, userID uuid.UUID, title string, now time.Time) (Initiative, bool, error) {
	var recent []Initiative
	err := tx.NewSelect().Model(&recent).Where("created_by = ? AND created_at > ?", userID, now.Add(-duplicateWindow)).
		OrderExpr("created_at DESC, id DESC").Scan(ctx)
	if err != nil {
		return Initiative{}, false, err
	}
	for _, ini := range recent {
		if strings.EqualFold(strings.TrimSpace(ini.Title), title) && now.Sub(ini.CreatedAt) < duplicateWindow {
			return ini, true, nil
		}
	}
	return Initiative{}, false, nil
}

// applyTo copies the form's fields onto ini; the status only when editing.
func (c clean) applyTo(ini *Initiative) {
	ini.Title, ini.Summary, ini.Description = c.title, c.summary, c.description
	ini.NeighbourhoodID = c.neighbourhoodID
	ini.WebsiteURL, ini.FacebookURL, ini.InstagramURL = c.links.Website, c.links.Facebook, c.links.Instagram
	ini.XURL, ini.WhatsAppURL = c.links.X, c.links.WhatsApp
	if c.status != "" {
		ini.Status = c.status
	}
}

// setThemes replaces the initiative's themes.
func setThemes(ctx context.Context, tx bun.Tx, id uuid.UUID, themeIDs []uuid.UUID) error {
	if _, err := tx.NewDelete().Model((*initiativeTheme)(nil)).Where("initiative_id = ?", id).Exec(ctx); err != nil {
		return err
	}
	rows := make([]initiativeTheme, len(themeIDs))
	for i, t := range themeIDs {
		rows[i] = initiativeTheme{InitiativeID: id, ThemeID: t}
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// Update changes an initiative; only its organisers may. A new title gives
// a new slug, and the old slug keeps redirecting. Archived initiatives can
// be edited too, so that organisers can bring them back.
func (s *Service) Update(ctx context.Context, actor account.User, id uuid.UUID, in Input) (Initiative, error) {
	if actor.Role != account.Resident {
		return Initiative{}, ErrNotOrganiser
	}
	var ini Initiative
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		ini, err = s.update(ctx, tx, actor, id, in)
		return err
	})
	if err != nil {
		return Initiative{}, fmt.Errorf("update initiative %s: %w", id, err)
	}
	return s.withThemes(ctx, ini)
}

// update checks the input after the actor, so that only organisers learn
// anything from the answer.
func (s *Service) update(ctx context.Context, tx bun.Tx, actor account.User, id uuid.UUID, in Input) (Initiative, error) {
	ini, err := asOrganiser(ctx, tx, actor, id)
	if err != nil {
		return Initiative{}, err
	}
	c, err := validate(ctx, tx, in, true)
	if err != nil {
		return Initiative{}, err
	}
	now := s.now().UTC()
	if Slugify(c.title) != Slugify(ini.Title) {
		if err := moveSlug(ctx, tx, &ini, Slugify(c.title), now); err != nil {
			return Initiative{}, err
		}
	}
	movedFrom := ini.NeighbourhoodID
	c.applyTo(&ini)
	ini.UpdatedAt = now
	if _, err := tx.NewUpdate().Model(&ini).Column("slug", "title", "summary", "description", "neighbourhood_id",
		"status", "website_url", "facebook_url", "instagram_url", "x_url", "whatsapp_url", "updated_at").
		WherePK().Exec(ctx); err != nil {
		return Initiative{}, err
	}
	if ini.NeighbourhoodID != movedFrom {
		// Its ideas keep a copy of its neighbourhood for the lists.
		if _, err := tx.NewUpdate().Table("ideas").Set("neighbourhood_id = ?", ini.NeighbourhoodID).
			Where("initiative_id = ?", ini.ID).Exec(ctx); err != nil {
			return Initiative{}, err
		}
	}
	// Its ideas, activities and tasks show its title and neighbourhood, and
	// leave the index when it is archived.
	if err := search.EnqueueCascade(ctx, tx, search.KindInitiative, ini.ID.String()); err != nil {
		return Initiative{}, err
	}
	return ini, setThemes(ctx, tx, ini.ID, c.themeIDs)
}

// moveSlug gives ini a new slug from base and keeps the current one as an
// earlier slug. Taking back one of its own earlier slugs removes that one
// from the earlier slugs, as it is current again.
func moveSlug(ctx context.Context, tx bun.Tx, ini *Initiative, base string, now time.Time) error {
	slug, err := freeSlug(ctx, tx, base, ini.ID)
	if err != nil || slug == ini.Slug {
		return err
	}
	if _, err := tx.NewDelete().Model((*oldSlug)(nil)).Where("slug = ? AND initiative_id = ?", slug, ini.ID).Exec(ctx); err != nil {
		return err
	}
	old := oldSlug{Slug: ini.Slug, InitiativeID: ini.ID, CreatedAt: now}
	if _, err := tx.NewInsert().Model(&old).Exec(ctx); err != nil {
		return err
	}
	ini.Slug = slug
	return nil
}

// SetCover stores the storage key of the initiative's processed cover image;
// "" removes the cover. Only organisers may.
func (s *Service) SetCover(ctx context.Context, actor account.User, id uuid.UUID, key string) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ini, err := asOrganiser(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		ini.CoverImage, ini.UpdatedAt = key, s.now().UTC()
		_, err = tx.NewUpdate().Model(&ini).Column("cover_image", "updated_at").WherePK().Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("set cover of initiative %s: %w", id, err)
	}
	return nil
}

// New accounts may start only NewAccountInitiatives initiatives in their
// first NewAccountAge (once LimitNewAccounts is set): a throwaway account
// cannot flood the site.
const (
	NewAccountAge         = 24 * time.Hour
	NewAccountInitiatives = 1
)

// LimitNewAccounts lets accounts younger than NewAccountAge start at most n
// initiatives; 0 (NewService's default, for tests) lifts the limit. The
// site turns it on with NewAccountInitiatives.
func (s *Service) LimitNewAccounts(n int) *Service {
	s.newAccountInitiatives = n
	return s
}

// newAccountMayStart refuses another initiative from an account younger
// than NewAccountAge that already started limit. The user's row is locked,
// so two submissions cannot both pass the count.
func newAccountMayStart(ctx context.Context, tx bun.Tx, actor account.User, now time.Time, limit int) error {
	if limit <= 0 || actor.CreatedAt.IsZero() || now.Sub(actor.CreatedAt) >= NewAccountAge {
		return nil
	}
	n, err := tx.NewSelect().Model((*Initiative)(nil)).Where("created_by = ?", actor.ID).Count(ctx)
	if err != nil {
		return err
	}
	if n >= int64(limit) {
		return apperr.InvalidFields(map[string]string{"title": "initiative.new_account_limit"})
	}
	return nil
}
