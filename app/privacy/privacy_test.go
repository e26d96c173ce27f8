package privacy_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/moderation"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

// The person whose account is deleted: a name, address and provider id
// that occur nowhere else, so that the scan below finds only them.
const (
	zwName    = "Zwaantje Zonderling"
	zwSubject = "sub-zwaantje-7731"
	zwEmail   = zwSubject + "@example.org"
	zwLinked  = "apple-zwaantje-9904"
)

// world is a neighbourhood in which Zwaantje took part in every way
// there is, among others who did too.
type world struct {
	zw, org, bob      account.User
	token             string // Zwaantje's session
	ownIdea, bobsIdea uuidOf
	activity, task    uuidOf
}

type uuidOf = interface{ String() string }

func (f *fixture) world() world {
	f.t.Helper()
	w := world{
		zw:  f.person(zwName, zwSubject, account.Resident),
		org: f.person("Olga", "sub-olga", account.Resident),
		bob: f.person("Bob", "sub-bob", account.Resident),
	}
	ctx := f.ctx
	f.must("link", f.accounts.Link(ctx, w.zw.ID, account.Profile{Provider: "apple", Subject: zwLinked, Name: zwName}))
	var err error
	w.token, err = f.accounts.StartSession(ctx, w.zw.ID, "Firefox op Linux", "")
	f.must("session", err)

	street := f.startInitiative(w.org, "Straatdiner Bolplein")
	own := f.startInitiative(w.zw, "Moestuin achter de school")
	mine := f.propose(w.zw, street.ID, "Lange tafels")
	bobs := f.propose(w.bob, street.ID, "Lampionnen")
	f.propose(w.bob, own.ID, "Regenton")
	w.ownIdea, w.bobsIdea = mine.ID, bobs.ID
	for _, u := range []account.User{w.zw, w.bob} {
		for _, it := range []interface{ String() string }{mine.ID, bobs.ID} {
			_, err := f.ideas.Support(ctx, u, parse(f.t, it.String()))
			f.must("support", err)
		}
		f.must("follow", f.initiative.Follow(ctx, u, street.ID))
	}
	c, err := f.ideas.Comment(ctx, w.zw, bobs.ID, nil, "Mooi plan, ik help mee.")
	f.must("comment", err)
	_, err = f.ideas.Comment(ctx, w.bob, bobs.ID, &c.ID, "Dank je!")
	f.must("reply", err)
	_, err = f.initiative.PostUpdate(ctx, w.zw, own.ID, "De eerste zaden zijn geplant.")
	f.must("update", err)
	f.must("report", f.ideas.Report(ctx, w.zw, "idea", bobs.ID, "other", "Dubbel idee"))
	// Her idea is hidden (as if by a moderator), and she appeals.
	_, err = f.db.NewUpdate().Table("ideas").Set("hidden_reason = 'Dubbel'").Where("id = ?", mine.ID).Exec(ctx)
	f.must("hide idea", err)
	_, err = moderation.NewService(f.db, f.clock.Now).File(ctx, w.zw, "idea", mine.ID, "Het was aardig bedoeld")
	f.must("appeal", err)

	day := t0.In(volunteer.Zone).AddDate(0, 0, 7).Format("2006-01-02")
	a, err := f.volunteers.CreateActivity(ctx, w.org, street.ID, volunteer.ActivityInput{Title: "Straatdiner",
		Start: day + "T17:00", End: day + "T21:00", Place: "Bolplein", Limit: "1"})
	f.must("activity", err)
	tk, err := f.volunteers.CreateTask(ctx, w.org, street.ID, volunteer.TaskInput{Title: "Tafels klaarzetten",
		Start: day + "T15:00", End: day + "T17:00", Capacity: "1"})
	f.must("task", err)
	w.activity, w.task = a.ID, tk.ID
	for _, u := range []account.User{w.zw, w.bob} { // Zwaantje has the place, Bob waits
		_, err := f.volunteers.RSVP(ctx, u, a.ID, true)
		f.must("rsvp", err)
		_, err = f.volunteers.SignUp(ctx, u, tk.ID)
		f.must("sign up", err)
	}
	return w
}

