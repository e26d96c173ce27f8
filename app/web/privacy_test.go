package web

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/account"
)

// privacyRows are a user's own data rights: every logged-in user has them,
// staff and administrators too.
func privacyRows() []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	return []authzCase{
		{post, "/profiel/gegevens", "/profiel/gegevens", nil, members(post, 200)},
		{get, "/profiel/verwijderen", "/profiel/verwijderen", nil, members(get, 200)},
		// Without the confirmation box ticked nothing is deleted.
		{post, "/profiel/verwijderen", "/profiel/verwijderen", nil, members(post, http.StatusUnprocessableEntity)},
		{get, "/account-verwijderd", "/account-verwijderd", nil, same(200)},
	}
}

func TestDataExportIsAZipOfTheUsersOwnData(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	u, c := o.signedIn(t, "Anna")
	profile := document(t, get(t, c, o.URL+"/profiel"))
	if profile.Find(`form[action="/profiel/gegevens"] button`).Length() != 1 || profile.Find(`a[href="/profiel/verwijderen"]`).Length() != 1 {
		t.Error("the profile page offers no download or deletion")
	}
	res := o.postForm(t, noRedirects(c), "/profiel/gegevens", nil)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var profileJSON string
	for _, f := range zr.File {
		if f.Name == "profiel.json" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			profileJSON = string(b)
		}
	}
	if !strings.Contains(profileJSON, u.ID.String()) || len(zr.File) < 10 {
		t.Errorf("export has %d files; profiel.json = %s", len(zr.File), profileJSON)
	}
	// Without the CSRF token, no export.
	res, err = noRedirects(c).Post(o.URL+"/profiel/gegevens", "application/x-www-form-urlencoded", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("export without CSRF token: %d, want 403", res.StatusCode)
	}
}

func TestDeleteAccountJourney(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	u, c := o.signedIn(t, "Anna")
	page := document(t, get(t, c, o.URL+"/profiel/verwijderen"))
	if page.Find(`form[action="/profiel/verwijderen"] input[type="checkbox"][name="confirm"]`).Length() != 1 {
		t.Fatal("the deletion page has no confirmation box")
	}
	res := o.postForm(t, noRedirects(c), "/profiel/verwijderen", nil)
	doc := document(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find("#bevestig-fout").Length() != 1 ||
		doc.Find(`#bevestig[aria-invalid="true"]`).Length() != 1 {
		t.Errorf("unconfirmed deletion: %d, want 422 with the box's error", res.StatusCode)
	}
	if _, err := o.accounts.User(context.Background(), u.ID); err != nil {
		t.Fatalf("an unconfirmed deletion deleted the account: %v", err)
	}
	res = o.postForm(t, noRedirects(c), "/profiel/verwijderen", url.Values{"confirm": {"1"}})
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account-verwijderd" {
		t.Fatalf("confirmed deletion: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := o.accounts.User(context.Background(), u.ID); err == nil {
		t.Error("the account still exists")
	}
	res = get(t, noRedirects(c), o.URL+"/profiel")
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
		t.Errorf("profile after deletion: %d to %q, want the login page", res.StatusCode, res.Header.Get("Location"))
	}
	if got := text(document(t, get(t, c, o.URL+"/account-verwijderd")), "h1"); got != "Je account is verwijderd" {
		t.Errorf("goodbye page heading %q", got)
	}
}

func TestLastAdministratorCannotDeleteTheirAccount(t *testing.T) {
	t.Parallel()
	o := newDemoSite(t, nil)
	ctx := context.Background()
	admins, err := o.accounts.Privileged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range admins { // leave the new administrator as the only one
		if a.Role == account.Admin {
			if err := o.accounts.SetRole(ctx, a.ID, account.Resident); err != nil {
				t.Fatal(err)
			}
		}
	}
	u := o.newUser(t, admin)
	token, err := o.accounts.StartSession(ctx, u.ID, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	c := browserClient(t)
	base, _ := url.Parse(o.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: o.sessionCookieName(), Value: token, Path: "/"}})
	res := o.postForm(t, noRedirects(c), "/profiel/verwijderen", url.Values{"confirm": {"1"}})
	doc := document(t, res)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(doc.Find(".bb-notice--error").Text(), "laatste beheerder") {
		t.Errorf("last administrator's deletion: %d, want 403 with the reason", res.StatusCode)
	}
	if _, err := o.accounts.User(ctx, u.ID); err != nil {
		t.Errorf("the last administrator was deleted: %v", err)
	}
}
