package dashboard

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// The query helpers below keep every aggregate on the same few shapes: a
// range of created_at (served by the activity indexes on kind,
// neighbourhood, theme and actor, each ending in created_at) plus the
// selection's neighbourhoods and themes.

func strs(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// onLog restricts activity rows (under alias) to the selection.
func (f Filter) onLog(q *bun.SelectQuery, alias string) *bun.SelectQuery {
	if len(f.Neighbourhoods) > 0 {
		q = q.Where(alias+".neighbourhood_id IN (?)", bun.List(strs(f.Neighbourhoods)))
	}
	if len(f.Themes) > 0 {
		q = q.Where(alias+".theme_id IN (?)", bun.List(strs(f.Themes)))
	}
	return q
}

// onInitiatives restricts rows joined to initiatives (alias n) to the
// selection; an initiative matches a theme when it carries it.
func (f Filter) onInitiatives(q *bun.SelectQuery) *bun.SelectQuery {
	if len(f.Neighbourhoods) > 0 {
		q = q.Where("n.neighbourhood_id IN (?)", bun.List(strs(f.Neighbourhoods)))
	}
	if len(f.Themes) > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM initiative_themes AS it WHERE it.initiative_id = n.id AND it.theme_id IN (?))",
			bun.List(strs(f.Themes)))
	}
	return q
}

// span restricts column to the current and the previous period together.
func span(q *bun.SelectQuery, column string, p Period) *bun.SelectQuery {
	return q.Where(column+" >= ? AND "+column+" < ?", p.Previous().From, p.To)
}

// curExpr is 1 for rows of the current period and 0 for the previous one.
func curExpr(column string, p Period) (string, time.Time) {
	return "CASE WHEN " + column + " >= ? THEN 1 ELSE 0 END AS cur", p.From
}

// weekStarts splits p into weeks from its start; the last may be shorter.
func weekStarts(p Period) []time.Time {
	var ws []time.Time
	for t := p.From; t.Before(p.To); t = t.AddDate(0, 0, 7) {
		ws = append(ws, t)
	}
	return ws
}

// bucketExpr numbers the week of column (0 = the first week of the
// period starting at from): arithmetic on the time, which each database
// spells its own way, rather than a CASE over every week boundary, which
// costs a comparison per week for every row of a year.
func (s *Service) bucketExpr(column string, from time.Time) (string, []any) {
	if s.db.Dialect().Name() == dialect.PG {
		return "CAST(FLOOR(EXTRACT(EPOCH FROM (" + column + " - CAST(? AS TIMESTAMPTZ))) / 604800) AS INTEGER)", []any{from}
	}
	return "CAST((julianday(" + column + ") - julianday(?)) / 7 AS INTEGER)", []any{from}
}