func TestExportHoldsEverythingAboutTheUserAndNoSecrets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		w := f.world()
		data, err := f.svc.Export(f.ctx, w.zw.ID)
		if err != nil {
			t.Fatal(err)
		}
		files := unzip(t, data)
		var profile map[string]any
		decode(t, files, "profiel.json", &profile)
		if profile["naam"] != zwName || profile["email"] != zwEmail || profile["buurt"] != nil && profile["buurt"] != "Centrum" {
			t.Errorf("profile = %v", profile)
		}
		wantLen := map[string]int{"identiteiten.json": 2, "sessies.json": 1, "initiatieven.json": 1, "ideeen.json": 1,
			"reacties.json": 1, "berichten.json": 1, "steunbetuigingen.json": 2, "gevolgd.json": 1,
			"activiteiten.json": 1, "aanmeldingen.json": 1, "meldingen.json": 2, "e-mailvoorkeuren.json": 0,
			"meldingen-van-inhoud.json": 1, "bezwaren.json": 1}
		for name, n := range wantLen {
			var rows []map[string]any
			decode(t, files, name, &rows)
			if len(rows) != n {
				t.Errorf("%s has %d entries, want %d: %v", name, len(rows), n, rows)
			}
		}
		all := strings.Join(values(files), "\n")
		for _, want := range []string{zwLinked, zwSubject, "Firefox op Linux", "Mooi plan, ik help mee.", "Moestuin achter de school",
			"Lampionnen", "De eerste zaden zijn geplant.", "Dubbel idee", "Tafels klaarzetten", "Het was aardig bedoeld"} {
			if !strings.Contains(all, want) {
				t.Errorf("export lacks %q", want)
			}
		}
		// The session's stored id (the hash of the cookie token) is a
		// secret a copy must not carry; so are other people's data.
		var sessionID string
		f.must("session id", bdb.NewRaw("SELECT id FROM sessions WHERE user_id = ?", w.zw.ID).Scan(f.ctx, &sessionID))
		for _, secret := range []string{sessionID, w.token, "sub-bob", "Dank je!", "Regenton"} {
			if strings.Contains(all, secret) {
				t.Errorf("export holds %q", secret)
			}
		}
		// Someone who never took part gets a complete, empty export.
		other := f.person("Nieuw", "sub-nieuw", account.Resident)
		data, err = f.svc.Export(f.ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		var none []any
		decode(t, unzip(t, data), "steunbetuigingen.json", &none)
		if none == nil || len(none) != 0 {
			t.Errorf("empty supports export = %#v, want []", none)
		}
	})
}

