package idea

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// cursor is where the previous page of a list ended: the sort keys of its
// last idea. It travels to the browser as opaque base64url JSON; a
// tampered cursor can at worst start a page at another place, because its
// values are only ever bound as query parameters.
type cursor struct {
	Sort string `json:"s"`
	// Since is the start of the trending window of the first page, kept so
	// that every page of one walk ranks by the same window.
	Since    time.Time `json:"w,omitzero"`
	Recent   int       `json:"r,omitempty"`
	Supports int       `json:"n,omitempty"`
	Created  time.Time `json:"c,omitzero"`
	ID       uuid.UUID `json:"i"`
}

// cursorKey is the message for a cursor that cannot be read.
const cursorKey = "idea.list.cursor.invalid"

// cursorAfter returns the cursor that continues a list after it.
func cursorAfter(sort string, since time.Time, it Idea) string {
	c := cursor{Sort: sort, ID: it.ID}
	switch sort {
	case SortNewest:
		c.Created = it.CreatedAt
	case SortSupported:
		c.Supports = it.SupportsCount
	case SortTrending:
		c.Since, c.Recent, c.Supports = since, it.RecentSupports, it.SupportsCount
	}
	data, err := json.Marshal(c)
	if err != nil {
		panic(err) // a struct of plain values always marshals
	}
	return base64.RawURLEncoding.EncodeToString(data)
}

// decodeCursor reads a cursor made for sort. An empty string is the first
// page (nil); anything unreadable, or made for another sort, returns the
// cursor message key.
func decodeCursor(raw, sort string) (*cursor, string) {
	if raw == "" {
		return nil, ""
	}
	data, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return nil, cursorKey
	}
	var c cursor
	if err := json.Unmarshal(data, &c); err != nil || c.Sort != sort || c.ID == uuid.Nil {
		return nil, cursorKey
	}
	if sort == SortTrending && c.Since.IsZero() || sort == SortNewest && c.Created.IsZero() {
		return nil, cursorKey
	}
	return &c, ""
}
