package web

import "net/http"

// dashboardRoutes are the municipality's read-only dashboard. Staff and
// admins watch; the only writes are their own saved filter presets.
func (s *Server) dashboardRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	s.handle(get, "/gemeente", staffOnly, s.dashboardPage)
	s.handle(get, "/gemeente/export.csv", staffOnly, s.dashboardCSV)
	s.handle(get, "/gemeente/export.json", staffOnly, s.dashboardJSON)
	s.handle(post, "/gemeente/filters", staffOnly, s.presetSave)
	s.handle(post, "/gemeente/filters/:id/verwijderen", staffOnly, s.presetDelete)
}