func TestDeleteAccountLeavesNothingPersonalAndCountersExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		w := f.world()
		activityRows := f.count("SELECT COUNT(*) FROM activity")
		f.assertCountersExact()
		// The scan works: before the deletion it finds the person.
		before := strings.Join(f.findAnywhere(zwName, zwEmail, zwSubject, zwLinked), "\n")
		for _, want := range []string{"users.display_name holds " + zwName, "users.email holds " + zwEmail,
			"identities.subject holds " + zwLinked} {
			if !strings.Contains(before, want) {
				t.Errorf("the scan before deletion lacks %q; found:\n%s", want, before)
			}
		}

		if err := f.svc.DeleteAccount(f.ctx, w.zw, true); err != nil {
			t.Fatal(err)
		}
		f.assertCountersExact()
		if found := f.findAnywhere(zwName, zwEmail, zwSubject, zwLinked); len(found) > 0 {
			t.Errorf("personal data left after deletion:\n%s", strings.Join(found, "\n"))
		}
		for _, q := range []string{"users", "identities", "sessions", "supports", "follows", "rsvps", "signups",
			"notifications", "activity_keys", "organisers"} {
			if n := f.count("SELECT COUNT(*) FROM "+q+" WHERE "+userColumn(q)+" = ?", w.zw.ID); n != 0 {
				t.Errorf("%d rows of %s still point at the user", n, q)
			}
		}
		if _, _, err := f.accounts.SessionUser(f.ctx, w.token); err == nil {
			t.Error("the deleted user's session still logs in")
		}
		// Public contributions stay, by a former resident.
		it, err := f.ideas.ByID(f.ctx, parse(t, w.ownIdea.String()))
		if err != nil || it.AuthorName != "" || it.AuthorID != nil || it.SupportsCount != 1 {
			t.Errorf("own idea after deletion = %+v, %v; want kept, anonymous, with Bob's support only", it, err)
		}
		cs, err := f.ideas.Comments(f.ctx, parse(t, w.bobsIdea.String()))
		if err != nil || len(cs) != 1 || cs[0].Body != "Mooi plan, ik help mee." || cs[0].AuthorName != "" || len(cs[0].Replies) != 1 {
			t.Errorf("comments after deletion = %+v, %v", cs, err)
		}
		// The places Zwaantje held are free; the activity log is intact but
		// no longer linked to anyone.
		if n := f.count("SELECT going_count FROM activities WHERE id = ?", w.activity.String()); n != 0 {
			t.Errorf("going_count = %d, want 0", n)
		}
		if n := f.count("SELECT signed_count FROM volunteer_tasks WHERE id = ?", w.task.String()); n != 0 {
			t.Errorf("signed_count = %d, want 0", n)
		}
		if n := f.count("SELECT COUNT(*) FROM activity"); n != activityRows {
			t.Errorf("activity log has %d rows, want the %d it had", n, activityRows)
		}
		// The export of a deleted account is gone.
		if _, err := f.svc.Export(f.ctx, w.zw.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("export after deletion: %v, want not found", err)
		}
		es, err := audit.List(f.ctx, bdb, 10)
		if err != nil || len(es) != 1 || es[0].Action != audit.AccountDeleted || es[0].ActorID != nil || es[0].SubjectID != "" {
			t.Errorf("audit log = %+v, %v; want one anonymous account deletion", es, err)
		}
		if err := f.svc.DeleteAccount(f.ctx, w.zw, true); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("deleting twice: %v, want not found", err)
		}
	})
}

func TestDeleteAccountRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		anna := f.person("Anna", "sub-anna", account.Resident)
		err := f.svc.DeleteAccount(f.ctx, anna, false)
		var ae *apperr.Error
		if !asApp(err, &ae) || ae.Code != apperr.Invalid || ae.Fields["confirm"] != "privacy.delete.confirm.required" {
			t.Errorf("unconfirmed deletion: %v, want the confirm field", err)
		}
		if n := f.count("SELECT COUNT(*) FROM users WHERE id = ?", anna.ID); n != 1 {
			t.Error("an unconfirmed deletion deleted the account")
		}
		first := f.person("Beheerder", "sub-admin1", account.Admin)
		err = f.svc.DeleteAccount(f.ctx, first, true)
		if !asApp(err, &ae) || ae.Code != apperr.Forbidden || ae.Key != "privacy.delete.last_admin" {
			t.Errorf("deleting the last administrator: %v, want refused", err)
		}
		second := f.person("Tweede beheerder", "sub-admin2", account.Admin)
		if err := f.svc.DeleteAccount(f.ctx, first, true); err != nil {
			t.Errorf("deleting one of two administrators: %v", err)
		}
		if err := f.svc.DeleteAccount(f.ctx, second, true); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("deleting the administrator left: %v, want refused", err)
		}
		staff := f.person("Ambtenaar", "sub-staff", account.Staff)
		if err := f.svc.DeleteAccount(f.ctx, staff, true); err != nil {
			t.Errorf("staff deleting their account: %v", err)
		}
	})
}

func userColumn(table string) string {
	if table == "users" {
		return "id"
	}
	return "user_id"
}

func unzip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !zf.Modified.Equal(t0) && zf.Modified.Sub(t0).Abs() > 2*time.Second {
			t.Errorf("%s dated %v, want the service clock's %v", zf.Name, zf.Modified, t0)
		}
		files[zf.Name] = string(b)
	}
	return files
}

func decode(t *testing.T, files map[string]string, name string, v any) {
	t.Helper()
	s, ok := files[name]
	if !ok {
		t.Fatalf("export lacks %s; has %v", name, keys(files))
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func values(m map[string]string) []string {
	var vs []string
	for _, v := range m {
		vs = append(vs, v)
	}
	return vs
}
