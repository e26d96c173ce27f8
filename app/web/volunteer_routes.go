package web

import "net/http"

// volunteerRoutes are activities, volunteer tasks, sign-ups, rosters and
// calendars. As with participation, the access levels are coarse: whether
// someone organises *this* initiative is decided by package volunteer.
func (s *Server) volunteerRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(get, "/initiatief/:slug/activiteiten/nieuw", loggedIn, s.activityNew)
	s.handle(post, "/initiatief/:slug/activiteiten", loggedIn, s.activityCreate)
	s.handle(get, "/initiatief/:slug/taken/nieuw", loggedIn, s.taskNew)
	s.handle(post, "/initiatief/:slug/taken", loggedIn, s.taskCreate)
	s.handleShared("/initiatief/:slug/agenda.ics", s.initiativeCalendar)

	s.handleShared("/activiteit/:id", s.activityPage)
	s.handleShared("/activiteit/:id/agenda.ics", s.activityCalendar)
	s.handle(get, "/activiteit/:id/bewerken", loggedIn, s.activityEdit)
	s.handle(post, "/activiteit/:id/bewerken", loggedIn, s.activitySave)
	s.handle(post, "/activiteit/:id/annuleren", loggedIn, s.activityCancel)
	s.handle(post, "/activiteit/:id/gehouden", loggedIn, s.activityHeld)
	s.handle(post, "/activiteit/:id/aanmelden", participant, s.activityRSVP)
	s.handle(get, "/activiteit/:id/deelnemers", loggedIn, s.activityRoster)
	s.handle(get, "/activiteit/:id/deelnemers.csv", loggedIn, s.activityRosterCSV)

	s.handleShared("/taak/:id", s.taskPage)
	s.handle(get, "/taak/:id/bewerken", loggedIn, s.taskEdit)
	s.handle(post, "/taak/:id/bewerken", loggedIn, s.taskSave)
	s.handle(post, "/taak/:id/annuleren", loggedIn, s.taskCancel)
	s.handle(post, "/taak/:id/aanmelden", participant, s.taskSignUp)
	s.handle(post, "/taak/:id/afmelden", participant, s.taskLeave)
	s.handle(post, "/taak/:id/verwijderen", loggedIn, s.taskRemove)
	s.handle(post, "/taak/:id/aanwezigheid", loggedIn, s.taskAttendance)
	s.handle(get, "/taak/:id/deelnemers", loggedIn, s.taskRoster)
	s.handle(get, "/taak/:id/deelnemers.csv", loggedIn, s.taskRosterCSV)

	s.handleShared("/buurt/:slug/meedoen", s.meedoen)
	s.handle(get, "/agenda", loggedIn, s.agenda)
	s.handle(post, "/agenda/koppeling", loggedIn, s.calendarLinkNew)
	s.handle(post, "/agenda/koppeling/intrekken", loggedIn, s.calendarLinkRevoke)
	s.handle(get, "/kalender/:token", anyone, s.userCalendar)
}
