package demo

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Showcase names the pages of seeded participation that the load
// generator and the query-count test visit: the idea with the most
// comments (ShowcaseComments after SeedParticipation), its initiative (a
// full page of ideas) and that initiative's neighbourhood.
type Showcase struct {
	NeighbourhoodSlug string
	InitiativeID      uuid.UUID
	InitiativeSlug    string
	InitiativeIdeas   int
	IdeaID            uuid.UUID
	IdeaComments      int
}

// FindShowcase reads the showcase from the database, so that it also works
// on a database seeded earlier.
func FindShowcase(ctx context.Context, bdb bun.IDB) (Showcase, error) {
	var s Showcase
	err := bdb.NewSelect().
		ColumnExpr("n.slug AS neighbourhood_slug, i.id AS initiative_id, i.slug AS initiative_slug").
		ColumnExpr("i.ideas_count AS initiative_ideas, idea.id AS idea_id, idea.comments_count AS idea_comments").
		TableExpr("ideas AS idea").
		Join("JOIN initiatives AS i ON i.id = idea.initiative_id").
		Join("JOIN neighbourhoods AS n ON n.id = i.neighbourhood_id").
		Where("idea.removed_at IS NULL").
		OrderExpr("idea.comments_count DESC, idea.id").Limit(1).
		Scan(ctx, &s.NeighbourhoodSlug, &s.InitiativeID, &s.InitiativeSlug, &s.InitiativeIdeas, &s.IdeaID, &s.IdeaComments)
	if err != nil {
		return Showcase{}, fmt.Errorf("find the showcase idea: %w", err)
	}
	return s, nil
}
