package web

import (
	"context"
	"net/http"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/buurtboost/buurtboost/app/login"
)

// A logged-in user links a second identity from their profile, cannot take
// one that belongs to someone else, and can unlink all but the last.
func TestLinkAndUnlinkIdentities(t *testing.T) {
	t.Parallel()
	o := newOIDCSite(t, nil)
	ctx := context.Background()
	c := browserClient(t)
	o.login(t, c, &mockoidc.MockUser{Subject: "first", PreferredUsername: "Noor"})
	other := browserClient(t)
	o.login(t, other, &mockoidc.MockUser{Subject: "someone-else"})

	link := func(subject string) *http.Response {
		o.IdP.QueueUser(&mockoidc.MockUser{Subject: subject})
		return get(t, c, o.URL+"/auth/openid-connect?link=1&next=/profiel")
	}
	res := link("second")
	if res.Request.URL.Path != "/profiel" || res.Request.URL.Query().Get("melding") != "gekoppeld" {
		t.Fatalf("link ended on %s", res.Request.URL)
	}
	noor := userBySubject(t, o, o.DB, "first")
	ids, err := o.accounts.Identities(ctx, noor.ID)
	if err != nil || len(ids) != 2 || ids[1].Subject != "second" || ids[1].Provider != login.OIDCName {
		t.Fatalf("identities after link = %+v, %v", ids, err)
	}
	if got := userBySubject(t, o, o.DB, "second"); got.ID != noor.ID {
		t.Error("the linked identity logs in as another user")
	}

	res = link("someone-else")
	if res.Request.URL.Query().Get("melding") != "bezet" {
		t.Errorf("linking another user's identity ended on %s", res.Request.URL)
	}
	if got := userBySubject(t, o, o.DB, "someone-else"); got.ID == noor.ID {
		t.Error("another user's identity was taken over")
	}

	unlink := func(id string) *http.Response {
		return o.postForm(t, c, "/profiel/identiteiten/"+id+"/ontkoppelen", nil)
	}
	if res := unlink(ids[0].ID.String()); res.Request.URL.Query().Get("melding") != "ontkoppeld" {
		t.Errorf("unlink ended on %s", res.Request.URL)
	}
	if res := unlink(ids[1].ID.String()); res.Request.URL.Query().Get("melding") != "laatste" {
		t.Errorf("unlinking the last identity ended on %s", res.Request.URL)
	}
	left, _ := o.accounts.Identities(ctx, noor.ID)
	if len(left) != 1 || left[0].ID != ids[1].ID {
		t.Errorf("identities left = %+v, want only the second", left)
	}
	// Someone else's identity cannot be unlinked from this profile.
	theirs := userBySubject(t, o, o.DB, "someone-else")
	theirIDs, _ := o.accounts.Identities(ctx, theirs.ID)
	if res := unlink(theirIDs[0].ID.String()); res.StatusCode != http.StatusNotFound {
		t.Errorf("unlinking another user's identity: %d, want 404", res.StatusCode)
	}
}
