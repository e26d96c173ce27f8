package account_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// generatedName is the name of a neighbour whose provider gave none.
var generatedName = regexp.MustCompile(`^Buurtbewoner [abcdefghjkmnpqrstuvwxyz23456789]{4}$`)

func TestLoginCreatesUserAndIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		u := login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Name: "Anna de Vries",
			Email: "anna@example.com", AvatarURL: "https://img.example.com/a.png"})
		if u.ID.String() == "00000000-0000-0000-0000-000000000000" || u.Role != account.Resident ||
			u.DisplayName != "Anna de Vries" || emailOf(u) != "anna@example.com" ||
			u.AvatarURL != "https://img.example.com/a.png" || u.NeighbourhoodAsked || u.EmailConsent {
			t.Fatalf("new user = %+v (email %s)", u, emailOf(u))
		}
		got := stored(t, bdb, u.ID)
		if got.DisplayName != u.DisplayName || emailOf(got) != "anna@example.com" || got.Role != account.Resident ||
			got.AvatarURL != u.AvatarURL || !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0) {
			t.Errorf("stored user = %+v (email %s)", got, emailOf(got))
		}
		if n := count(t, bdb, "users", ""); n != 1 {
			t.Errorf("users = %d, want 1", n)
		}
		ids, err := svc.Identities(ctx, u.ID)
		if err != nil || len(ids) != 1 {
			t.Fatalf("identities = %+v, %v; want one", ids, err)
		}
		if id := ids[0]; id.UserID != u.ID || id.Provider != "google" || id.Subject != "g-1" ||
			!id.CreatedAt.Equal(t0) || !id.LastLoginAt.Equal(t0) {
			t.Errorf("identity = %+v", id)
		}
		byID, err := svc.User(ctx, u.ID)
		if err != nil || byID.ID != u.ID || byID.DisplayName != "Anna de Vries" {
			t.Errorf("User(id) = %+v, %v", byID, err)
		}
	})
}

func TestLoginAgainFindsTheSameUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		first := login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Name: "Anna"})
		advance(time.Hour)
		again := login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Name: "Anna Anders",
			AvatarURL: "https://img.example.com/other.png"})
		if again.ID != first.ID {
			t.Fatalf("second login gave user %s, want %s", again.ID, first.ID)
		}
		if again.DisplayName != "Anna" || stored(t, bdb, first.ID).DisplayName != "Anna" {
			t.Errorf("display name after second login = %q; want the first one kept", again.DisplayName)
		}
		if u, i := count(t, bdb, "users", ""), count(t, bdb, "identities", ""); u != 1 || i != 1 {
			t.Errorf("users, identities = %d, %d; want 1, 1", u, i)
		}
		ids, err := svc.Identities(ctx, first.ID)
		if err != nil || len(ids) != 1 || !ids[0].CreatedAt.Equal(t0) || !ids[0].LastLoginAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("identity after second login = %+v, %v; want last_login_at moved on, created_at kept", ids, err)
		}
	})
}

func TestLoginNeverMatchesOnEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		g := login(t, svc, account.Profile{Provider: "google", Subject: "same", Email: "anna@example.com"})
		m := login(t, svc, account.Profile{Provider: "microsoft", Subject: "m-1", Email: "anna@example.com"})
		if m.ID == g.ID {
			t.Fatal("a login through another provider with the same e-mail address took over the account")
		}
		f := login(t, svc, account.Profile{Provider: "facebook", Subject: "same"})
		if f.ID == g.ID || f.ID == m.ID {
			t.Error("the same subject at another provider found an existing user")
		}
		if u, i := count(t, bdb, "users", ""), count(t, bdb, "identities", ""); u != 3 || i != 3 {
			t.Errorf("users, identities = %d, %d; want 3, 3", u, i)
		}
		if n := count(t, bdb, "identities", "user_id = ?", g.ID); n != 1 {
			t.Errorf("the first user has %d identities, want 1", n)
		}
	})
}

func TestLoginEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})

		none := login(t, svc, account.Profile{Provider: "facebook", Subject: "f-1", Name: "Geen Mail"})
		if none.Email != nil || stored(t, bdb, none.ID).Email != nil {
			t.Errorf("email without a verified address = %s, want NULL", emailOf(stored(t, bdb, none.ID)))
		}
		if n := count(t, bdb, "users", "email IS NULL"); n != 1 {
			t.Errorf("users with NULL email = %d, want 1 (never an empty string)", n)
		}

		u := login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Email: " Anna.De.Vries@Example.COM "})
		if emailOf(u) != "anna.de.vries@example.com" || emailOf(stored(t, bdb, u.ID)) != "anna.de.vries@example.com" {
			t.Errorf("email = %s, want it trimmed and lower-cased", emailOf(stored(t, bdb, u.ID)))
		}

		advance(time.Hour)
		u = login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Email: "Nieuw@Example.com"})
		got := stored(t, bdb, u.ID)
		if emailOf(got) != "nieuw@example.com" || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("after a login with a new address: email %s, updated %v; want nieuw@example.com at t0+1h", emailOf(got), got.UpdatedAt)
		}

		advance(time.Hour)
		u = login(t, svc, account.Profile{Provider: "google", Subject: "g-1"})
		if emailOf(u) != "nieuw@example.com" || emailOf(stored(t, bdb, u.ID)) != "nieuw@example.com" {
			t.Errorf("a login without an address dropped the known one: %s", emailOf(stored(t, bdb, u.ID)))
		}
		if got := stored(t, bdb, u.ID); !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("updated_at = %v after a login that changed nothing, want t0+1h", got.UpdatedAt)
		}

		none = login(t, svc, account.Profile{Provider: "facebook", Subject: "f-1", Email: "later@example.com"})
		if emailOf(stored(t, bdb, none.ID)) != "later@example.com" {
			t.Errorf("an address given at a later login was not stored: %s", emailOf(stored(t, bdb, none.ID)))
		}
	})
}

func TestLoginGrantsStaffOnlyThroughTheStaffProvider(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, staffOpts)
		for _, c := range []struct {
			p    account.Profile
			want account.Role
		}{
			{account.Profile{Provider: "openid-connect", Subject: "o-1", Email: "x@Voorbeeld.nl"}, account.Staff},
			{account.Profile{Provider: "openid-connect", Subject: "o-2", Email: "y@VOORBEELD.NL"}, account.Staff},
			{account.Profile{Provider: "openid-connect", Subject: "o-3", Email: "y@elders.nl"}, account.Resident},
			{account.Profile{Provider: "openid-connect", Subject: "o-4", Email: "y@sub.voorbeeld.nl"}, account.Resident},
			{account.Profile{Provider: "openid-connect", Subject: "o-5", Email: "y@voorbeeld.nl.evil.example"}, account.Resident},
			{account.Profile{Provider: "openid-connect", Subject: "o-6", Email: "voorbeeld.nl"}, account.Resident},
			{account.Profile{Provider: "openid-connect", Subject: "o-7"}, account.Resident},
			{account.Profile{Provider: "google", Subject: "g-1", Email: "z@voorbeeld.nl"}, account.Resident},
			{account.Profile{Provider: "microsoft", Subject: "m-1", Email: "z@voorbeeld.nl"}, account.Resident},
		} {
			u := login(t, svc, c.p)
			if u.Role != c.want || stored(t, bdb, u.ID).Role != c.want {
				t.Errorf("%s login with %q: role %s (stored %s), want %s",
					c.p.Provider, c.p.Email, u.Role, stored(t, bdb, u.ID).Role, c.want)
			}
		}

		// Without a staff provider no login grants staff.
		plain := account.NewService(bdb, now, account.Options{StaffEmailDomains: []string{"voorbeeld.nl"}})
		if u := login(t, plain, account.Profile{Provider: "openid-connect", Subject: "o-8", Email: "x@voorbeeld.nl"}); u.Role != account.Resident {
			t.Errorf("no staff provider configured: role %s, want resident", u.Role)
		}
		if u := login(t, plain, account.Profile{Provider: "", Subject: "o-9", Email: "x@voorbeeld.nl"}); u.Role != account.Resident {
			t.Errorf("empty provider, no staff provider configured: role %s, want resident", u.Role)
		}

		// A staff member who logs in through another linked provider stays staff.
		staff := login(t, svc, account.Profile{Provider: "openid-connect", Subject: "o-1", Email: "x@voorbeeld.nl"})
		if err := svc.Link(ctx, staff.ID, account.Profile{Provider: "google", Subject: "g-staff"}); err != nil {
			t.Fatal(err)
		}
		if u := login(t, svc, account.Profile{Provider: "google", Subject: "g-staff", Email: "x@gmail.example"}); u.ID != staff.ID || u.Role != account.Staff {
			t.Errorf("staff logging in through google = %s %s, want %s staff", u.ID, u.Role, staff.ID)
		}
	})
}

func TestResidentBecomesStaffOnNextStaffLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		now, advance := clock()
		svc := account.NewService(bdb, now, staffOpts)
		u := login(t, svc, account.Profile{Provider: "openid-connect", Subject: "o-1", Email: "jan@elders.nl"})
		if u.Role != account.Resident {
			t.Fatalf("role = %s, want resident", u.Role)
		}
		advance(day)
		again := login(t, svc, account.Profile{Provider: "openid-connect", Subject: "o-1", Email: "jan@voorbeeld.nl"})
		got := stored(t, bdb, u.ID)
		if again.ID != u.ID || again.Role != account.Staff || got.Role != account.Staff ||
			emailOf(got) != "jan@voorbeeld.nl" || !got.UpdatedAt.Equal(t0.Add(day)) {
			t.Errorf("after a staff login: returned %s %s, stored %+v (email %s); want staff with the new address",
				again.ID, again.Role, got, emailOf(got))
		}
	})
}

func TestAdminIsNeverDowngradedByLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, _ := clock()
		svc := account.NewService(bdb, now, staffOpts)
		p := account.Profile{Provider: "openid-connect", Subject: "o-admin", Email: "beheer@voorbeeld.nl"}
		if added, err := svc.EnsureUser(ctx, p, account.Admin); err != nil || !added {
			t.Fatalf("ensure admin = %v, %v", added, err)
		}
		u := login(t, svc, p)
		if u.Role != account.Admin || stored(t, bdb, u.ID).Role != account.Admin {
			t.Errorf("admin after a staff login = %s (stored %s), want admin", u.Role, stored(t, bdb, u.ID).Role)
		}

		// An admin made so by SetRole keeps the role too, whatever the login.
		r := login(t, svc, account.Profile{Provider: "google", Subject: "g-1", Email: "r@voorbeeld.nl"})
		if err := svc.SetRole(ctx, r.ID, account.Admin); err != nil {
			t.Fatal(err)
		}
		for _, p := range []account.Profile{
			{Provider: "google", Subject: "g-1", Email: "r@voorbeeld.nl"},
			{Provider: "google", Subject: "g-1", Email: "r@elders.nl"},
		} {
			if u := login(t, svc, p); u.Role != account.Admin || stored(t, bdb, r.ID).Role != account.Admin {
				t.Errorf("admin after login with %s = %s, want admin", p.Email, u.Role)
			}
		}
	})
}

func TestLoginDisplayNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})

		u := login(t, svc, account.Profile{Provider: "google", Subject: "1", Name: "  \tJan\x00 Jansen\u200b\n "})
		if u.DisplayName != "Jan Jansen" || stored(t, bdb, u.ID).DisplayName != "Jan Jansen" {
			t.Errorf("cleaned provider name = %q, want %q", stored(t, bdb, u.ID).DisplayName, "Jan Jansen")
		}

		for i, name := range []string{"", "   ", "\u200b\x00\u2060"} {
			u := login(t, svc, account.Profile{Provider: "x", Subject: "empty-" + string(rune('a'+i)), Name: name})
			if got := stored(t, bdb, u.ID).DisplayName; !generatedName.MatchString(got) || got != u.DisplayName {
				t.Errorf("name for provider name %q = %q, want Buurtbewoner plus a 4-character suffix", name, got)
			}
		}

		long := strings.Repeat("Ĳsbrand ", 10) // 80 runes
		u = login(t, svc, account.Profile{Provider: "google", Subject: "long", Name: long})
		got := stored(t, bdb, u.ID).DisplayName
		if utf8.RuneCountInString(got) != account.MaxNameLen || !strings.HasPrefix(long, got) {
			t.Errorf("long provider name stored as %q (%d runes), want its first %d runes",
				got, utf8.RuneCountInString(got), account.MaxNameLen)
		}
	})
}

