package search

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// activityRow is the public part of an activity with its initiative.
type activityRow struct {
	ID              string    `bun:"id"`
	InitiativeID    string    `bun:"initiative_id"`
	Title           string    `bun:"title"`
	Description     string    `bun:"description"`
	Place           string    `bun:"place"`
	Status          string    `bun:"status"`
	GoingCount      int       `bun:"going_count"`
	CreatedAt       time.Time `bun:"created_at"`
	InitiativeTitle string    `bun:"initiative_title"`
	NeighbourhoodID string    `bun:"neighbourhood_id"`
}

// Activities returns the public documents of the activities with ids:
// planned and held ones of initiatives that are not archived. They carry
// their initiative's themes.
func (s *Source) Activities(ctx context.Context, ids []string) ([]Document, error) {
	var rows []activityRow
	err := s.db.NewSelect().TableExpr("activities AS a").
		ColumnExpr("a.id, a.initiative_id, a.title, a.description, a.place, a.status, a.going_count, a.created_at").
		ColumnExpr("ini.title AS initiative_title, ini.neighbourhood_id").
		Join("JOIN initiatives AS ini ON ini.id = a.initiative_id").
		Where("a.id IN (?) AND a.status <> 'cancelled' AND ini.status <> 'archived' AND ini.hidden_reason = ''", bun.List(ids)).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read activities to index: %w", err)
	}
	themes, err := s.themesOf(ctx, len(rows), func(i int) string { return rows[i].InitiativeID })
	if err != nil {
		return nil, err
	}
	docs := make([]Document, len(rows))
	for i, r := range rows {
		docs[i] = Document{Kind: KindActivity, ID: r.ID, Title: r.Title,
			Body: s.md.Plain(r.Place+"\n\n"+r.Description, bodyRunes), URL: "/activiteit/" + r.ID,
			NeighbourhoodID: r.NeighbourhoodID, ThemeIDs: themes[r.InitiativeID], Status: r.Status,
			InitiativeID: r.InitiativeID, InitiativeTitle: r.InitiativeTitle, Supports: r.GoingCount, CreatedAt: r.CreatedAt}
	}
	return docs, nil
}

// taskRow is the public part of a volunteer task with its initiative.
type taskRow struct {
	ID              string    `bun:"id"`
	InitiativeID    string    `bun:"initiative_id"`
	Title           string    `bun:"title"`
	Description     string    `bun:"description"`
	Bring           string    `bun:"bring"`
	Capacity        int       `bun:"capacity"`
	SignedCount     int       `bun:"signed_count"`
	CreatedAt       time.Time `bun:"created_at"`
	InitiativeTitle string    `bun:"initiative_title"`
	NeighbourhoodID string    `bun:"neighbourhood_id"`
}

// Task statuses in the index: places left, or none.
const (
	TaskOpen = "open"
	TaskFull = "full"
)

// Tasks returns the public documents of the volunteer tasks with ids:
// those of initiatives that are not archived and not of a cancelled
// activity.
func (s *Source) Tasks(ctx context.Context, ids []string) ([]Document, error) {
	var rows []taskRow
	err := s.db.NewSelect().TableExpr("volunteer_tasks AS t").
		ColumnExpr("t.id, t.initiative_id, t.title, t.description, t.bring, t.capacity, t.signed_count, t.created_at").
		ColumnExpr("ini.title AS initiative_title, ini.neighbourhood_id").
		Join("JOIN initiatives AS ini ON ini.id = t.initiative_id").
		Join("LEFT JOIN activities AS a ON a.id = t.activity_id").
		Where("t.id IN (?) AND ini.status <> 'archived' AND ini.hidden_reason = '' AND (a.id IS NULL OR a.status <> 'cancelled')", bun.List(ids)).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read tasks to index: %w", err)
	}
	themes, err := s.themesOf(ctx, len(rows), func(i int) string { return rows[i].InitiativeID })
	if err != nil {
		return nil, err
	}
	docs := make([]Document, len(rows))
	for i, r := range rows {
		status := TaskOpen
		if r.SignedCount >= r.Capacity {
			status = TaskFull
		}
		docs[i] = Document{Kind: KindTask, ID: r.ID, Title: r.Title,
			Body: s.md.Plain(r.Description+"\n\n"+r.Bring, bodyRunes), URL: "/taak/" + r.ID,
			NeighbourhoodID: r.NeighbourhoodID, ThemeIDs: themes[r.InitiativeID], Status: status,
			InitiativeID: r.InitiativeID, InitiativeTitle: r.InitiativeTitle, Supports: r.SignedCount, CreatedAt: r.CreatedAt}
	}
	return docs, nil
}

// themesOf reads the themes of the n rows' initiatives.
func (s *Source) themesOf(ctx context.Context, n int, initiativeOf func(int) string) (map[string][]string, error) {
	if n == 0 {
		return nil, nil
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = initiativeOf(i)
	}
	return s.initiativeThemes(ctx, ids)
}
