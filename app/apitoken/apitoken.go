// Package apitoken keeps the tokens that let other systems (Power BI, a
// municipality's data warehouse) read the dashboard figures through the
// JSON API. A token is a random secret shown once; only its SHA-256 hash is
// stored, so the table reveals nothing a caller could use. Making and
// revoking a token is audited in the same transaction.
package apitoken

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
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

// prefix marks a Buurtboost API token, so that a leaked one is easy to
// recognise (and to find with secret scanners).
const prefix = "bbt_"

// maxName bounds a token's name.
const maxName = 100

// ErrInvalid is returned for a token that is malformed, unknown or
// revoked: the API tells a caller no more than that.
var ErrInvalid = errors.New("api token invalid")

// Token is one API token, without its secret.
type Token struct {
	bun.BaseModel `bun:"table:api_tokens,alias:t"`

	ID         uuid.UUID  `bun:"id,pk,type:text"`
	Name       string     `bun:"name,notnull"`
	Hash       string     `bun:"hash,notnull"`
	CreatedBy  *uuid.UUID `bun:"created_by,type:text"` // nil: made on the command line
	CreatedAt  time.Time  `bun:"created_at,notnull"`
	RevokedAt  *time.Time `bun:"revoked_at"`
	LastUsedAt *time.Time `bun:"last_used_at"`
}

// Revoked reports whether t no longer works.
func (t Token) Revoked() bool { return t.RevokedAt != nil }

// Service makes, lists, revokes and checks tokens.
type Service struct {
	db  *bun.DB
	now func() time.Time
}

// NewService returns a Service on db; now is the clock.
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now}
}

// hash is the stored form of a token.
func hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// actorOf is who is audited: the administrator, or nobody (the command
// line, run by whoever operates the server) with the admin role.
func actorOf(actor *account.User) (*uuid.UUID, account.Role) {
	if actor == nil {
		return nil, account.Admin
	}
	return &actor.ID, actor.Role
}

// mayManage: only administrators (or the command line, actor nil) manage
// tokens; a token reads every neighbourhood's figures.
func mayManage(actor *account.User) error {
	if actor != nil && actor.Role != account.Admin {
		return apperr.E(apperr.Forbidden, "error.403")
	}
	return nil
}

// Create makes a token named name and returns it with its secret, which
// is never stored and cannot be shown again. actor nil is the command line.
func (s *Service) Create(ctx context.Context, actor *account.User, name string) (Token, string, error) {
	if err := mayManage(actor); err != nil {
		return Token{}, "", err
	}
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return Token{}, "", apperr.InvalidFields(map[string]string{"name": "apitoken.name_required"})
	case utf8.RuneCountInString(name) > maxName || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return Token{}, "", apperr.InvalidFields(map[string]string{"name": "apitoken.name_invalid"})
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return Token{}, "", err
	}
	secret := prefix + base64.RawURLEncoding.EncodeToString(raw)
	actorID, role := actorOf(actor)
	t := Token{ID: uuid.Must(uuid.NewV7()), Name: name, Hash: hash(secret), CreatedBy: actorID, CreatedAt: s.now().UTC()}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&t).Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actorID, ActorRole: role, Action: audit.TokenCreated,
			SubjectKind: "api_token", SubjectID: t.ID.String(), Reason: name, CreatedAt: t.CreatedAt})
	})
	if err != nil {
		return Token{}, "", fmt.Errorf("create api token: %w", err)
	}
	return t, secret, nil
}

// List returns every token, newest first, revoked ones included.
func (s *Service) List(ctx context.Context) ([]Token, error) {
	var ts []Token
	if err := s.db.NewSelect().Model(&ts).OrderExpr("t.created_at DESC, t.id DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	return ts, nil
}

// Revoke stops token id from working. Revoking a revoked token changes
// nothing and is not audited again; an unknown id is NotFound.
func (s *Service) Revoke(ctx context.Context, actor *account.User, id uuid.UUID) (Token, error) {
	if err := mayManage(actor); err != nil {
		return Token{}, err
	}
	actorID, role := actorOf(actor)
	var t Token
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&t).Where("t.id = ?", id.String()).Scan(ctx); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.E(apperr.NotFound, "error.404")
			}
			return err
		}
		if t.Revoked() {
			return nil
		}
		now := s.now().UTC()
		t.RevokedAt = &now
		if _, err := tx.NewUpdate().Model(&t).Column("revoked_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actorID, ActorRole: role, Action: audit.TokenRevoked,
			SubjectKind: "api_token", SubjectID: t.ID.String(), Reason: t.Name, CreatedAt: now})
	})
	if err != nil {
		return Token{}, fmt.Errorf("revoke api token: %w", err)
	}
	return t, nil
}

// lastUsedPrecision: last_used_at is written at most this often per
// token, so that an API client polling hard does not turn every read into
// a write.
const lastUsedPrecision = time.Minute

// Authenticate returns the live token whose secret is secret, or
// ErrInvalid, and notes when it was used.
func (s *Service) Authenticate(ctx context.Context, secret string) (Token, error) {
	if !strings.HasPrefix(secret, prefix) || len(secret) > 100 {
		return Token{}, ErrInvalid
	}
	var t Token
	err := s.db.NewSelect().Model(&t).Where("t.hash = ?", hash(secret)).Scan(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Token{}, ErrInvalid
	case err != nil:
		return Token{}, fmt.Errorf("api token: %w", err)
	case t.Revoked():
		return Token{}, ErrInvalid
	}
	now := s.now().UTC()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= lastUsedPrecision {
		t.LastUsedAt = &now
		if _, err := s.db.NewUpdate().Model(&t).Column("last_used_at").WherePK().Exec(ctx); err != nil {
			return Token{}, fmt.Errorf("api token: %w", err)
		}
	}
	return t, nil
}
