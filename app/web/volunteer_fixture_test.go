package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/buurtboost/buurtboost/app/volunteer"
)

// volunteerFixture is volunteering content on the fixture initiative: an
// activity, another to cancel, a standalone task with one volunteer.
type volunteerFixture struct {
	activity, cancel, task, signup string
	cancelTask                     string // a task to call off
	volunteer                      string // the volunteer's user id
}

// future is a datetime-local value days from now, in Amsterdam time.
func future(days int, hhmm string) string {
	return time.Now().In(volunteer.Zone).AddDate(0, 0, days).Format("2006-01-02") + "T" + hhmm
}

func activityValues(title string) url.Values {
	return url.Values{"title": {title}, "description": {"Lange tafels op het plein."},
		"start": {future(7, "17:00")}, "end": {future(7, "21:00")}, "place": {"Bolplein"}, "limit": {"50"}}
}

func taskValues(title string) url.Values {
	return url.Values{"title": {title}, "description": {"Tafels uit de schuur halen."}, "bring": {"Handschoenen"},
		"start": {future(7, "15:00")}, "end": {future(7, "17:00")}, "capacity": {"3"}}
}

func newVolunteerFixture(t testing.TB, o *oidcSite, fx fixture) volunteerFixture {
	t.Helper()
	ctx := context.Background()
	in := func(v url.Values) volunteer.ActivityInput {
		return volunteer.ActivityInput{Title: v.Get("title"), Description: v.Get("description"), Start: v.Get("start"),
			End: v.Get("end"), Place: v.Get("place"), Limit: v.Get("limit")}
	}
	a, err := o.volunteers.CreateActivity(ctx, fx.organiser, fx.initiativeID, in(activityValues("Straatdiner")))
	if err != nil {
		t.Fatal(err)
	}
	cancel, err := o.volunteers.CreateActivity(ctx, fx.organiser, fx.initiativeID, in(activityValues("Buurtborrel")))
	if err != nil {
		t.Fatal(err)
	}
	tv := taskValues("Tafels klaarzetten")
	task, err := o.volunteers.CreateTask(ctx, fx.organiser, fx.initiativeID, volunteer.TaskInput{Title: tv.Get("title"),
		Description: tv.Get("description"), Start: tv.Get("start"), End: tv.Get("end"), Capacity: tv.Get("capacity")})
	if err != nil {
		t.Fatal(err)
	}
	other, err := o.volunteers.CreateTask(ctx, fx.organiser, fx.initiativeID, volunteer.TaskInput{Title: "Flyers rondbrengen",
		Start: tv.Get("start"), End: tv.Get("end"), Capacity: "5"})
	if err != nil {
		t.Fatal(err)
	}
	u := o.newUser(t, resident)
	su, err := o.volunteers.SignUp(ctx, u, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	return volunteerFixture{activity: a.ID.String(), cancel: cancel.ID.String(), task: task.ID.String(),
		signup: su.ID.String(), volunteer: u.ID.String(), cancelTask: other.ID.String()}
}

// volunteerRows are the routes of activities, tasks, rosters and
// calendars. Each role is a fresh user: leaving a task one never joined
// is refused (409), and so is anything that waits for the start.
func volunteerRows(fx fixture) []authzCase {
	const get, post = http.MethodGet, http.MethodPost
	ini, act, task := "/initiatief/"+fx.slug, "/activiteit/"+fx.vol.activity, "/taak/"+fx.vol.task
	return []authzCase{
		{get, "/initiatief/:slug/activiteiten/nieuw", ini + "/activiteiten/nieuw", nil, organisers(get, 200)},
		{post, "/initiatief/:slug/activiteiten", ini + "/activiteiten", activityValues("Buurtfeest"), organisers(post, http.StatusSeeOther)},
		{get, "/initiatief/:slug/taken/nieuw", ini + "/taken/nieuw", nil, organisers(get, 200)},
		{post, "/initiatief/:slug/taken", ini + "/taken", taskValues("Flyers rondbrengen"), organisers(post, http.StatusSeeOther)},
		{get, "/initiatief/:slug/agenda.ics", ini + "/agenda.ics", nil, same(200)},
		{get, "/activiteit/:id", act, nil, same(200)},
		{get, "/activiteit/:id/agenda.ics", act + "/agenda.ics", nil, same(200)},
		{get, "/activiteit/:id/bewerken", act + "/bewerken", nil, organisers(get, 200)},
		{post, "/activiteit/:id/bewerken", act + "/bewerken", activityValues("Groot straatdiner"), organisers(post, http.StatusSeeOther)},
		{post, "/activiteit/:id/annuleren", "/activiteit/" + fx.vol.cancel + "/annuleren", url.Values{"reason": {"Het gaat stormen"}}, organisers(post, http.StatusSeeOther)},
		{post, "/activiteit/:id/gehouden", act + "/gehouden", nil, organisers(post, http.StatusConflict)},
		{post, "/activiteit/:id/aanmelden", act + "/aanmelden", url.Values{"going": {"ja"}}, residents(post, http.StatusSeeOther)},
		{get, "/activiteit/:id/deelnemers", act + "/deelnemers", nil, organisers(get, 200)},
		{get, "/activiteit/:id/deelnemers.csv", act + "/deelnemers.csv", nil, organisers(get, 200)},
		{get, "/taak/:id", task, nil, same(200)},
		{get, "/taak/:id/bewerken", task + "/bewerken", nil, organisers(get, 200)},
		{post, "/taak/:id/bewerken", task + "/bewerken", taskValues("Tafels en stoelen klaarzetten"), organisers(post, http.StatusSeeOther)},
		{post, "/taak/:id/annuleren", "/taak/" + fx.vol.cancelTask + "/annuleren", url.Values{"reason": {"Niet meer nodig"}}, organisers(post, http.StatusSeeOther)},
		{post, "/taak/:id/aanmelden", task + "/aanmelden", nil, residents(post, http.StatusSeeOther)},
		{post, "/taak/:id/afmelden", task + "/afmelden", nil, residents(post, http.StatusConflict)},
		{post, "/taak/:id/verwijderen", task + "/verwijderen", url.Values{"signup": {fx.vol.signup}, "reason": {"Dubbel"}}, organisers(post, http.StatusSeeOther)},
		{post, "/taak/:id/aanwezigheid", task + "/aanwezigheid", url.Values{"signup": {fx.vol.signup}, "attendance": {"showed_up"}}, organisers(post, http.StatusConflict)},
		{get, "/taak/:id/deelnemers", task + "/deelnemers", nil, organisers(get, 200)},
		{get, "/taak/:id/deelnemers.csv", task + "/deelnemers.csv", nil, organisers(get, 200)},
		{get, "/buurt/:slug/meedoen", "/buurt/bolwijk/meedoen", nil, same(200)},
		{get, "/agenda", "/agenda", nil, members(get, 200)},
		{post, "/agenda/koppeling", "/agenda/koppeling", nil, members(post, 200)},
		{post, "/agenda/koppeling/intrekken", "/agenda/koppeling/intrekken", nil, members(post, http.StatusSeeOther)},
		{get, "/kalender/:token", "/kalender/onbekend.ics", nil, same(404)},
	}
}
