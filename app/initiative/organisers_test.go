package initiative_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

func (f *fixture) invite(u account.User, id uuid.UUID) string {
	f.t.Helper()
	tok, _, err := f.svc.Invite(f.ctx, u, id)
	if err != nil {
		f.t.Fatalf("invite: %v", err)
	}
	return tok
}

func (f *fixture) isOrganiser(id uuid.UUID, u account.User) bool {
	f.t.Helper()
	ok, err := f.svc.IsOrganiser(f.ctx, id, u.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return ok
}

func TestInviteIsOneTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bas, cor := f.resident("anna"), f.resident("bas"), f.resident("cor")
		ini := f.create(anna, "Groen plein")
		tok, expires, err := f.svc.Invite(f.ctx, anna, ini.ID)
		if err != nil {
			t.Fatal(err)
		}
		if raw, err := base64.RawURLEncoding.DecodeString(tok); err != nil || len(raw) != 32 {
			t.Errorf("token %q: %d bytes, %v; want 256 bits in base64url", tok, len(raw), err)
		}
		if !expires.Equal(t0.Add(7 * 24 * time.Hour)) {
			t.Errorf("expires %v, want 7 days after %v", expires, t0)
		}
		sum := sha256.Sum256([]byte(tok))
		if f.count("organiser_invites", "token_hash = ?", hex.EncodeToString(sum[:])) != 1 ||
			f.count("organiser_invites", "token_hash = ?", tok) != 0 {
			t.Error("the invitation is not stored by the SHA-256 of its token alone")
		}
		if got, err := f.svc.InviteInfo(f.ctx, tok); err != nil || got.ID != ini.ID || len(got.Themes) != 1 {
			t.Errorf("InviteInfo = %s, %v; want the initiative with its themes", got.ID, err)
		}

		if got, err := f.svc.AcceptInvite(f.ctx, bas, tok); err != nil || got.ID != ini.ID {
			t.Fatalf("bas accepts = %s, %v", got.ID, err)
		}
		if !f.isOrganiser(ini.ID, bas) {
			t.Error("bas is no organiser after accepting")
		}
		if _, err := f.svc.AcceptInvite(f.ctx, cor, tok); !errors.Is(err, initiative.ErrInviteInvalid) || !apperr.Is(err, apperr.NotFound) {
			t.Errorf("second use: err = %v, want ErrInviteInvalid", err)
		}
		if _, err := f.svc.InviteInfo(f.ctx, tok); !errors.Is(err, initiative.ErrInviteInvalid) {
			t.Errorf("InviteInfo of a used invitation: err = %v, want ErrInviteInvalid", err)
		}
		if f.isOrganiser(ini.ID, cor) {
			t.Error("cor became organiser with a used invitation")
		}
		orgs, err := f.svc.Organisers(f.ctx, ini.ID)
		if err != nil || len(orgs) != 2 || orgs[0].ID != anna.ID || orgs[1].ID != bas.ID {
			t.Errorf("organisers = %v, %v; want anna, bas", orgs, err)
		}
		for _, tok := range []string{"", "onzin", base64.RawURLEncoding.EncodeToString(make([]byte, 32))} {
			if _, err := f.svc.AcceptInvite(f.ctx, cor, tok); !errors.Is(err, initiative.ErrInviteInvalid) {
				t.Errorf("accept %q: err = %v, want ErrInviteInvalid", tok, err)
			}
			if _, err := f.svc.InviteInfo(f.ctx, tok); !errors.Is(err, initiative.ErrInviteInvalid) {
				t.Errorf("info %q: err = %v, want ErrInviteInvalid", tok, err)
			}
		}
		// A new organiser can invite in turn.
		if _, _, err := f.svc.Invite(f.ctx, bas, ini.ID); err != nil {
			t.Errorf("bas invites: %v", err)
		}
	})
}

func TestWhoMayInviteAndAccept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		ini := f.create(anna, "Groen plein")
		for _, u := range []account.User{f.resident("bas"), f.user("medewerker", account.Staff), f.user("beheerder", account.Admin)} {
			if _, _, err := f.svc.Invite(f.ctx, u, ini.ID); !errors.Is(err, initiative.ErrNotOrganiser) {
				t.Errorf("%s invites: err = %v, want ErrNotOrganiser", u.DisplayName, err)
			}
		}
		if _, _, err := f.svc.Invite(f.ctx, anna, uuid.Must(uuid.NewV7())); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("invite to an unknown initiative: err = %v, want NotFound", err)
		}
		if n := f.count("organiser_invites", ""); n != 0 {
			t.Errorf("%d invitations after refused invites, want 0", n)
		}

		tok := f.invite(anna, ini.ID)
		staff := f.user("medewerker2", account.Staff)
		if _, err := f.svc.AcceptInvite(f.ctx, staff, tok); !errors.Is(err, initiative.ErrResidentsOnly) {
			t.Errorf("staff accepts: err = %v, want ErrResidentsOnly", err)
		}
		if f.isOrganiser(ini.ID, staff) || f.count("organiser_invites", "used_at IS NULL") != 1 {
			t.Error("a refused accept changed something")
		}
		// An organiser accepting uses the invitation up and stays organiser.
		if _, err := f.svc.AcceptInvite(f.ctx, anna, tok); err != nil {
			t.Fatalf("organiser accepts own invitation: %v", err)
		}
		if f.count("organiser_invites", "used_at IS NOT NULL AND used_by = ?", anna.ID) != 1 || f.count("organisers", "") != 1 {
			t.Error("accepting as organiser did not use the invitation, or added an organiser row")
		}
	})
}

