package account_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func TestStartSessionAndSessionUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a", Name: "Anna"})
		tok := startSession(t, svc, a.ID, "Firefox", "")
		if raw, err := base64.RawURLEncoding.DecodeString(tok); err != nil || len(raw) != 32 {
			t.Errorf("token %q: %d bytes, %v; want 32 random bytes, base64url", tok, len(raw), err)
		}
		u, sess, err := svc.SessionUser(ctx, tok)
		if err != nil || u.ID != a.ID || u.DisplayName != "Anna" {
			t.Fatalf("SessionUser = %+v, %v; want Anna", u, err)
		}
		if sess.UserID != a.ID || sess.UserAgent != "Firefox" || !sess.CreatedAt.Equal(t0) ||
			!sess.LastSeenAt.Equal(t0) || !sess.ExpiresAt.Equal(t0.Add(account.MaxSessionAge)) || !sess.IsCurrent(tok) {
			t.Errorf("session = %+v", sess)
		}
		if other := startSession(t, svc, a.ID, "Firefox", ""); other == tok {
			t.Error("two sessions got the same token")
		}

		for _, bad := range []string{"", "not-a-token", tok + "x", sess.ID} {
			_, _, err := svc.SessionUser(ctx, bad)
			if !errors.Is(err, account.ErrNoSession) || !apperr.Is(err, apperr.Unauthorized) {
				t.Errorf("SessionUser(%q): err = %v, want ErrNoSession", bad, err)
			}
		}
	})
}

func TestSessionTokenIsNeverStored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		tok := startSession(t, svc, a.ID, "Firefox", "")
		var ids []string
		if err := bdb.NewSelect().Table("sessions").Column("id").Scan(ctx, &ids); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(tok))
		if len(ids) != 1 || ids[0] == tok || ids[0] != hex.EncodeToString(sum[:]) {
			t.Fatalf("stored session ids = %q for token %q; want only the SHA-256 of the token", ids, tok)
		}
		if n := count(t, bdb, "sessions", "id = ? OR user_agent = ?", tok, tok); n != 0 {
			t.Error("the raw token is in the sessions table")
		}
	})
}

func TestStartSessionEndsThePreviousOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		other := startSession(t, svc, a.ID, "Phone", "")
		first := startSession(t, svc, a.ID, "Firefox", "")
		second := startSession(t, svc, a.ID, "Firefox", first)
		if second == first {
			t.Fatal("a new login kept the session token")
		}
		if _, _, err := svc.SessionUser(ctx, first); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("previous token after a new login: err = %v, want ErrNoSession", err)
		}
		for _, tok := range []string{second, other} {
			if u, _, err := svc.SessionUser(ctx, tok); err != nil || u.ID != a.ID {
				t.Errorf("SessionUser = %s, %v; want %s", u.ID, err, a.ID)
			}
		}
		if n := count(t, bdb, "sessions", ""); n != 2 {
			t.Errorf("sessions = %d, want 2", n)
		}
		// An unknown previous token is no error.
		if _, err := svc.StartSession(ctx, a.ID, "Firefox", "already-gone"); err != nil {
			t.Errorf("start with an unknown previous token: %v", err)
		}
	})
}

func TestEndSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		tok := startSession(t, svc, a.ID, "", "")
		keep := startSession(t, svc, a.ID, "", "")
		if err := svc.EndSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, tok); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("ended session: err = %v, want ErrNoSession", err)
		}
		if _, _, err := svc.SessionUser(ctx, keep); err != nil {
			t.Errorf("ending one session ended another: %v", err)
		}
		for _, tok := range []string{tok, "unknown", ""} {
			if err := svc.EndSession(ctx, tok); err != nil {
				t.Errorf("EndSession(%q): %v, want no error", tok, err)
			}
		}
		if n := count(t, bdb, "sessions", ""); n != 1 {
			t.Errorf("sessions = %d, want 1", n)
		}
	})
}

