package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// ErrNotFound is a notification that is not the user's, or an unsubscribe
// link that was tampered with.
var ErrNotFound = apperr.E(apperr.NotFound, "error.not_found")

// DefaultList is how many notifications List returns when asked for 0.
const DefaultList = 50

// Service is what the web layer does with notifications: the bell, the
// list, marking read, e-mail settings and unsubscribing.
type Service struct {
	db  *bun.DB
	now func() time.Time
	key []byte // signs unsubscribe links
}

// NewService returns the service on db with clock now; secret (the session
// secret) signs unsubscribe links, through a key of their own.
func NewService(db *bun.DB, now func() time.Time, secret []byte) *Service {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("buurtboost notify unsubscribe v1"))
	return &Service{db: db, now: now, key: mac.Sum(nil)}
}

// Item is a notification as its user sees it.
type Item struct {
	ID     uuid.UUID
	Kind   Kind
	Params map[string]string
	Link   string
	At     time.Time // when it was sent
	Read   bool
}

// visible selects the user's notifications that are due and not cancelled.
// An immediate notification (send_at = created_at) is due whatever the
// reader's clock says.
func visible(q *bun.SelectQuery, userID uuid.UUID, now time.Time) *bun.SelectQuery {
	return q.Where("n.user_id = ? AND n.cancelled_at IS NULL", userID).
		Where("(n.send_at <= n.created_at OR n.send_at <= ?)", now.UTC())
}

// Unread counts the user's unread notifications, for the bell: one query
// on the user's index.
func (s *Service) Unread(ctx context.Context, userID uuid.UUID) (int, error) {
	n, err := visible(s.db.NewSelect().Model((*record)(nil)), userID, s.now()).Where("n.read_at IS NULL").Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("unread notifications of %s: %w", userID, err)
	}
	return int(n), nil
}

// List returns the user's notifications, newest first; limit 0 means
// DefaultList.
func (s *Service) List(ctx context.Context, userID uuid.UUID, limit int) ([]Item, error) {
	if limit <= 0 {
		limit = DefaultList
	}
	var rs []record
	err := visible(s.db.NewSelect().Model(&rs), userID, s.now()).
		OrderExpr("n.send_at DESC, n.id DESC").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("notifications of %s: %w", userID, err)
	}
	items := make([]Item, len(rs))
	for i, r := range rs {
		items[i] = Item{ID: r.ID, Kind: r.Kind, Params: r.Params, Link: r.Link, At: r.SendAt, Read: r.ReadAt != nil}
	}
	return items, nil
}

// MarkRead marks one of the user's notifications read; someone else's is
// ErrNotFound.
func (s *Service) MarkRead(ctx context.Context, userID, id uuid.UUID) error {
	res, err := s.db.NewUpdate().Model((*record)(nil)).Set("read_at = COALESCE(read_at, ?)", s.now().UTC()).
		Where("id = ? AND user_id = ? AND cancelled_at IS NULL", id, userID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("mark notification %s read: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// MarkAllRead marks all the user's notifications read.
func (s *Service) MarkAllRead(ctx context.Context, userID uuid.UUID) error {
	_, err := s.db.NewUpdate().Model((*record)(nil)).Set("read_at = ?", s.now().UTC()).
		Where("user_id = ? AND read_at IS NULL", userID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("mark notifications of %s read: %w", userID, err)
	}
	return nil
}

// Settings are a user's e-mail preferences.
type Settings struct {
	Lang  string        // the language e-mails are written in: "nl" or "en"
	Email map[Kind]bool // per kind: true to receive e-mail
}

// Settings returns the user's e-mail preferences (everything on, Dutch,
// until they change them).
func (s *Service) Settings(ctx context.Context, userID uuid.UUID) (Settings, error) {
	st := Settings{Lang: "nl", Email: map[Kind]bool{}}
	for _, k := range Kinds() {
		st.Email[k] = true
	}
	var off []Kind
	if err := s.db.NewSelect().Table("notification_optouts").Column("kind").Where("user_id = ?", userID).Scan(ctx, &off); err != nil {
		return st, fmt.Errorf("notification settings of %s: %w", userID, err)
	}
	for _, k := range off {
		st.Email[k] = false
	}
	var lang []string
	if err := s.db.NewSelect().Table("notification_settings").Column("lang").Where("user_id = ?", userID).Scan(ctx, &lang); err != nil {
		return st, fmt.Errorf("notification settings of %s: %w", userID, err)
	}
	if len(lang) == 1 {
		st.Lang = lang[0]
	}
	return st, nil
}

// SaveSettings stores the user's e-mail preferences; a kind missing from
// st.Email is switched off. An unknown language is the field "lang".
func (s *Service) SaveSettings(ctx context.Context, userID uuid.UUID, st Settings) error {
	if st.Lang != "nl" && st.Lang != "en" {
		return apperr.InvalidFields(map[string]string{"lang": "notify.settings.lang.invalid"})
	}
	now := s.now().UTC()
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Table("notification_optouts").Where("user_id = ?", userID).Exec(ctx); err != nil {
			return err
		}
		for _, k := range Kinds() {
			if !st.Email[k] {
				if err := optOut(ctx, tx, userID, k, now); err != nil {
					return err
				}
			}
		}
		_, err := tx.NewRaw(`INSERT INTO notification_settings (user_id, lang, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at`,
			userID, st.Lang, now).Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("save notification settings of %s: %w", userID, err)
	}
	return nil
}

func optOut(ctx context.Context, tx bun.IDB, userID uuid.UUID, k Kind, now time.Time) error {
	_, err := tx.NewRaw(`INSERT INTO notification_optouts (user_id, kind, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id, kind) DO NOTHING`, userID, k, now).Exec(ctx)
	return err
}

// Token is the signed token of the user's unsubscribe link for kind: it
// needs no login, so it names the user and kind and carries a MAC.
func (s *Service) Token(userID uuid.UUID, k Kind) string {
	payload := userID.String() + "." + string(k)
	return payload + "." + s.sign(payload)
}

func (s *Service) sign(payload string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
}

// CheckToken returns the user and kind of an unsubscribe token, or
// ErrNotFound when it was not made by Token.
func (s *Service) CheckToken(token string) (uuid.UUID, Kind, error) {
	i := strings.LastIndexByte(token, '.')
	if i < 0 || !hmac.Equal([]byte(token[i+1:]), []byte(s.sign(token[:i]))) {
		return uuid.Nil, "", ErrNotFound
	}
	user, kind, ok := strings.Cut(token[:i], ".")
	id, err := uuid.Parse(user)
	if !ok || err != nil || !Kind(kind).Valid() || Kind(kind).Notice() {
		return uuid.Nil, "", ErrNotFound
	}
	return id, Kind(kind), nil
}

// Unsubscribe switches off e-mail of the token's kind for its user and
// returns the kind. Unsubscribing twice is fine.
func (s *Service) Unsubscribe(ctx context.Context, token string) (Kind, error) {
	userID, k, err := s.CheckToken(token)
	if err != nil {
		return "", err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		exists, err := tx.NewSelect().Table("users").Where("id = ?", userID).Exists(ctx)
		if err != nil {
			return err
		}
		if !exists {
			return ErrNotFound // the account was deleted since the e-mail went out
		}
		return optOut(ctx, tx, userID, k, s.now().UTC())
	})
	if err != nil {
		return "", fmt.Errorf("unsubscribe %s from %s: %w", userID, k, err)
	}
	return k, nil
}
