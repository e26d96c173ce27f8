package volunteer

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

	ics "github.com/arran4/golang-ical"
	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/account"
)

// FeedMax bounds how many events a calendar feed carries.
const FeedMax = 1000

// NewCalendarToken makes a new private calendar address for actor; the
// old one stops working. Only the token's hash is stored, so the address
// is shown once.
func (s *Service) NewCalendarToken(ctx context.Context, actor account.User) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	ct := calendarToken{UserID: actor.ID, TokenHash: hashToken(token), CreatedAt: s.now().UTC()}
	_, err := s.db.NewInsert().Model(&ct).On("CONFLICT (user_id) DO UPDATE").
		Set("token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at").Exec(ctx)
	if err != nil {
		return "", fmt.Errorf("new calendar token: %w", err)
	}
	return token, nil
}

// RevokeCalendarToken stops actor's private calendar address working.
func (s *Service) RevokeCalendarToken(ctx context.Context, actor account.User) error {
	_, err := s.db.NewDelete().Model((*calendarToken)(nil)).Where("user_id = ?", actor.ID).Exec(ctx)
	return err
}

// HasCalendarToken reports whether the user has a private calendar address.
func (s *Service) HasCalendarToken(ctx context.Context, userID uuid.UUID) (bool, error) {
	return s.db.NewSelect().Model((*calendarToken)(nil)).Where("user_id = ?", userID).Exists(ctx)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Cal is what a calendar needs besides the events: the site's address for
// links, and a name.
type Cal struct {
	BaseURL string
	Name    string
}

// UserFeed is the private calendar of the token's owner: activities they
// go to and tasks they have a place on. An unknown or revoked token gives
// ErrTokenInvalid.
func (s *Service) UserFeed(ctx context.Context, token string, c Cal) (string, error) {
	var ct calendarToken
	err := s.db.NewSelect().Model(&ct).Where("token_hash = ?", hashToken(token)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return "", ErrTokenInvalid
	}
	if err != nil {
		return "", err
	}
	since := s.now().UTC().AddDate(0, -3, 0)
	items, err := agenda(ctx, s.db, ct.UserID, since, []string{string(Going)}, []string{string(Confirmed)})
	if err != nil {
		return "", err
	}
	return render(items, c, s.now()), nil
}

// InitiativeFeed is the public calendar of the initiative's activities.
func (s *Service) InitiativeFeed(ctx context.Context, initiativeID uuid.UUID, c Cal) (string, error) {
	var as []Activity
	err := s.db.NewSelect().Model(&as).Where("a.initiative_id = ?", initiativeID).
		Where("a.ends_at > ?", s.now().UTC().AddDate(0, -3, 0)).OrderExpr("a.starts_at, a.id").Limit(FeedMax).Scan(ctx)
	if err != nil {
		return "", err
	}
	items := make([]AgendaItem, len(as))
	for i, a := range as {
		items[i] = a.item()
	}
	return render(items, c, s.now()), nil
}

// ActivityICS is one activity as a calendar file.
func (s *Service) ActivityICS(ctx context.Context, id uuid.UUID, c Cal) (Activity, string, error) {
	a, err := s.ActivityByID(ctx, id)
	if err != nil {
		return a, "", err
	}
	if c.Name == "" {
		c.Name = a.Title
	}
	return a, render([]AgendaItem{a.item()}, c, s.now()), nil
}

func (a Activity) item() AgendaItem {
	return AgendaItem{Kind: "activity", ID: a.ID, Title: a.Title, Description: a.Description, Place: a.Place,
		Lat: a.Lat, Lon: a.Lon, StartsAt: a.StartsAt, EndsAt: a.EndsAt, Cancelled: a.Status == Cancelled,
		Reason: a.CancelReason, Sequence: a.Sequence}
}

// render writes items as an iCalendar document (RFC 5545) in UTC, so no
// VTIMEZONE is needed; a calendar shows the times in its own zone.
func render(items []AgendaItem, c Cal, now time.Time) string {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//Buurtboost//NL")
	cal.SetName(c.Name)
	cal.SetXWRCalName(c.Name)
	host := strings.TrimPrefix(strings.TrimPrefix(c.BaseURL, "https://"), "http://")
	for _, it := range items {
		ev := cal.AddEvent(it.ID.String() + "@" + strings.TrimSuffix(host, "/"))
		ev.SetDtStampTime(now.UTC())
		ev.SetStartAt(it.StartsAt.UTC())
		ev.SetEndAt(it.EndsAt.UTC())
		ev.SetSummary(it.Title)
		ev.SetSequence(it.Sequence)
		ev.SetURL(strings.TrimSuffix(c.BaseURL, "/") + it.Link())
		if it.Description != "" {
			ev.SetDescription(it.Description)
		}
		if it.Place != "" {
			ev.SetLocation(it.Place)
		}
		if it.Lat != nil && it.Lon != nil {
			ev.SetGeo(*it.Lat, *it.Lon)
		}
		if it.Cancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return cal.Serialize()
}
