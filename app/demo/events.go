package demo

import (
	"bytes"
	"context"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/activity"
)

// event is an activity-log row waiting to be written; a nil idea or theme
// is uuid.Nil. It is smaller than activity.Event, which matters for the
// million of them in BenchSize.
type event struct {
	id                   uuid.UUID
	key                  string
	kind                 activity.Kind
	nb, ini, idea, theme uuid.UUID
	at                   time.Time
}

// log records an act for the activity log.
func (g *generator) log(kind activity.Kind, p person, at time.Time, nb, ini uuid.UUID, ideaID, theme *uuid.UUID) {
	e := event{id: g.id(at), key: p.key, kind: kind, nb: nb, ini: ini, at: at}
	if ideaID != nil {
		e.idea = *ideaID
	}
	if theme != nil {
		e.theme = *theme
	}
	g.events = append(g.events, e)
}

// writeEvents writes the log in the order of its ids, which is time order:
// its primary key and its indexes on time then grow at their ends instead
// of everywhere, which makes a large seed several times faster.
func (g *generator) writeEvents(ctx context.Context) error {
	sort.Slice(g.events, func(a, b int) bool { return bytes.Compare(g.events[a].id[:], g.events[b].id[:]) < 0 })
	for _, e := range g.events {
		if err := put(ctx, g.db, &g.w, &g.w.activity, e.row()); err != nil {
			return err
		}
	}
	g.events = nil
	return nil
}

func (e event) row() activity.Event {
	ev := activity.Event{ID: e.id, ActorKey: e.key, Kind: e.kind, NeighbourhoodID: &e.nb, InitiativeID: &e.ini, CreatedAt: e.at}
	if e.idea != uuid.Nil {
		ev.IdeaID = &e.idea
	}
	if e.theme != uuid.Nil {
		ev.ThemeID = &e.theme
	}
	return ev
}
