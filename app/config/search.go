package config

import "net/url"

// Search selects the search engine: Meilisearch when MEILI_URL is set,
// else the embedded full-text search in the database.
type Search struct {
	// MeiliURL is Meilisearch's address (MEILI_URL), nil for the embedded
	// engine.
	MeiliURL *url.URL
	// MeiliAPIKey is the key Buurtboost sends (MEILI_API_KEY; optional).
	MeiliAPIKey string
}

func (c *Config) loadSearch(meiliURL, apiKey string) error {
	if meiliURL == "" {
		if apiKey != "" {
			return &Error{"MEILI_API_KEY", "MEILI_URL too: the key is for Meilisearch, which MEILI_URL selects"}
		}
		return nil
	}
	u, err := url.Parse(meiliURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return &Error{"MEILI_URL", "Meilisearch's http(s) address, such as http://127.0.0.1:7700"}
	}
	c.Search = Search{MeiliURL: u, MeiliAPIKey: apiKey}
	return nil
}
