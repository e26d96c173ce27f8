// Package schemaorg describes pages as schema.org structured data (JSON-LD)
// for search engines and link previews. It knows nothing of HTTP or of
// Buurtboost's domain: callers fill in plain values.
package schemaorg

import "time"

// Event is an activity in the street: the properties search engines need
// (name, start, place) and those that help (end, status, organiser).
type Event struct {
	Name         string
	Description  string // plain text
	URL          string // absolute, canonical
	Image        string // absolute; "" for none
	Start, End   time.Time
	Place        string // where, as the organisers wrote it
	Organizer    string
	OrganizerURL string
	Cancelled    bool
}

// The eventStatus values this package writes.
const (
	EventScheduled = "https://schema.org/EventScheduled"
	EventCancelled = "https://schema.org/EventCancelled"
)

// JSONLD returns the event as a JSON-LD object, ready to be marshalled
// into a <script type="application/ld+json"> data block. Times keep their
// zone offset, as ISO 8601 asks.
func (e Event) JSONLD() map[string]any {
	status := EventScheduled
	if e.Cancelled {
		status = EventCancelled
	}
	doc := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "Event",
		"name":                e.Name,
		"startDate":           e.Start.Format(time.RFC3339),
		"eventStatus":         status,
		"eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
		"location": map[string]any{
			"@type": "Place", "name": e.Place, "address": e.Place,
		},
		"url": e.URL,
	}
	if !e.End.IsZero() {
		doc["endDate"] = e.End.Format(time.RFC3339)
	}
	if e.Description != "" {
		doc["description"] = e.Description
	}
	if e.Image != "" {
		doc["image"] = []string{e.Image}
	}
	if e.Organizer != "" {
		org := map[string]any{"@type": "Organization", "name": e.Organizer}
		if e.OrganizerURL != "" {
			org["url"] = e.OrganizerURL
		}
		doc["organizer"] = org
	}
	return doc
}
