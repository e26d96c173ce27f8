package idea_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func TestSupportOncePerResidentAndWithdraw(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob, cas := f.resident("Anna"), f.resident("Bob"), f.resident("Cas")
		it := f.propose(anna, f.initiative("speeltuin"), "Een bankje")
		steps := []struct {
			name    string
			who     account.User
			support bool
			want    int
		}{
			{"Bob supports", bob, true, 1},
			{"Bob supports again", bob, true, 1},
			{"Cas supports", cas, true, 2},
			{"Anna supports her own idea", anna, true, 3},
			{"Bob withdraws", bob, false, 2},
			{"Bob withdraws again", bob, false, 2},
			{"Bob supports once more", bob, true, 3},
		}
		for _, s := range steps {
			var n int
			var err error
			if s.support {
				n, err = f.svc.Support(f.ctx, s.who, it.ID)
			} else {
				n, err = f.svc.Withdraw(f.ctx, s.who, it.ID)
			}
			if err != nil || n != s.want {
				t.Errorf("%s = %d, %v; want %d", s.name, n, err, s.want)
			}
			if stored := f.stored(it.ID).SupportsCount; stored != s.want || f.count("supports", "idea_id = ?", it.ID) != s.want {
				t.Errorf("%s: supports_count %d, rows %d; want %d", s.name, stored, f.count("supports", "idea_id = ?", it.ID), s.want)
			}
		}
		if g, w := f.activities("support_given", it.ID), f.activities("support_withdrawn", it.ID); g != 4 || w != 1 {
			t.Errorf("activity: %d support_given, %d support_withdrawn; want 4 and 1 (only changes)", g, w)
		}
		for u, want := range map[account.User]bool{bob: true, cas: true, f.resident("Dirk"): false} {
			if ok, err := f.svc.HasSupported(f.ctx, it.ID, u.ID); err != nil || ok != want {
				t.Errorf("HasSupported(%s) = %v, %v; want %v", u.DisplayName, ok, err, want)
			}
		}
	})
}

func TestSupportedAmong(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bob := f.resident("Anna"), f.resident("Bob")
		ini := f.initiative("speeltuin")
		a, b, c := f.propose(anna, ini, "Idee A"), f.propose(anna, ini, "Idee B"), f.propose(anna, ini, "Idee C")
		f.support(bob, a.ID)
		f.support(bob, c.ID)
		f.support(anna, b.ID)
		got, err := f.svc.SupportedAmong(f.ctx, bob.ID, []uuid.UUID{a.ID, b.ID, c.ID, uuid.New()})
		if err != nil || len(got) != 2 || !got[a.ID] || got[b.ID] || !got[c.ID] {
			t.Errorf("SupportedAmong = %v, %v; want A and C only", got, err)
		}
		got, err = f.svc.SupportedAmong(f.ctx, bob.ID, nil)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("SupportedAmong of no ideas = %v, %v; want an empty map", got, err)
		}
	})
}

func TestSupportRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("Anna")
		ini := f.initiative("speeltuin")
		it := f.propose(anna, ini, "Een bankje")
		removed := f.propose(anna, ini, "Een vijver")
		f.support(anna, removed.ID)
		f.remove(removed.ID)
		for _, role := range []account.Role{account.Staff, account.Admin} {
			u := f.withRole(string(role), role)
			_, err := f.svc.Support(f.ctx, u, it.ID)
			wantErr(t, string(role)+" supports", err, apperr.Forbidden, "idea.support.staff")
			_, err = f.svc.Withdraw(f.ctx, u, it.ID)
			wantErr(t, string(role)+" withdraws", err, apperr.Forbidden, "idea.support.staff")
		}
		for name, id := range map[string]uuid.UUID{"removed": removed.ID, "unknown": uuid.New()} {
			_, err := f.svc.Support(f.ctx, anna, id)
			wantErr(t, "support a "+name+" idea", err, apperr.NotFound, "error.not_found")
			_, err = f.svc.Withdraw(f.ctx, anna, id)
			wantErr(t, "withdraw from a "+name+" idea", err, apperr.NotFound, "error.not_found")
		}
		if n := f.count("supports", ""); n != 1 {
			t.Errorf("%d supports, want only the one given before the removal", n)
		}
		if n := f.stored(removed.ID).SupportsCount; n != 1 {
			t.Errorf("removed idea's supports_count = %d, want 1 (untouched)", n)
		}
	})
}