func TestLoginKeepsOnlyHTTPSAvatars(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		now, _ := clock()
		svc := account.NewService(bdb, now, account.Options{})
		for i, c := range []struct{ url, want string }{
			{"https://img.example.com/a.png", "https://img.example.com/a.png"},
			{"http://img.example.com/a.png", ""},
			{"javascript:alert(1)", ""},
			{"data:image/png;base64,AAAA", ""},
			{"//img.example.com/a.png", ""},
			{"", ""},
		} {
			u := login(t, svc, account.Profile{Provider: "google", Subject: "a-" + string(rune('a'+i)), AvatarURL: c.url})
			if got := stored(t, bdb, u.ID).AvatarURL; got != c.want || u.AvatarURL != c.want {
				t.Errorf("avatar %q stored as %q, want %q", c.url, got, c.want)
			}
		}
	})
}

func TestEnsureUserCreatesOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		now, advance := clock()
		svc := account.NewService(bdb, now, account.Options{})
		p := account.Profile{Provider: "seed", Subject: "beheerder", Name: "Beheerder", Email: "Beheer@Example.com"}
		added, err := svc.EnsureUser(ctx, p, account.Admin)
		if err != nil || !added {
			t.Fatalf("first EnsureUser = %v, %v; want added", added, err)
		}
		ids, err := svc.Identities(ctx, onlyUser(t, bdb).ID)
		if err != nil || len(ids) != 1 || ids[0].Provider != "seed" || ids[0].Subject != "beheerder" {
			t.Fatalf("identities = %+v, %v", ids, err)
		}
		before := onlyUser(t, bdb)
		if before.Role != account.Admin || before.DisplayName != "Beheerder" || emailOf(before) != "beheer@example.com" {
			t.Errorf("seeded user = %+v (email %s)", before, emailOf(before))
		}

		advance(time.Hour)
		added, err = svc.EnsureUser(ctx, account.Profile{Provider: "seed", Subject: "beheerder", Name: "Iemand Anders",
			Email: "ander@example.com"}, account.Resident)
		if err != nil || added {
			t.Errorf("second EnsureUser = %v, %v; want not added", added, err)
		}
		after := onlyUser(t, bdb)
		if after.ID != before.ID || after.Role != account.Admin || after.DisplayName != "Beheerder" ||
			emailOf(after) != "beheer@example.com" || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("second EnsureUser changed the user: %+v (email %s)", after, emailOf(after))
		}
		if u, i := count(t, bdb, "users", ""), count(t, bdb, "identities", ""); u != 1 || i != 1 {
			t.Errorf("users, identities = %d, %d; want 1, 1", u, i)
		}
		if ids, _ := svc.Identities(ctx, before.ID); len(ids) != 1 || !ids[0].LastLoginAt.Equal(t0) {
			t.Errorf("second EnsureUser touched the identity: %+v", ids)
		}

		// An identity made by a login is not re-created either.
		login(t, svc, account.Profile{Provider: "google", Subject: "g-1"})
		if added, err := svc.EnsureUser(ctx, account.Profile{Provider: "google", Subject: "g-1"}, account.Staff); err != nil || added {
			t.Errorf("EnsureUser over a logged-in identity = %v, %v; want not added", added, err)
		}
		if n := count(t, bdb, "users", "role = ?", account.Staff); n != 0 {
			t.Errorf("%d staff users, want 0", n)
		}
	})
}

// onlyUser returns the one user in the database.
func onlyUser(t *testing.T, bdb *bun.DB) account.User {
	t.Helper()
	var us []account.User
	if err := bdb.NewSelect().Model(&us).Scan(context.Background()); err != nil || len(us) != 1 {
		t.Fatalf("users = %+v, %v; want exactly one", us, err)
	}
	return us[0]
}
