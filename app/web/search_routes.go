package web

import "net/http"

// searchRoutes are the search page and the similar-ideas suggestions on
// the new-idea form.
func (s *Server) searchRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(get, "/zoeken", anyone, s.searchPage)
	s.handle(get, "/initiatief/:slug/ideeen/vergelijkbaar", anyone, s.similarIdeas)
	// The form's "check for similar ideas" button without JavaScript: it
	// posts the form (with its CSRF token) and gets it back with the list.
	s.handle(post, "/initiatief/:slug/ideeen/vergelijkbaar", participant, s.similarIdeasCheck)
}
