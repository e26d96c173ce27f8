package meili

import (
	"github.com/meilisearch/meilisearch-go"

	"github.com/buurtboost/buurtboost/app/search"
)

// Settings are the index settings Buurtboost applies at start.
func Settings() *meilisearch.Settings {
	return &meilisearch.Settings{
		// The order is the order of importance.
		SearchableAttributes: []string{"title", "body", "initiative_title"},
		FilterableAttributes: []string{"kind", "neighbourhood_id", "theme_ids", "status", "initiative_id"},
		SortableAttributes:   []string{"created_at", "supports"},
		// Meilisearch's default rules; sort after attribute, so that a
		// chosen sort orders hits of equal relevance only.
		RankingRules: []string{"words", "typo", "proximity", "attribute", "sort", "exactness"},
		StopWords:    search.DutchStopWords,
		Synonyms:     synonyms(),
	}
}

// synonymGroups are words residents use for the same thing.
var synonymGroups = [][]string{
	{"speeltuin", "speelplek", "speelplaats"},
	{"afval", "vuil", "zwerfafval", "rommel"},
	{"buurthuis", "wijkcentrum", "buurtcentrum"},
	{"moestuin", "groentetuin"},
	{"fiets", "rijwiel"},
	{"bankje", "zitbank"},
}

// synonyms maps every word of a group to the others, both ways.
func synonyms() map[string][]string {
	out := map[string][]string{}
	for _, g := range synonymGroups {
		for _, w := range g {
			for _, o := range g {
				if o != w {
					out[w] = append(out[w], o)
				}
			}
		}
	}
	return out
}
