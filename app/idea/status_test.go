package idea_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/idea"
)

func TestOrganisersSetStatusesWithHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, olga := f.resident("Anna"), f.resident("Olga")
		ini := f.initiative("speeltuin", olga)
		it := f.propose(anna, ini, "Een bankje")
		f.clock.Advance(time.Hour)
		if err := f.svc.SetStatus(f.ctx, olga, it.ID, idea.Considering, " We vragen een offerte. "); err != nil {
			t.Fatal(err)
		}
		got := f.stored(it.ID)
		if got.Status != idea.Considering || got.StatusReason != "We vragen een offerte." ||
			got.FirstStatusAt == nil || !got.FirstStatusAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("after the first change: %+v", got)
		}
		f.clock.Advance(day)
		if err := f.svc.SetStatus(f.ctx, olga, it.ID, idea.Planned, "In mei."); err != nil {
			t.Fatal(err)
		}
		got = f.stored(it.ID)
		if got.Status != idea.Planned || got.StatusReason != "In mei." || !got.FirstStatusAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("after the second change: status %s, reason %q, first_status_at %v; want the first time kept",
				got.Status, got.StatusReason, got.FirstStatusAt)
		}
		hs, err := f.svc.History(f.ctx, it.ID)
		if err != nil || len(hs) != 2 {
			t.Fatalf("history = %+v, %v", hs, err)
		}
		if hs[0].Status != idea.Considering || hs[1].Status != idea.Planned || hs[1].Reason != "In mei." ||
			hs[0].ChangedByName != "Olga" || !hs[1].CreatedAt.Equal(t0.Add(time.Hour+day)) {
			t.Errorf("history = %+v; want considering then planned, by Olga", hs)
		}
	})
}

func TestSetStatusRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, olga, otto := f.resident("Anna"), f.resident("Olga"), f.resident("Otto")
		ini := f.initiative("speeltuin", olga)
		f.initiative("markt", otto)
		it := f.propose(anna, ini, "Een bankje")
		removed := f.propose(anna, ini, "Een vijver")
		f.remove(removed.ID)
		staff := f.withRole("Sanne", account.Staff)
		tests := []struct {
			name   string
			actor  account.User
			id     uuid.UUID
			status idea.Status
			reason string
			code   apperr.Code
			fields map[string]string
		}{
			{"the author", anna, it.ID, idea.Done, "klaar", apperr.Forbidden, nil},
			{"an organiser of another initiative", otto, it.ID, idea.Done, "klaar", apperr.Forbidden, nil},
			{"staff", staff, it.ID, idea.Done, "klaar", apperr.Forbidden, nil},
			{"no reason", olga, it.ID, idea.Done, "  ", apperr.Invalid, map[string]string{"reason": "idea.reason.required"}},
			{"a reason of 281 characters", olga, it.ID, idea.NotNow, strings.Repeat("ä", 281), apperr.Invalid,
				map[string]string{"reason": "idea.reason.too_long"}},
			{"an unknown status and no reason", olga, it.ID, "rejected", "", apperr.Invalid,
				map[string]string{"status": "idea.status.unknown", "reason": "idea.reason.required"}},
			{"a removed idea", olga, removed.ID, idea.Done, "klaar", apperr.NotFound, nil},
			{"an unknown idea", olga, uuid.New(), idea.Done, "klaar", apperr.NotFound, nil},
		}
		for _, tt := range tests {
			err := f.svc.SetStatus(f.ctx, tt.actor, tt.id, tt.status, tt.reason)
			switch {
			case tt.fields != nil:
				wantFields(t, tt.name, err, tt.fields)
			case tt.code == apperr.Forbidden:
				wantErr(t, tt.name, err, apperr.Forbidden, "idea.not_organiser")
			default:
				wantErr(t, tt.name, err, tt.code, "error.not_found")
			}
		}
		if got := f.stored(it.ID); got.Status != idea.Open || got.FirstStatusAt != nil || f.count("idea_status_changes", "") != 0 {
			t.Errorf("refused changes were stored: %+v", got)
		}
		if err := f.svc.SetStatus(f.ctx, olga, it.ID, idea.Done, strings.Repeat("ä", 280)); err != nil {
			t.Errorf("a reason of 280 characters: %v", err)
		}
	})
}
