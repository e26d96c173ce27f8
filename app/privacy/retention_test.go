package privacy_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/privacy"
)

const day = 24 * time.Hour

// warnings records the warnings a sweep sends.
type warnings map[uuid.UUID]time.Time

func (w warnings) warn(_ context.Context, _ bun.IDB, u account.User, deleteAt time.Time) error {
	w[u.ID] = deleteAt
	return nil
}

func TestRetentionWarnsThenDeletesInactiveAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		const retention = 365 * day
		old := f.person("Oud", "sub-oud", account.Resident)
		back := f.person("Terug", "sub-terug", account.Resident)
		root := f.person("Enige beheerder", "sub-root", account.Admin)
		sweep := func(want privacy.SweepResult) warnings {
			t.Helper()
			w := warnings{}
			got, err := f.svc.Sweep(f.ctx, retention, w.warn)
			if err != nil || got != want {
				t.Fatalf("sweep on day %d = %+v, %v; want %+v", int(f.clock.Now().Sub(t0)/day), got, err, want)
			}
			return w
		}
		f.clock.Advance(300 * day)
		active := f.person("Actief", "sub-actief", account.Resident) // new on day 300
		sweep(privacy.SweepResult{})

		f.clock.Advance(40 * day) // day 340: inactive for more than 335 days
		w := sweep(privacy.SweepResult{Warned: 3})
		for _, u := range []account.User{old, back, root} {
			if !w[u.ID].Equal(f.clock.Now().Add(privacy.WarningPeriod)) {
				t.Errorf("%s warned of deletion at %v", u.DisplayName, w[u.ID])
			}
		}
		if _, ok := w[active.ID]; ok {
			t.Error("an active user was warned")
		}
		sweep(privacy.SweepResult{}) // warned once only

		f.clock.Advance(5 * day) // day 345: one of them logs in again
		if _, err := f.accounts.Login(f.ctx, account.Profile{Provider: "test", Subject: "sub-terug", Name: "Terug"}); err != nil {
			t.Fatal(err)
		}
		sweep(privacy.SweepResult{Kept: 1})

		f.clock.Advance(26 * day) // day 371: 31 days after the warning
		sweep(privacy.SweepResult{Deleted: 1})
		for u, want := range map[account.User]bool{old: false, back: true, root: true, active: true} {
			if got := f.count("SELECT COUNT(*) FROM users WHERE id = ?", u.ID) == 1; got != want {
				t.Errorf("%s exists: %v, want %v", u.DisplayName, got, want)
			}
		}
		es, err := audit.List(f.ctx, bdb, 5)
		if err != nil || len(es) != 1 || es[0].Action != audit.AccountDeleted || es[0].Reason != "retention" {
			t.Errorf("audit log = %+v, %v", es, err)
		}
	})
}

func TestRetentionSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		u := f.person("Oud", "sub-oud", account.Resident)
		f.clock.Advance(1000 * day)
		w := warnings{}
		if r, err := f.svc.Sweep(f.ctx, 0, w.warn); err != nil || r != (privacy.SweepResult{}) || len(w) != 0 {
			t.Errorf("retention 0 (off): %+v, %v, warned %d", r, err, len(w))
		}
		if _, err := f.svc.Sweep(f.ctx, privacy.WarningPeriod, w.warn); err == nil {
			t.Error("a retention no longer than the warning period was accepted")
		}
		// A warning that cannot be sent is not recorded: the next sweep
		// tries again.
		failing := func(context.Context, bun.IDB, account.User, time.Time) error { return errors.New("mail down") }
		if _, err := f.svc.Sweep(f.ctx, 365*day, failing); err == nil {
			t.Error("a failed warning was not reported")
		}
		if n := f.count("SELECT COUNT(*) FROM retention_warnings WHERE user_id = ?", u.ID); n != 0 {
			t.Errorf("%d warnings recorded after the warning failed", n)
		}
		if r, err := f.svc.Sweep(f.ctx, 365*day, w.warn); err != nil || r.Warned != 1 {
			t.Errorf("sweep after the failure: %+v, %v", r, err)
		}
	})
}