func TestEndAllSessionsOnlyEndsTheUsersOwn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		b := login(t, svc, account.Profile{Provider: "google", Subject: "g-b"})
		a1 := startSession(t, svc, a.ID, "Laptop", "")
		a2 := startSession(t, svc, a.ID, "Phone", "")
		b1 := startSession(t, svc, b.ID, "Laptop", "")
		if err := svc.EndAllSessions(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{a1, a2} {
			if _, _, err := svc.SessionUser(ctx, tok); !errors.Is(err, account.ErrNoSession) {
				t.Errorf("a's session after EndAllSessions: err = %v, want ErrNoSession", err)
			}
		}
		if u, _, err := svc.SessionUser(ctx, b1); err != nil || u.ID != b.ID {
			t.Errorf("b's session after a's EndAllSessions = %s, %v; want still live", u.ID, err)
		}
		if n := count(t, bdb, "sessions", "user_id = ?", a.ID); n != 0 {
			t.Errorf("a has %d sessions left, want 0", n)
		}
	})
}

func TestSessionIdleExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		used := startSession(t, svc, a.ID, "used", "")
		justAlive := startSession(t, svc, a.ID, "just alive", "")
		idle := startSession(t, svc, a.ID, "idle", "")

		use := func(at time.Duration) {
			t.Helper()
			_, sess, err := svc.SessionUser(ctx, used)
			if err != nil || !sess.LastSeenAt.Equal(t0.Add(at)) {
				t.Fatalf("session used every 29 days, at day %d = %+v, %v; want live and touched", at/day, sess, err)
			}
			if got := lastSeen(t, bdb, "used"); !got.Equal(t0.Add(at)) {
				t.Errorf("stored last_seen_at = %v, want %v", got, t0.Add(at))
			}
		}

		advance(29 * day)
		use(29 * day)
		advance(day - time.Second) // t0 + 30d - 1s
		if _, sess, err := svc.SessionUser(ctx, justAlive); err != nil || !sess.LastSeenAt.Equal(now()) {
			t.Fatalf("session unused for 30 days minus a second = %+v, %v; want live and touched", sess, err)
		}
		advance(time.Second) // t0 + 30d: unused for exactly IdleTimeout
		if _, _, err := svc.SessionUser(ctx, idle); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("session unused for 30 days: err = %v, want ErrNoSession", err)
		}
		if n := count(t, bdb, "sessions", "user_agent = ?", "idle"); n != 0 {
			t.Error("the idle session was not deleted")
		}

		// Used within every 30 days, a session lives on past 30 days.
		advance(28 * day) // t0 + 58d
		use(58 * day)
		advance(29 * day) // t0 + 87d
		use(87 * day)
		advance(account.IdleTimeout) // t0 + 117d, 30 days after the last use
		if _, _, err := svc.SessionUser(ctx, used); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("session unused for 30 days after its last use: err = %v, want ErrNoSession", err)
		}
		if n := count(t, bdb, "sessions", ""); n != 1 {
			t.Errorf("sessions = %d, want only the one used at t0+30d-1s", n)
		}
	})
}

func TestSessionTouchIsThrottled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		tok := startSession(t, svc, a.ID, "ua", "")
		advance(4 * time.Minute)
		if _, sess, err := svc.SessionUser(ctx, tok); err != nil || !sess.LastSeenAt.Equal(t0) {
			t.Errorf("use after 4 minutes = %+v, %v; want last_seen_at not yet moved", sess, err)
		}
		if got := lastSeen(t, bdb, "ua"); !got.Equal(t0) {
			t.Errorf("stored last_seen_at after 4 minutes = %v, want %v", got, t0)
		}
		advance(2 * time.Minute)
		if _, sess, err := svc.SessionUser(ctx, tok); err != nil || !sess.LastSeenAt.Equal(t0.Add(6*time.Minute)) {
			t.Errorf("use after 6 minutes = %+v, %v; want last_seen_at moved on", sess, err)
		}
		if got := lastSeen(t, bdb, "ua"); !got.Equal(t0.Add(6 * time.Minute)) {
			t.Errorf("stored last_seen_at after 6 minutes = %v, want %v", got, t0.Add(6*time.Minute))
		}
	})
}

func TestSessionAbsoluteExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		tok := startSession(t, svc, a.ID, "ua", "")
		for elapsed := time.Duration(0); elapsed < account.MaxSessionAge-day; elapsed += day {
			advance(day)
			_, sess, err := svc.SessionUser(ctx, tok)
			if err != nil || !sess.ExpiresAt.Equal(t0.Add(account.MaxSessionAge)) {
				t.Fatalf("daily use, day %d = %+v, %v; want live with an unchanged expiry", (elapsed+day)/day, sess, err)
			}
		}
		advance(day - time.Second) // t0 + 180d - 1s
		if _, _, err := svc.SessionUser(ctx, tok); err != nil {
			t.Fatalf("a second before the absolute expiry: %v", err)
		}
		advance(time.Second) // t0 + 180d, last used a second ago
		if _, _, err := svc.SessionUser(ctx, tok); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("after 180 days of constant use: err = %v, want ErrNoSession", err)
		}
		if n := count(t, bdb, "sessions", ""); n != 0 {
			t.Error("the expired session was not deleted")
		}
	})
}

func TestSessionsListsLiveSessionsMostRecentFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		a := login(t, svc, account.Profile{Provider: "google", Subject: "g-a"})
		b := login(t, svc, account.Profile{Provider: "google", Subject: "g-b"})

		aged := startSession(t, svc, a.ID, "aged", "")
		// Keep "aged" in use until just before its absolute expiry.
		for i, step := range []time.Duration{20, 20, 20, 20, 20, 20, 20, 20, 19} {
			advance(step * day)
			if _, _, err := svc.SessionUser(ctx, aged); err != nil {
				t.Fatal(err)
			}
			if i == 3 {
				startSession(t, svc, a.ID, "stale", "") // at t0 + 80d, never used again
			}
		}
		advance(day + time.Second)
		// t0 + 180d + 1s: "aged" was used a day ago but is past its absolute
		// expiry; "stale" is 100 days from its absolute expiry but has not
		// been used for 100 days.
		start := now()
		first := startSession(t, svc, a.ID, "first", "")
		advance(time.Hour)
		second := startSession(t, svc, a.ID, "second", "")
		advance(time.Hour)
		third := startSession(t, svc, a.ID, "third", "")
		startSession(t, svc, b.ID, "b's", "")
		advance(time.Hour)
		if _, _, err := svc.SessionUser(ctx, first); err != nil {
			t.Fatal(err)
		}

		ss, err := svc.Sessions(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range ss {
			got = append(got, s.UserAgent)
		}
		if len(ss) != 3 || got[0] != "first" || got[1] != "third" || got[2] != "second" {
			t.Fatalf("sessions = %q; want first (just used), third, second", got)
		}
		if !ss[0].LastSeenAt.Equal(start.Add(3*time.Hour)) || !ss[1].LastSeenAt.Equal(start.Add(2*time.Hour)) {
			t.Errorf("last seen = %v, %v", ss[0].LastSeenAt, ss[1].LastSeenAt)
		}
		for i, tok := range []string{first, third, second} {
			for j := range ss {
				if ss[j].IsCurrent(tok) != (i == j) {
					t.Errorf("sessions[%d].IsCurrent(token %d) = %v", j, i, ss[j].IsCurrent(tok))
				}
			}
		}
		if ss[0].IsCurrent(aged) || ss[0].IsCurrent("") {
			t.Error("IsCurrent true for another token")
		}
		if n := count(t, bdb, "sessions", "user_id = ?", a.ID); n != 5 {
			t.Errorf("a has %d session rows, want 5 (expired ones are only hidden)", n)
		}
	})
}

// lastSeen reads the stored last_seen_at of the session with user agent ua.
func lastSeen(t *testing.T, bdb *bun.DB, ua string) time.Time {
	t.Helper()
	var sess account.Session
	if err := bdb.NewSelect().Model(&sess).Where("user_agent = ?", ua).Scan(context.Background()); err != nil {
		t.Fatalf("session %s: %v", ua, err)
	}
	return sess.LastSeenAt
}
