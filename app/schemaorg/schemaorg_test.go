package schemaorg

import (
	"encoding/json"
	"testing"
	"time"
)

// event is the JSON-LD a search engine reads, decoded.
type event struct {
	Context     string   `json:"@context"`
	Type        string   `json:"@type"`
	Name        string   `json:"name"`
	Start       string   `json:"startDate"`
	End         string   `json:"endDate"`
	Status      string   `json:"eventStatus"`
	Attendance  string   `json:"eventAttendanceMode"`
	Description string   `json:"description"`
	URL         string   `json:"url"`
	Image       []string `json:"image"`
	Location    struct {
		Type    string `json:"@type"`
		Name    string `json:"name"`
		Address string `json:"address"`
	} `json:"location"`
	Organizer *struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"organizer"`
}

func decode(t *testing.T, e Event) event {
	t.Helper()
	data, err := json.Marshal(e.JSONLD())
	if err != nil {
		t.Fatal(err)
	}
	var got event
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// The Event carries the properties schema.org and search engines require
// (name, startDate, location with an address), in ISO 8601 with the zone.
func TestEventHasRequiredProperties(t *testing.T) {
	t.Parallel()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 6, 12, 17, 0, 0, 0, ams)
	got := decode(t, Event{Name: `Straatdiner "Bolplein" & co`, Description: "Iedereen neemt iets mee.",
		URL: "https://buurt.example/activiteit/1", Image: "https://buurt.example/media/covers/a.jpg",
		Start: start, End: start.Add(3 * time.Hour), Place: "Bolplein, Utrecht",
		Organizer: "Straatdiner Bolplein", OrganizerURL: "https://buurt.example/initiatief/straatdiner"})
	if got.Context != "https://schema.org" || got.Type != "Event" || got.Name != `Straatdiner "Bolplein" & co` {
		t.Errorf("context/type/name: %+v", got)
	}
	if got.Start != "2026-06-12T17:00:00+02:00" || got.End != "2026-06-12T20:00:00+02:00" {
		t.Errorf("dates %q – %q", got.Start, got.End)
	}
	if _, err := time.Parse(time.RFC3339, got.Start); err != nil {
		t.Errorf("startDate is not ISO 8601: %v", err)
	}
	if got.Location.Type != "Place" || got.Location.Address != "Bolplein, Utrecht" || got.Location.Name == "" {
		t.Errorf("location %+v", got.Location)
	}
	if got.Status != EventScheduled || got.Attendance != "https://schema.org/OfflineEventAttendanceMode" {
		t.Errorf("status %q, attendance %q", got.Status, got.Attendance)
	}
	if got.Organizer == nil || got.Organizer.Type != "Organization" || got.Organizer.URL == "" || len(got.Image) != 1 {
		t.Errorf("organizer %+v, image %v", got.Organizer, got.Image)
	}
}

func TestCancelledEventAndOptionalProperties(t *testing.T) {
	t.Parallel()
	got := decode(t, Event{Name: "Buurtfeest", Start: time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), Place: "Plein", Cancelled: true})
	if got.Status != EventCancelled {
		t.Errorf("status %q, want cancelled", got.Status)
	}
	if got.End != "" || got.Description != "" || got.Image != nil || got.Organizer != nil {
		t.Errorf("empty optional properties were written: %+v", got)
	}
}
