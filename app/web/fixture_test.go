package web

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/idea"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// fixture is participation content to act on: an initiative with an idea
// and a comment, another initiative, and an open co-organiser invitation.
type fixture struct {
	initiativeID, otherID uuid.UUID
	slug, title           string
	idea, comment, invite string
	neighbourhood, theme  string
	organiser, author     account.User
	vol                   volunteerFixture
}

func newFixture(t testing.TB, o *oidcSite) fixture {
	t.Helper()
	ctx := context.Background()
	ns, _ := o.municipality.ListNeighbourhoods(ctx)
	ts, _ := o.municipality.ListThemes(ctx)
	fx := fixture{neighbourhood: ns[0].ID.String(), theme: ts[0].ID.String(), title: "Straatdiner Bolplein"}
	fx.organiser, fx.author = o.newUser(t, resident), o.newUser(t, resident)
	in := initiative.Input{Title: fx.title, Summary: "Samen eten op het plein", Description: "Iedereen neemt iets mee.",
		NeighbourhoodID: fx.neighbourhood, ThemeIDs: []string{fx.theme}}
	ini, err := o.initiatives.Create(ctx, fx.organiser, in)
	if err != nil {
		t.Fatal(err)
	}
	fx.initiativeID, fx.slug = ini.ID, ini.Slug
	in.Title = "Moestuin Vogelbuurt"
	other, err := o.initiatives.Create(ctx, o.newUser(t, resident), in)
	if err != nil {
		t.Fatal(err)
	}
	fx.otherID = other.ID
	it, err := o.ideas.Propose(ctx, fx.author, ini.ID, idea.Input{Title: "Lampjes in de bomen", Description: "Voor de sfeer."})
	if err != nil {
		t.Fatal(err)
	}
	fx.idea = it.ID.String()
	cm, err := o.ideas.Comment(ctx, fx.author, it.ID, nil, "Ik help mee ophangen.")
	if err != nil {
		t.Fatal(err)
	}
	fx.comment = cm.ID.String()
	if fx.invite, _, err = o.initiatives.Invite(ctx, fx.organiser, ini.ID); err != nil {
		t.Fatal(err)
	}
	fx.vol = newVolunteerFixture(t, o, fx)
	return fx
}

// addOrganiser makes u an organiser of the initiative through an invitation,
// as a real co-organiser would become one.
func (fx fixture) addOrganiser(t testing.TB, o *oidcSite, id uuid.UUID, u account.User) {
	t.Helper()
	ctx := context.Background()
	organisers, err := o.initiatives.Organisers(ctx, id)
	if err != nil || len(organisers) == 0 {
		t.Fatalf("organisers of %s: %v", id, err)
	}
	token, _, err := o.initiatives.Invite(ctx, organisers[0], id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.initiatives.AcceptInvite(ctx, u, token); err != nil {
		t.Fatal(err)
	}
}
