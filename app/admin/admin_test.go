package admin_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type fixture struct {
	t        *testing.T
	ctx      context.Context
	db       *bun.DB
	svc      *admin.Service
	accounts *account.Service
	n        int
}

func setup(t *testing.T, bdb *bun.DB) *fixture {
	now := func() time.Time { return t0 }
	return &fixture{t: t, ctx: context.Background(), db: bdb, svc: admin.NewService(bdb, now),
		accounts: account.NewService(bdb, now, account.Options{})}
}

func (f *fixture) user(name string, role account.Role) account.User {
	f.t.Helper()
	f.n++
	u, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: fmt.Sprintf("s%d", f.n), Name: name,
		Email: strings.ToLower(strings.Fields(name)[0]) + "@example.org"})
	if err != nil {
		f.t.Fatal(err)
	}
	if role != account.Resident {
		if err := f.accounts.SetRole(f.ctx, u.ID, role); err != nil {
			f.t.Fatal(err)
		}
		u.Role = role
	}
	return u
}

func (f *fixture) reload(u account.User) account.User {
	f.t.Helper()
	got, err := f.accounts.User(f.ctx, u.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

func wantErr(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != code || ae.Key != key {
		t.Errorf("%s: %v, want %s %s", what, err, code, key)
	}
}

func wantField(t *testing.T, what string, err error, key string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Fields["reason"] != key {
		t.Errorf("%s: %v, want reason %s", what, err, key)
	}
}

func TestUserSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		f.user("Anna de Vries", account.Resident)
		f.user("Bert 100% Buurt", account.Resident)
		f.user("Wim Ambtenaar", account.Staff)
		names := func(query string) string {
			us, err := f.svc.Users(f.ctx, root, query)
			if err != nil {
				t.Fatal(err)
			}
			var ns []string
			for _, u := range us {
				ns = append(ns, u.DisplayName)
			}
			return strings.Join(ns, ", ")
		}
		for query, want := range map[string]string{
			"":            "Sam Beheer, Wim Ambtenaar, Anna de Vries, Bert 100% Buurt",
			"VRIES":       "Anna de Vries",
			"wim@example": "Wim Ambtenaar",
			"%":           "Bert 100% Buurt", // LIKE's wildcards are matched literally
			"_":           "",
			"niemand":     "",
		} {
			if got := names(query); got != want {
				t.Errorf("search %q = %q, want %q", query, got, want)
			}
		}
		for _, role := range []account.Role{account.Resident, account.Staff} {
			_, err := f.svc.Users(f.ctx, f.user("Iemand "+string(role), role), "")
			wantErr(t, string(role)+" searching users", err, apperr.Forbidden, "admin.forbidden")
		}
	})
}

func TestSetRoleIsAuditedAndKeepsAnAdministrator(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		anna := f.user("Anna de Vries", account.Resident)
		if _, err := f.accounts.StartSession(f.ctx, anna.ID, "test", ""); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetRole(f.ctx, root, anna.ID, account.Staff, "  Werkt   bij de gemeente "); err != nil {
			t.Fatal(err)
		}
		if got := f.reload(anna); got.Role != account.Staff {
			t.Errorf("role = %s, want staff", got.Role)
		}
		if ss, _ := f.accounts.Sessions(f.ctx, anna.ID); len(ss) != 0 {
			t.Errorf("%d sessions left after the role change, want 0", len(ss))
		}
		es, err := f.svc.AuditLog(f.ctx, root, 10)
		if err != nil || len(es) != 1 || es[0].Action != audit.RoleChanged || *es[0].ActorID != root.ID ||
			es[0].ActorName != "Sam Beheer" || es[0].SubjectID != anna.ID.String() || es[0].Reason != "resident → staff: Werkt bij de gemeente" {
			t.Errorf("audit log = %+v, %v", es, err)
		}
		// The same role again changes and audits nothing.
		if err := f.svc.SetRole(f.ctx, root, anna.ID, account.Staff, ""); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "changing one's own role", f.svc.SetRole(f.ctx, root, root.ID, account.Resident, ""), apperr.Conflict, "admin.users.role_self")
		second := f.user("Tweede Beheer", account.Admin)
		if err := f.svc.SetRole(f.ctx, root, second.ID, account.Resident, ""); err != nil {
			t.Errorf("demoting one of two administrators: %v", err)
		}
		// A blocked administrator does not count as one who can act.
		third := f.user("Derde Beheer", account.Admin)
		if err := f.svc.Block(f.ctx, root, third.ID, "Account mogelijk gekaapt"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "a blocked administrator acting", f.svc.SetRole(f.ctx, third, anna.ID, account.Resident, ""), apperr.Forbidden, "admin.forbidden")
		fourth := f.user("Vierde Beheer", account.Admin)
		if err := f.svc.SetRole(f.ctx, fourth, root.ID, account.Resident, ""); err != nil {
			t.Fatal(err)
		}
		root = f.reload(root)
		wantErr(t, "a demoted administrator acting", f.svc.SetRole(f.ctx, root, fourth.ID, account.Resident, ""), apperr.Forbidden, "admin.forbidden")
		wantErr(t, "a blocked administrator demoting", f.svc.SetRole(f.ctx, third, fourth.ID, account.Resident, ""), apperr.Forbidden, "admin.forbidden")
		if err := f.svc.Unblock(f.ctx, fourth, third.ID); err != nil {
			t.Fatal(err)
		}
		third = f.reload(third)
		if err := f.svc.SetRole(f.ctx, third, fourth.ID, account.Resident, ""); err != nil {
			t.Errorf("demoting one of two again: %v", err)
		}
		// Third is now the only administrator: nobody else can demote or
		// block them, and they cannot demote themselves.
		wantErr(t, "the last administrator demoting themselves", f.svc.SetRole(f.ctx, third, third.ID, account.Resident, ""), apperr.Conflict, "admin.users.role_self")
		wantField(t, "a reason of 501 characters", f.svc.SetRole(f.ctx, third, anna.ID, account.Resident, strings.Repeat("x", 501)), "admin.reason.too_long")
	})
}

