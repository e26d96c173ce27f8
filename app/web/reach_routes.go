package web

import "net/http"

// reachRoutes take Buurtboost's content outside the site: posters with QR
// codes, Atom feeds, the embeddable neighbourhood widget, and what search
// engines read (sitemap, robots.txt). All are public and read-only, and
// none shows what its own page would not: archived initiatives are 404.
func (s *Server) reachRoutes() {
	const get = http.MethodGet
	s.handle(get, "/initiatief/:slug/poster", anyone, s.initiativePoster)
	s.handle(get, "/initiatief/:slug/qr.png", anyone, s.initiativeQRPNG)
	s.handle(get, "/activiteit/:id/poster", anyone, s.activityPoster)
	s.handle(get, "/activiteit/:id/qr.png", anyone, s.activityQRPNG)

	s.handle(get, "/initiatief/:slug/feed", anyone, s.initiativeFeed)
	s.handle(get, "/buurt/:slug/feed", anyone, s.neighbourhoodFeed)
	s.handle(get, "/thema/:slug/feed", anyone, s.themeFeed)

	s.handle(get, "/embed/buurt/:slug", anyone, s.embedNeighbourhood)
	s.handle(get, "/insluiten", anyone, s.embedHelp)

	s.handle(get, "/sitemap.xml", anyone, s.sitemapIndex)
	s.handle(get, "/sitemap/:n", anyone, s.sitemapPage)
	s.handle(get, "/robots.txt", anyone, s.robots)
}
