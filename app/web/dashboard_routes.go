package web

import "net/http"

// dashboardRoutes are the municipality's read-only dashboard. Staff and
// admins watch; the only writes are their own saved filter presets.
func (s *Server) dashboardRoutes() {
	const get, post = http.MethodGet, http.MethodPost
	// With PUBLIC_DASHBOARD everyone reads the figures (open data); saved
	// filters stay staff's own.
	readers := staffOnly
	if s.cfg.PublicDashboard {
		readers = anyone
	}
	s.handle(get, "/gemeente", readers, s.dashboardPage)
	s.handle(get, "/gemeente/export.csv", readers, s.dashboardCSV)
	s.handle(get, "/gemeente/export.json", readers, s.dashboardJSON)
	s.handle(post, "/gemeente/filters", staffOnly, s.presetSave)
	s.handle(post, "/gemeente/filters/:id/verwijderen", staffOnly, s.presetDelete)
}