func TestBlock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		anna := f.user("Anna de Vries", account.Resident)
		wantField(t, "blocking without a reason", f.svc.Block(f.ctx, root, anna.ID, " \n "), "admin.reason.required")
		wantField(t, "a reason with a control character", f.svc.Block(f.ctx, root, anna.ID, "spam\x00"), "admin.reason.control")
		if f.reload(anna).Blocked() {
			t.Fatal("a refused block blocked")
		}
		if err := f.svc.Block(f.ctx, root, anna.ID, "Spam onder ideeën"); err != nil {
			t.Fatal(err)
		}
		got := f.reload(anna)
		if !got.Blocked() || got.BlockedReason != "Spam onder ideeën" || !got.BlockedAt.Equal(t0) {
			t.Errorf("after blocking: %+v", got)
		}
		wantErr(t, "blocking oneself", f.svc.Block(f.ctx, root, root.ID, "test"), apperr.Conflict, "admin.users.block_self")
		wantErr(t, "a resident blocking", f.svc.Block(f.ctx, f.user("Bert", account.Resident), anna.ID, "x"), apperr.Forbidden, "admin.forbidden")
		if err := f.svc.Unblock(f.ctx, root, anna.ID); err != nil {
			t.Fatal(err)
		}
		if f.reload(anna).Blocked() {
			t.Error("still blocked after unblocking")
		}
		if err := f.svc.Unblock(f.ctx, root, anna.ID); err != nil {
			t.Fatal(err)
		}
		es, err := f.svc.AuditLog(f.ctx, root, 10)
		if err != nil || len(es) != 2 || es[0].Action != audit.UserUnblocked || es[1].Action != audit.UserBlocked || es[1].Reason != "Spam onder ideeën" {
			t.Errorf("audit log = %+v, %v; want the block and one unblock", es, err)
		}
	})
}

// Two administrators blocking each other at once: one wins, and an
// administrator who can act remains.
func TestAdministratorsBlockingEachOther(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		a, b := f.user("Anna Beheer", account.Admin), f.user("Bert Beheer", account.Admin)
		for range 10 {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, pair := range [][2]account.User{{a, b}, {b, a}} {
				wg.Go(func() { errs[i] = f.svc.Block(f.ctx, pair[0], pair[1].ID, "ruzie") })
			}
			wg.Wait()
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("both or neither won: %v / %v", errs[0], errs[1])
			}
			for _, err := range errs {
				if err != nil && !apperr.Is(err, apperr.Forbidden) && !apperr.Is(err, apperr.Conflict) {
					t.Fatalf("loser's error: %v", err)
				}
			}
			if f.reload(a).Blocked() == f.reload(b).Blocked() {
				t.Fatal("want exactly one blocked")
			}
			for _, u := range []account.User{a, b} {
				if err := f.svc.Unblock(f.ctx, u, a.ID); err == nil {
					_ = f.svc.Unblock(f.ctx, u, b.ID)
				}
			}
		}
	})
}
