package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db"
)

// Options say which logins make a user municipality staff.
type Options struct {
	// StaffProvider is the only provider whose verified e-mail addresses can
	// grant the staff role: the municipality's own OpenID Connect provider.
	StaffProvider string
	// StaffEmailDomains are lower-case e-mail domains that grant staff.
	StaffEmailDomains []string
}

// Service keeps users, identities and sessions.
type Service struct {
	db   *bun.DB
	now  func() time.Time
	opts Options
}

// NewService returns a Service on db with clock now.
func NewService(db *bun.DB, now func() time.Time, opts Options) *Service {
	return &Service{db: db, now: now, opts: opts}
}

// The errors callers distinguish.
var (
	ErrNotFound      = apperr.E(apperr.NotFound, "error.not_found")
	ErrIdentityTaken = apperr.E(apperr.AlreadyExists, "account.link.taken")
	ErrLastIdentity  = apperr.E(apperr.Conflict, "account.unlink.last")
	ErrAmbiguous     = apperr.E(apperr.Conflict, "account.email.ambiguous")
)

// Login finds the user linked to the profile's identity, or creates one, and
// records the login. The verified e-mail address is refreshed; the display
// name a user chose is kept.
func (s *Service) Login(ctx context.Context, p Profile) (User, error) {
	var u User
	err := s.retryOnConflict(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		u, err = s.login(ctx, tx, p)
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("login %s: %w", p.Provider, err)
	}
	return u, nil
}

func (s *Service) login(ctx context.Context, tx bun.Tx, p Profile) (User, error) {
	now := s.now().UTC()
	id, err := findIdentity(ctx, tx, p.Provider, p.Subject)
	if errors.Is(err, sql.ErrNoRows) {
		return s.createUser(ctx, tx, p, Resident)
	}
	if err != nil {
		return User{}, err
	}
	if _, err := tx.NewUpdate().Model((*Identity)(nil)).Set("last_login_at = ?", now).
		Where("id = ?", id.ID).Exec(ctx); err != nil {
		return User{}, err
	}
	u, err := userByID(ctx, tx, id.UserID)
	if err != nil {
		return User{}, err
	}
	changed := false
	if email := normaliseEmail(p.Email); email != "" && (u.Email == nil || *u.Email != email) {
		u.Email, changed = &email, true
	}
	if u.Role == Resident && s.grantsStaff(p) {
		u.Role, changed = Staff, true
	}
	if changed {
		u.UpdatedAt = now
		_, err = tx.NewUpdate().Model(&u).Column("email", "role", "updated_at").WherePK().Exec(ctx)
	}
	return u, err
}

func (s *Service) createUser(ctx context.Context, tx bun.Tx, p Profile, role Role) (User, error) {
	now := s.now().UTC()
	u := User{
		ID: uuid.Must(uuid.NewV7()), DisplayName: nameFromProvider(p.Name),
		AvatarURL: safeAvatar(p.AvatarURL), Role: role, CreatedAt: now, UpdatedAt: now,
	}
	if email := normaliseEmail(p.Email); email != "" {
		u.Email = &email
	}
	if role == Resident && s.grantsStaff(p) {
		u.Role = Staff
	}
	if _, err := tx.NewInsert().Model(&u).Exec(ctx); err != nil {
		return User{}, err
	}
	return u, insertIdentity(ctx, tx, u.ID, p, now)
}

// grantsStaff reports whether a login makes a resident staff: only through
// the staff provider, with a verified address in a staff domain.
func (s *Service) grantsStaff(p Profile) bool {
	if s.opts.StaffProvider == "" || p.Provider != s.opts.StaffProvider {
		return false
	}
	email := normaliseEmail(p.Email)
	at := strings.LastIndexByte(email, '@')
	return at > 0 && slices.Contains(s.opts.StaffEmailDomains, email[at+1:])
}

// EnsureUser creates a user with role for the profile's identity unless the
// identity exists, and reports whether it did. It is for seeding.
func (s *Service) EnsureUser(ctx context.Context, p Profile, role Role) (bool, error) {
	added := false
	err := s.retryOnConflict(ctx, func(ctx context.Context, tx bun.Tx) error {
		_, err := findIdentity(ctx, tx, p.Provider, p.Subject)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = s.createUser(ctx, tx, p, role)
		added = err == nil
		return err
	})
	return added, err
}

