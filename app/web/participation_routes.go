package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// uploadRoutes take a cover image and so a larger body than maxBodySize:
// the image limit plus room for the rest of the form.
var uploadRoutes = map[string]bool{"/initiatieven": true, "/initiatief/:slug/bewerken": true,
	"/beheer/buurten/import": true} // a CSV file of neighbourhoods (admin_handlers.go)

const maxUploadBody = "6M"

func isUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && uploadRoutes[c.Path()]
}

// participationRoutes are the residents' core: initiatives, ideas,
// supports and comments. Access levels here are coarse; whether someone
// organises *this* initiative or wrote *this* idea is decided by the
// domain services.
func (s *Server) participationRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	upload := func(h echo.HandlerFunc) echo.HandlerFunc {
		return middleware.BodyLimit(maxUploadBody)(h)
	}
	s.handle(get, "/media/*", anyone, s.media)

	s.handle(get, "/initiatieven/nieuw", participant, s.initiativeNew)
	s.handle(post, "/initiatieven", participant, upload(s.initiativeCreate))
	s.handleShared("/initiatief/:slug", s.initiativePage)
	s.handle(get, "/initiatief/:slug/bewerken", loggedIn, s.initiativeEdit)
	s.handle(post, "/initiatief/:slug/bewerken", loggedIn, upload(s.initiativeSave))
	s.handle(post, "/initiatief/:slug/volgen", participant, s.follow)
	s.handle(post, "/initiatief/:slug/ontvolgen", participant, s.unfollow)
	s.handle(post, "/initiatief/:slug/uitnodigen", loggedIn, s.invite)
	s.handle(post, "/initiatief/:slug/verlaten", loggedIn, s.leave)
	s.handle(post, "/initiatief/:slug/updates", loggedIn, s.postUpdate)
	s.handle(get, "/uitnodiging/:token", anyone, s.invitation)
	s.handle(post, "/uitnodiging/:token", participant, s.acceptInvitation)

	s.handle(get, "/initiatief/:slug/ideeen/nieuw", participant, s.ideaNew)
	s.handle(post, "/initiatief/:slug/ideeen", participant, s.ideaCreate)
	s.handleShared("/idee/:id", s.ideaPage)
	s.handle(get, "/idee/:id/bewerken", loggedIn, s.ideaEdit)
	s.handle(post, "/idee/:id/bewerken", loggedIn, s.ideaSave)
	s.handle(post, "/idee/:id/status", loggedIn, s.ideaStatus)
	s.handle(post, "/idee/:id/steunen", participant, s.support)
	s.handle(post, "/idee/:id/intrekken", participant, s.withdraw)
	s.handle(post, "/idee/:id/reacties", participant, s.commentCreate)
	s.handle(post, "/reactie/:id/bewerken", loggedIn, s.commentEdit)
	s.handle(post, "/reactie/:id/verwijderen", loggedIn, s.commentDelete)
	s.handle(post, "/reactie/:id/verbergen", loggedIn, s.commentHide)
	s.handle(post, "/melden", loggedIn, s.report)
}
