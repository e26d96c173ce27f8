package admin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/initiative"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// LabelMax bounds a theme's label, in characters.
const LabelMax = 40

// ThemeInput is the theme form: its label in both interface languages.
type ThemeInput struct{ LabelNL, LabelEN string }

// Themes lists every theme, by Dutch label.
func (s *Service) Themes(ctx context.Context, actor account.User) ([]municipality.Theme, error) {
	if err := mustAdmin(actor); err != nil {
		return nil, err
	}
	var ts []municipality.Theme
	if err := s.db.NewSelect().Model(&ts).OrderExpr("LOWER(label_nl), id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list themes: %w", err)
	}
	return ts, nil
}

// CreateTheme adds a theme; its slug comes from the Dutch label and never
// changes afterwards, so that links to it keep working.
func (s *Service) CreateTheme(ctx context.Context, actor account.User, in ThemeInput) (municipality.Theme, error) {
	if err := mustAdmin(actor); err != nil {
		return municipality.Theme{}, err
	}
	in, err := checkTheme(in)
	if err != nil {
		return municipality.Theme{}, err
	}
	now := s.now().UTC()
	th := municipality.Theme{ID: uuid.Must(uuid.NewV7()), LabelNL: in.LabelNL, LabelEN: in.LabelEN, CreatedAt: now}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if th.Slug, err = freeThemeSlug(ctx, tx, initiative.Slugify(in.LabelNL)); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&th).Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ThemeCreated,
			SubjectKind: "theme", SubjectID: th.ID.String(), Reason: th.LabelNL, CreatedAt: now})
	})
	if err != nil {
		return municipality.Theme{}, fmt.Errorf("create theme: %w", err)
	}
	return th, nil
}

// UpdateTheme changes a theme's labels.
func (s *Service) UpdateTheme(ctx context.Context, actor account.User, id uuid.UUID, in ThemeInput) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	in, err := checkTheme(in)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var old municipality.Theme
		if err := tx.NewSelect().Model(&old).Where("id = ?", id).Scan(ctx); errors.Is(err, sql.ErrNoRows) {
			return errNotFound
		} else if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model((*municipality.Theme)(nil)).Set("label_nl = ?, label_en = ?", in.LabelNL, in.LabelEN).
			Where("id = ?", id).Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ThemeChanged,
			SubjectKind: "theme", SubjectID: id.String(), Reason: old.LabelNL + " → " + in.LabelNL, CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("update theme %s: %w", id, err)
	}
	return nil
}

// checkTheme trims the labels and checks them; field errors name
// label_nl and label_en.
func checkTheme(in ThemeInput) (ThemeInput, error) {
	errs := map[string]string{}
	for field, v := range map[string]*string{"label_nl": &in.LabelNL, "label_en": &in.LabelEN} {
		*v = strings.Join(strings.Fields(*v), " ")
		switch n := utf8.RuneCountInString(*v); {
		case n == 0:
			errs[field] = "admin.themes.label.required"
		case n > LabelMax:
			errs[field] = "admin.themes.label.too_long"
		case strings.ContainsFunc(*v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
			errs[field] = "admin.themes.label.control"
		}
	}
	if len(errs) > 0 {
		return in, apperr.InvalidFields(errs)
	}
	return in, nil
}

func freeThemeSlug(ctx context.Context, tx bun.Tx, base string) (string, error) {
	if base == "" {
		base = "thema"
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = base + "-" + strconv.Itoa(i)
		}
		taken, err := tx.NewSelect().Model((*municipality.Theme)(nil)).Where("slug = ?", slug).Exists(ctx)
		if err != nil || !taken {
			return slug, err
		}
	}
}
