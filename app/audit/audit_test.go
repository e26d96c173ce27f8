package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// Entries come back newest first with the actor's current name; when the
// actor's account is deleted, the entry stays and forgets who it was.
func TestAppendAndList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		accounts := account.NewService(bdb, func() time.Time { return t0 }, account.Options{})
		sam, err := accounts.Login(ctx, account.Profile{Provider: "test", Subject: "sam", Name: "Sam"})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range []audit.Action{audit.UserBlocked, audit.UserUnblocked} {
			if err := audit.Append(ctx, bdb, audit.Entry{ActorID: &sam.ID, ActorRole: account.Admin, Action: a,
				SubjectKind: "user", SubjectID: "x", Reason: "r", CreatedAt: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
				t.Fatal(err)
			}
		}
		es, err := audit.List(ctx, bdb, 10)
		if err != nil || len(es) != 2 || es[0].Action != audit.UserUnblocked || es[0].ActorName != "Sam" || !es[1].CreatedAt.Equal(t0) {
			t.Fatalf("list = %+v, %v", es, err)
		}
		if es, _ := audit.List(ctx, bdb, 1); len(es) != 1 {
			t.Errorf("limit 1 gave %d entries", len(es))
		}
		if _, err := bdb.NewDelete().Model((*account.User)(nil)).Where("id = ?", sam.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		es, err = audit.List(ctx, bdb, 10)
		if err != nil || len(es) != 2 || es[0].ActorID != nil || es[0].ActorName != "" || es[0].Reason != "r" {
			t.Errorf("after the actor's deletion: %+v, %v", es, err)
		}
	})
}
