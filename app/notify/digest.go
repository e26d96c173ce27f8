package notify

import (
	"time"
	_ "time/tzdata" // Europe/Amsterdam on machines without a zone database

	"github.com/google/uuid"
)

// Zone is where the digest's morning is.
var Zone = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// DigestHour is the local hour the daily digest goes out.
const DigestHour = 8

// DigestTime is when the digest carrying something that happened at t goes
// out: the first 08:00 in Amsterdam after t (the same day before eight,
// else the next morning), whatever the daylight saving time.
func DigestTime(t time.Time) time.Time {
	l := t.In(Zone)
	at := time.Date(l.Year(), l.Month(), l.Day(), DigestHour, 0, 0, 0, Zone)
	if !at.After(t) {
		at = time.Date(l.Year(), l.Month(), l.Day()+1, DigestHour, 0, 0, 0, Zone)
	}
	return at.UTC()
}

// DigestKey is the outbox key of a user's digest going out at: one a day.
func DigestKey(userID uuid.UUID, at time.Time) string {
	return "digest:" + userID.String() + ":" + at.In(Zone).Format(time.DateOnly)
}