func TestInviteExpiresAfterSevenDays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		ini := f.create(anna, "Groen plein")
		early, late := f.invite(anna, ini.ID), f.invite(anna, ini.ID)

		f.clock.Advance(7*24*time.Hour - time.Second)
		if _, err := f.svc.AcceptInvite(f.ctx, f.resident("bas"), early); err != nil {
			t.Errorf("accept a second before expiry: %v", err)
		}
		f.clock.Advance(time.Second)
		if _, err := f.svc.InviteInfo(f.ctx, late); !errors.Is(err, initiative.ErrInviteInvalid) {
			t.Errorf("info at expiry: err = %v, want ErrInviteInvalid", err)
		}
		cor := f.resident("cor")
		if _, err := f.svc.AcceptInvite(f.ctx, cor, late); !errors.Is(err, initiative.ErrInviteInvalid) {
			t.Errorf("accept at expiry: err = %v, want ErrInviteInvalid", err)
		}
		if f.isOrganiser(ini.ID, cor) {
			t.Error("an expired invitation made cor organiser")
		}
	})
}

func TestTwoPeopleRacingForOneInvite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.resident("anna")
		ini := f.create(anna, "Groen plein")
		dbtest.WarmPool(t, bdb, 2)
		for round := range 5 {
			tok := f.invite(anna, ini.ID)
			racers := []account.User{f.resident(fmt.Sprintf("racer-%d-a", round)), f.resident(fmt.Sprintf("racer-%d-b", round))}
			_, errs := parallel(2, func(i int) (initiative.Initiative, error) {
				return f.svc.AcceptInvite(f.ctx, racers[i], tok)
			})
			won := 0
			for i, err := range errs {
				switch {
				case err == nil:
					won++
				case !errors.Is(err, initiative.ErrInviteInvalid):
					t.Errorf("round %d, racer %d: %v", round, i, err)
				}
			}
			joined := 0
			for _, u := range racers {
				if f.isOrganiser(ini.ID, u) {
					joined++
				}
			}
			if won != 1 || joined != 1 {
				t.Errorf("round %d: %d accepts succeeded and %d racers joined, want 1 and 1", round, won, joined)
			}
		}
	})
}

func TestLeave(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna, bas := f.resident("anna"), f.resident("bas")
		ini := f.create(anna, "Groen plein")
		if err := f.svc.Leave(f.ctx, anna, ini.ID); !errors.Is(err, initiative.ErrLastOrganiser) || !apperr.Is(err, apperr.Conflict) {
			t.Errorf("last organiser leaves: err = %v, want ErrLastOrganiser", err)
		}
		if !f.isOrganiser(ini.ID, anna) {
			t.Fatal("the last organiser was removed")
		}
		if err := f.svc.Leave(f.ctx, bas, ini.ID); !errors.Is(err, initiative.ErrNotOrganiser) {
			t.Errorf("non-organiser leaves: err = %v, want ErrNotOrganiser", err)
		}
		if _, err := f.svc.AcceptInvite(f.ctx, bas, f.invite(anna, ini.ID)); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Leave(f.ctx, anna, ini.ID); err != nil {
			t.Fatalf("anna leaves with bas staying: %v", err)
		}
		if f.isOrganiser(ini.ID, anna) || !f.isOrganiser(ini.ID, bas) {
			t.Error("after anna left: want bas only")
		}
		if err := f.svc.Leave(f.ctx, bas, ini.ID); !errors.Is(err, initiative.ErrLastOrganiser) {
			t.Errorf("bas, now last, leaves: err = %v, want ErrLastOrganiser", err)
		}
		// A former organiser can no longer edit.
		if _, err := f.svc.Update(f.ctx, anna, ini.ID, ini.Input()); !errors.Is(err, initiative.ErrNotOrganiser) {
			t.Errorf("anna edits after leaving: err = %v, want ErrNotOrganiser", err)
		}
		if err := f.svc.Leave(f.ctx, bas, uuid.Must(uuid.NewV7())); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("leave an unknown initiative: err = %v, want NotFound", err)
		}
	})
}

func TestTwoOrganisersLeavingAtOnceLeaveOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		dbtest.WarmPool(t, bdb, 2)
		for round := range 5 {
			a, b := f.resident(fmt.Sprintf("org-%d-a", round)), f.resident(fmt.Sprintf("org-%d-b", round))
			ini := f.create(a, fmt.Sprintf("Initiatief %d", round))
			if _, err := f.svc.AcceptInvite(f.ctx, b, f.invite(a, ini.ID)); err != nil {
				t.Fatal(err)
			}
			orgs := []account.User{a, b}
			_, errs := parallel(2, func(i int) (struct{}, error) {
				return struct{}{}, f.svc.Leave(f.ctx, orgs[i], ini.ID)
			})
			left := 0
			for i, err := range errs {
				switch {
				case err == nil:
					left++
				case !errors.Is(err, initiative.ErrLastOrganiser):
					t.Errorf("round %d, organiser %d: %v", round, i, err)
				}
			}
			if n := f.count("organisers", "initiative_id = ?", ini.ID); left != 1 || n != 1 {
				t.Errorf("round %d: %d left, %d organisers remain; want 1 and 1", round, left, n)
			}
		}
	})
}
