package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// Session lifetimes: a session ends after IdleTimeout without use, and
// after MaxSessionAge whatever happens.
const (
	IdleTimeout   = 30 * 24 * time.Hour
	MaxSessionAge = 180 * 24 * time.Hour
	// touchEvery limits last_seen_at writes to one per session per interval.
	touchEvery = 5 * time.Minute
)

// ErrNoSession means the token names no live session.
var ErrNoSession = apperr.E(apperr.Unauthorized, "error.unauthorized")

// StartSession creates a session for the user and returns its token for the
// cookie. A previous token of the same browser is ended, so a login always
// gets a new session id (no fixation).
func (s *Service) StartSession(ctx context.Context, userID uuid.UUID, userAgent, previous string) (string, error) {
	raw := make([]byte, 32) // 256 bits
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now().UTC()
	sess := Session{ID: hashToken(token), UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(MaxSessionAge), UserAgent: userAgent}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if previous != "" {
			if _, err := tx.NewDelete().Model((*Session)(nil)).Where("id = ?", hashToken(previous)).Exec(ctx); err != nil {
				return err
			}
		}
		_, err := tx.NewInsert().Model(&sess).Exec(ctx)
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// SessionUser returns the live session a token names and its user. Expired
// sessions are removed and reported as ErrNoSession.
func (s *Service) SessionUser(ctx context.Context, token string) (User, Session, error) {
	if token == "" {
		return User{}, Session{}, ErrNoSession
	}
	var sess Session
	err := s.db.NewSelect().Model(&sess).Relation("User").Where("session.id = ?", hashToken(token)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, Session{}, ErrNoSession
	}
	if err != nil {
		return User{}, Session{}, err
	}
	now := s.now().UTC()
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(IdleTimeout)) {
		_, err := s.db.NewDelete().Model(&sess).WherePK().Exec(ctx)
		return User{}, Session{}, errors.Join(ErrNoSession, err)
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		sess.LastSeenAt = now
		if _, err := s.db.NewUpdate().Model(&sess).Column("last_seen_at").WherePK().Exec(ctx); err != nil {
			return User{}, Session{}, err
		}
	}
	if sess.User == nil || sess.User.ID == uuid.Nil {
		return User{}, Session{}, ErrNoSession
	}
	u := *sess.User
	sess.User = nil
	return u, sess, nil
}

// EndSession ends the session a token names; an unknown token is no error.
func (s *Service) EndSession(ctx context.Context, token string) error {
	_, err := s.db.NewDelete().Model((*Session)(nil)).Where("id = ?", hashToken(token)).Exec(ctx)
	return err
}

// EndAllSessions logs the user out everywhere.
func (s *Service) EndAllSessions(ctx context.Context, userID uuid.UUID) error {
	_, err := s.db.NewDelete().Model((*Session)(nil)).Where("user_id = ?", userID).Exec(ctx)
	return err
}

// Sessions returns the user's live sessions, most recently used first.
func (s *Service) Sessions(ctx context.Context, userID uuid.UUID) ([]Session, error) {
	var ss []Session
	now := s.now().UTC()
	err := s.db.NewSelect().Model(&ss).
		Where("user_id = ? AND expires_at > ? AND last_seen_at > ?", userID, now, now.Add(-IdleTimeout)).
		OrderExpr("last_seen_at DESC").Scan(ctx)
	return ss, err
}

// IsCurrent reports whether sess is the one the token names.
func (sess Session) IsCurrent(token string) bool { return sess.ID == hashToken(token) }

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
