package apitoken_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apitoken"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// A token works until it is revoked; only its hash is stored; making and
// revoking it are audited; last use is noted at most once a minute.
func TestTokenLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		tokens := apitoken.NewService(bdb, func() time.Time { return now })
		tok, secret, err := tokens.Create(ctx, nil, "  powerbi ")
		if err != nil || tok.Name != "powerbi" || !strings.HasPrefix(secret, "bbt_") {
			t.Fatalf("create: %+v %q %v", tok, secret, err)
		}
		var stored int
		if err := bdb.NewSelect().Table("api_tokens").ColumnExpr("COUNT(*)").
			Where("hash = ? OR hash LIKE ?", secret, "%"+secret[4:]+"%").Scan(ctx, &stored); err != nil || stored != 0 {
			t.Fatalf("the secret is stored: %d %v", stored, err)
		}
		got, err := tokens.Authenticate(ctx, secret)
		if err != nil || got.ID != tok.ID || got.LastUsedAt == nil || !got.LastUsedAt.Equal(now) {
			t.Fatalf("authenticate: %+v %v", got, err)
		}
		now = now.Add(30 * time.Second)
		if got, _ := tokens.Authenticate(ctx, secret); !got.LastUsedAt.Equal(now.Add(-30 * time.Second)) {
			t.Errorf("last use rewritten within a minute: %v", got.LastUsedAt)
		}
		for _, bad := range []string{"", "bbt_", "Bearer " + secret, secret + "x", strings.Repeat("bbt_", 30)} {
			if _, err := tokens.Authenticate(ctx, bad); !errors.Is(err, apitoken.ErrInvalid) {
				t.Errorf("authenticate %q: %v", bad, err)
			}
		}
		if _, err := tokens.Revoke(ctx, nil, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := tokens.Revoke(ctx, nil, tok.ID); err != nil { // again: a no-op
			t.Fatal(err)
		}
		if _, err := tokens.Authenticate(ctx, secret); !errors.Is(err, apitoken.ErrInvalid) {
			t.Errorf("revoked token works: %v", err)
		}
		if _, err := tokens.Revoke(ctx, nil, uuid.Must(uuid.NewV7())); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("revoke unknown: %v", err)
		}
		ts, err := tokens.List(ctx)
		if err != nil || len(ts) != 1 || !ts[0].Revoked() {
			t.Fatalf("list: %+v %v", ts, err)
		}
		es, err := audit.List(ctx, bdb, 10)
		if err != nil || len(es) != 2 || es[0].Action != audit.TokenRevoked || es[1].Action != audit.TokenCreated ||
			es[1].SubjectID != tok.ID.String() || es[1].Reason != "powerbi" {
			t.Fatalf("audit: %+v %v", es, err)
		}
	})
}

// Only administrators (or the command line) make or revoke tokens, and a
// token needs a sensible name.
func TestTokenRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
		tokens := apitoken.NewService(bdb, now)
		accounts := account.NewService(bdb, now, account.Options{})
		u, err := accounts.Login(ctx, account.Profile{Provider: "test", Subject: "s", Name: "Sam"})
		if err != nil {
			t.Fatal(err)
		}
		u.Role = account.Staff
		if _, _, err := tokens.Create(ctx, &u, "x"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("staff creates: %v", err)
		}
		u.Role = account.Admin
		tok, _, err := tokens.Create(ctx, &u, "x")
		if err != nil || tok.CreatedBy == nil || *tok.CreatedBy != u.ID {
			t.Fatalf("admin creates: %+v %v", tok, err)
		}
		u.Role = account.Resident
		if _, err := tokens.Revoke(ctx, &u, tok.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("resident revokes: %v", err)
		}
		for _, name := range []string{"", "   ", strings.Repeat("a", 101), "a\nb"} {
			if _, _, err := tokens.Create(ctx, nil, name); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("name %q: %v", name, err)
			}
		}
	})
}
