package initiative

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
)

// InviteValidity is how long an invitation to co-organise can be used.
const InviteValidity = 7 * 24 * time.Hour

// Invite makes a one-time invitation to become an organiser of the
// initiative. Only organisers may invite. The token goes into the link the
// organiser shares; only its hash is stored.
func (s *Service) Invite(ctx context.Context, actor account.User, id uuid.UUID) (token string, expires time.Time, err error) {
	raw := make([]byte, 32) // 256 bits
	if _, err := rand.Read(raw); err != nil {
		return "", time.Time{}, err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	now := s.now().UTC()
	inv := invite{ID: uuid.Must(uuid.NewV7()), TokenHash: hashToken(token), InitiativeID: id,
		CreatedBy: &actor.ID, CreatedAt: now, ExpiresAt: now.Add(InviteValidity)}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := asOrganiser(ctx, tx, actor, id); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(&inv).Exec(ctx)
		return err
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("invite to initiative %s: %w", id, err)
	}
	return token, inv.ExpiresAt, nil
}

// InviteInfo returns the initiative an invitation is for, so the invitee
// can see what they are joining. An unknown, used or expired token gives
// ErrInviteInvalid.
func (s *Service) InviteInfo(ctx context.Context, token string) (Initiative, error) {
	inv, err := s.liveInvite(ctx, s.db, token)
	if err != nil {
		return Initiative{}, err
	}
	return s.ByID(ctx, inv.InitiativeID)
}

// AcceptInvite makes actor an organiser of the invitation's initiative and
// uses the invitation up, also when actor already organises it. Only
// residents can accept; of two people accepting one invitation at the same
// moment, one succeeds and the other gets ErrInviteInvalid.
func (s *Service) AcceptInvite(ctx context.Context, actor account.User, token string) (Initiative, error) {
	if actor.Role != account.Resident {
		return Initiative{}, ErrResidentsOnly
	}
	var initiativeID uuid.UUID
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		inv, err := s.liveInvite(ctx, tx, token)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		// The used_at IS NULL guard makes the invitation one-time even when
		// two transactions both read it as unused.
		res, err := tx.NewUpdate().Model((*invite)(nil)).Set("used_at = ?, used_by = ?", now, actor.ID).
			Where("id = ? AND used_at IS NULL", inv.ID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(ErrInviteInvalid, err)
		}
		org := organiser{InitiativeID: inv.InitiativeID, UserID: actor.ID, CreatedAt: now}
		_, err = tx.NewInsert().Model(&org).On("CONFLICT (initiative_id, user_id) DO NOTHING").Exec(ctx)
		initiativeID = inv.InitiativeID
		return err
	})
	if err != nil {
		return Initiative{}, fmt.Errorf("accept invitation: %w", err)
	}
	return s.ByID(ctx, initiativeID)
}

// liveInvite returns the unused, unexpired invitation a token names.
func (s *Service) liveInvite(ctx context.Context, q bun.IDB, token string) (invite, error) {
	var inv invite
	if token == "" {
		return inv, ErrInviteInvalid
	}
	err := q.NewSelect().Model(&inv).Where("token_hash = ?", hashToken(token)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, ErrInviteInvalid
	}
	if err != nil {
		return inv, fmt.Errorf("find invitation: %w", err)
	}
	if inv.UsedAt != nil || !s.now().Before(inv.ExpiresAt) {
		return inv, ErrInviteInvalid
	}
	return inv, nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Leave stops actor organising the initiative. The last organiser cannot
// leave (ErrLastOrganiser): an initiative always has someone to run it.
func (s *Service) Leave(ctx context.Context, actor account.User, id uuid.UUID) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// The lock makes two organisers leaving at once count one after
		// the other, so they cannot both leave the initiative without one.
		if _, err := lockInitiative(ctx, tx, id); err != nil {
			return err
		}
		n, err := tx.NewSelect().Model((*organiser)(nil)).Where("initiative_id = ?", id).Count(ctx)
		if err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*organiser)(nil)).Where("initiative_id = ? AND user_id = ?", id, actor.ID).Exec(ctx)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k != 1 {
			return errors.Join(ErrNotOrganiser, err)
		}
		if n <= 1 {
			return ErrLastOrganiser // rolls the delete back
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("leave initiative %s: %w", id, err)
	}
	return nil
}
