package account

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// SetRoleByEmail gives the one user with this verified e-mail address the
// role, and ends their sessions so that the new role applies at once.
func (s *Service) SetRoleByEmail(ctx context.Context, email string, role Role) (User, error) {
	var u User
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var us []User
		if err := tx.NewSelect().Model(&us).Where("email = ?", normaliseEmail(email)).Limit(2).Scan(ctx); err != nil {
			return err
		}
		switch len(us) {
		case 0:
			return ErrNotFound
		case 1:
			u = us[0]
		default:
			return ErrAmbiguous
		}
		return setRole(ctx, tx, &u, role, s.now)
	})
	return u, err
}

// SetRole gives the user the role and ends their sessions.
func (s *Service) SetRole(ctx context.Context, userID uuid.UUID, role Role) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := userByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		return setRole(ctx, tx, &u, role, s.now)
	})
}

func setRole(ctx context.Context, tx bun.Tx, u *User, role Role, now func() time.Time) error {
	if u.Role == role {
		return nil
	}
	u.Role, u.UpdatedAt = role, now().UTC()
	if _, err := tx.NewUpdate().Model(u).Column("role", "updated_at").WherePK().Exec(ctx); err != nil {
		return err
	}
	_, err := tx.NewDelete().Model((*Session)(nil)).Where("user_id = ?", u.ID).Exec(ctx)
	return err
}

// Privileged returns every staff member and administrator, by name.
func (s *Service) Privileged(ctx context.Context) ([]User, error) {
	var us []User
	err := s.db.NewSelect().Model(&us).Where("role IN (?)", bun.List([]Role{Staff, Admin})).
		OrderExpr("role, display_name").Scan(ctx)
	return us, err
}