// Link adds the profile's identity to user. An identity that belongs to
// another user is refused.
func (s *Service) Link(ctx context.Context, userID uuid.UUID, p Profile) error {
	return s.retryOnConflict(ctx, func(ctx context.Context, tx bun.Tx) error {
		id, err := findIdentity(ctx, tx, p.Provider, p.Subject)
		switch {
		case err == nil && id.UserID == userID:
			return nil
		case err == nil:
			return ErrIdentityTaken
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		return insertIdentity(ctx, tx, userID, p, s.now().UTC())
	})
}

// Unlink removes one of the user's identities, unless it is the last one.
func (s *Service) Unlink(ctx context.Context, userID, identityID uuid.UUID) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Lock the user's row first: two unlinks at once must count one
		// after the other, or both could see two identities and leave none.
		if _, err := tx.NewUpdate().Model((*User)(nil)).Set("updated_at = updated_at").
			Where("id = ?", userID).Exec(ctx); err != nil {
			return err
		}
		n, err := tx.NewSelect().Model((*Identity)(nil)).Where("user_id = ?", userID).Count(ctx)
		if err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*Identity)(nil)).
			Where("id = ? AND user_id = ?", identityID, userID).Exec(ctx)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		if n <= 1 {
			return ErrLastIdentity // rolls the delete back
		}
		return nil
	})
}

// Identities returns the user's linked identities, oldest first.
func (s *Service) Identities(ctx context.Context, userID uuid.UUID) ([]Identity, error) {
	var ids []Identity
	err := s.db.NewSelect().Model(&ids).Where("user_id = ?", userID).OrderExpr("created_at, id").Scan(ctx)
	return ids, err
}

// User returns the user with id, or ErrNotFound.
func (s *Service) User(ctx context.Context, id uuid.UUID) (User, error) {
	return userByID(ctx, s.db, id)
}

// retryOnConflict runs fn in a transaction and runs it once more when it
// lost a race to a concurrent insert of the same unique key: the second run
// sees the winner's row.
func (s *Service) retryOnConflict(ctx context.Context, fn func(context.Context, bun.Tx) error) error {
	err := s.db.RunInTx(ctx, nil, fn)
	if db.IsUniqueViolation(err) {
		err = s.db.RunInTx(ctx, nil, fn)
	}
	return err
}

func findIdentity(ctx context.Context, q bun.IDB, provider, subject string) (Identity, error) {
	var id Identity
	err := q.NewSelect().Model(&id).Where("provider = ? AND subject = ?", provider, subject).Scan(ctx)
	return id, err
}

func insertIdentity(ctx context.Context, q bun.IDB, userID uuid.UUID, p Profile, now time.Time) error {
	id := Identity{ID: uuid.Must(uuid.NewV7()), UserID: userID, Provider: p.Provider,
		Subject: p.Subject, CreatedAt: now, LastLoginAt: now}
	_, err := q.NewInsert().Model(&id).Exec(ctx)
	return err
}

func userByID(ctx context.Context, q bun.IDB, id uuid.UUID) (User, error) {
	var u User
	err := q.NewSelect().Model(&u).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	return u, err
}

func normaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// safeAvatar keeps an avatar URL only when it is https, so that pages never
// load mixed content or a javascript: URL.
func safeAvatar(s string) string {
	if strings.HasPrefix(s, "https://") && len(s) <= 2000 {
		return s
	}
	return ""
}

// UsersOfProvider returns the users with an identity at provider, by name.
// It is for the demo login, whose users all come from provider "demo".
func (s *Service) UsersOfProvider(ctx context.Context, provider string) ([]User, error) {
	var us []User
	err := s.db.NewSelect().Model(&us).
		Where("id IN (?)", s.db.NewSelect().Model((*Identity)(nil)).Column("user_id").Where("provider = ?", provider)).
		OrderExpr("display_name").Scan(ctx)
	return us, err
}
