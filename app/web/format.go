package web

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on machines without a zone database
)

// amsterdam is the time zone every date on the site is shown in.
var amsterdam = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var months = map[string][12]string{
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// formatDate writes t as "25 november 2026" (nl) or "25 November 2026".
func formatDate(t time.Time, lang string) string {
	t = t.In(amsterdam)
	names, ok := months[lang]
	if !ok {
		names = months["nl"]
	}
	return fmt.Sprintf("%d %s %d", t.Day(), names[t.Month()-1], t.Year())
}

// formatDateTime adds the time of day on the 24-hour clock, as both
// languages use it on this site.
func formatDateTime(t time.Time, lang string) string {
	return formatDate(t, lang) + ", " + t.In(amsterdam).Format("15:04")
}
