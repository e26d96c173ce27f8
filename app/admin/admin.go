// Package admin is the administrators' side of the platform: finding
// users, changing their role and blocking them, each audited in the same
// transaction. Every method checks that its actor is an administrator, so
// that a mistake in the web layer's access table cannot open them up.
package admin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
)

// Service runs the administrators' actions.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// ReasonMax bounds a block's or role change's reason, in characters.
const ReasonMax = 500

// PageSize is how many users a search shows.
const PageSize = 50

// The errors of this package.
var (
	errNotAdmin   = apperr.E(apperr.Forbidden, "admin.forbidden")
	errNotFound   = apperr.E(apperr.NotFound, "error.not_found")
	errLastAdmin  = apperr.E(apperr.Conflict, "admin.users.last_admin")
	errBlockSelf  = apperr.E(apperr.Conflict, "admin.users.block_self")
	errRoleOfSelf = apperr.E(apperr.Conflict, "admin.users.role_self")
)

func mustAdmin(actor account.User) error {
	if actor.Role != account.Admin || actor.Blocked() {
		return errNotAdmin
	}
	return nil
}

// Users returns up to PageSize users whose name or e-mail address contains
// query (all users when it is empty), administrators first, then by name.
func (s *Service) Users(ctx context.Context, actor account.User, query string) ([]account.User, error) {
	if err := mustAdmin(actor); err != nil {
		return nil, err
	}
	var us []account.User
	q := s.db.NewSelect().Model(&us)
	if query = strings.ToLower(strings.TrimSpace(query)); query != "" {
		like := "%" + escapeLike(query) + "%"
		q = q.Where(`LOWER(display_name) LIKE ? ESCAPE '\' OR LOWER(COALESCE(email, '')) LIKE ? ESCAPE '\'`, like, like)
	}
	err := q.OrderExpr("CASE role WHEN 'admin' THEN 0 WHEN 'staff' THEN 1 ELSE 2 END, LOWER(display_name), id").
		Limit(PageSize).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("search users: %w", err)
	}
	return us, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SetRole gives the user role, ends their sessions so that it applies at
// once, and audits the change with its reason. An administrator cannot
// change their own role, and the last administrator stays one.
func (s *Service) SetRole(ctx context.Context, actor account.User, userID uuid.UUID, role account.Role, reason string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	reason, err := checkReason(reason, false)
	if err != nil {
		return err
	}
	if userID == actor.ID {
		return errRoleOfSelf
	}
	now := s.now().UTC()
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := s.lockFor(ctx, tx, actor, userID)
		if err != nil || u.Role == role {
			return err
		}
		if u.Role == account.Admin {
			if err := keepAnAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		if _, err := tx.NewUpdate().Model((*account.User)(nil)).Set("role = ?, updated_at = ?", role, now).
			Where("id = ?", u.ID).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*account.Session)(nil)).Where("user_id = ?", u.ID).Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.RoleChanged,
			SubjectKind: "user", SubjectID: u.ID.String(), Reason: roleReason(u.Role, role, reason), CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("set role of %s: %w", userID, err)
	}
	return nil
}

// roleReason records the change itself with the administrator's reason.
func roleReason(from, to account.Role, reason string) string {
	s := string(from) + " → " + string(to)
	if reason != "" {
		s += ": " + reason
	}
	return s
}

// Block stops the user writing anything, with a reason they are shown.
// Blocking again replaces the reason. An administrator cannot block
// themselves, and the last administrator who is not blocked stays so.
func (s *Service) Block(ctx context.Context, actor account.User, userID uuid.UUID, reason string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	reason, err := checkReason(reason, true)
	if err != nil {
		return err
	}
	if userID == actor.ID {
		return errBlockSelf
	}
	now := s.now().UTC()
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := s.lockFor(ctx, tx, actor, userID)
		if err != nil {
			return err
		}
		if u.Role == account.Admin {
			if err := keepAnAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		if _, err := tx.NewUpdate().Model((*account.User)(nil)).
			Set("blocked_at = COALESCE(blocked_at, ?), blocked_reason = ?, updated_at = ?", now, reason, now).
			Where("id = ?", u.ID).Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.UserBlocked,
			SubjectKind: "user", SubjectID: u.ID.String(), Reason: reason, CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("block %s: %w", userID, err)
	}
	return nil
}

// Unblock lets the user write again. Unblocking someone who is not blocked
// changes nothing and is not audited.
func (s *Service) Unblock(ctx context.Context, actor account.User, userID uuid.UUID) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := s.lockFor(ctx, tx, actor, userID)
		if err != nil || !u.Blocked() {
			return err
		}
		if _, err := tx.NewUpdate().Model((*account.User)(nil)).
			Set("blocked_at = NULL, blocked_reason = '', updated_at = ?", now).Where("id = ?", u.ID).Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.UserUnblocked,
			SubjectKind: "user", SubjectID: u.ID.String(), CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("unblock %s: %w", userID, err)
	}
	return nil
}

// AuditLog returns the newest audit entries, for administrators only.
func (s *Service) AuditLog(ctx context.Context, actor account.User, limit int) ([]audit.Entry, error) {
	if err := mustAdmin(actor); err != nil {
		return nil, err
	}
	return audit.List(ctx, s.db, limit)
}

// checkReason trims the reason and checks its length; required says
// whether it may be empty. The error names the form field "reason".
func checkReason(reason string, required bool) (string, error) {
	reason = strings.Join(strings.Fields(reason), " ")
	switch {
	case required && reason == "":
		return "", apperr.InvalidFields(map[string]string{"reason": "admin.reason.required"})
	case utf8.RuneCountInString(reason) > ReasonMax:
		return "", apperr.InvalidFields(map[string]string{"reason": "admin.reason.too_long"})
	case strings.ContainsFunc(reason, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", apperr.InvalidFields(map[string]string{"reason": "admin.reason.control"})
	}
	return reason, nil
}

// lockFor locks and returns the user, after checking that the actor is
// still an administrator who is not blocked: the actor came from the
// session, and another administrator may have blocked or demoted them
// since (two administrators blocking each other at once cannot both win).
func (s *Service) lockFor(ctx context.Context, tx bun.Tx, actor account.User, userID uuid.UUID) (account.User, error) {
	u, err := account.LockWithAdmins(ctx, tx, userID)
	if errors.Is(err, account.ErrNotFound) {
		err = errNotFound
	}
	if err != nil {
		return u, err
	}
	var now account.User
	if err := tx.NewSelect().Model(&now).Where("id = ?", actor.ID).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return u, errNotAdmin
		}
		return u, err
	}
	return u, mustAdmin(now)
}

// keepAnAdmin refuses a change that would leave no administrator who can
// act; account.LockWithAdmins locked the administrators' rows, so that two
// such changes at once cannot both pass.
func keepAnAdmin(ctx context.Context, tx bun.Tx, except uuid.UUID) error {
	n, err := account.OtherActiveAdmins(ctx, tx, except)
	if err == nil && n == 0 {
		return errLastAdmin
	}
	return err
}
