package search

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/markdown"
)

// Source reads the public documents from the application's tables. It
// selects only what anyone may see: never e-mail addresses or names, never
// removed or hidden ideas, and nothing of archived or hidden initiatives.
type Source struct {
	db *bun.DB
	md *markdown.Renderer
}

// NewSource returns the source on db; md turns Markdown into plain text.
func NewSource(db *bun.DB, md *markdown.Renderer) *Source { return &Source{db: db, md: md} }

// bodyRunes bounds the text of a document's body.
const bodyRunes = 2000

// initiativeRow is the public part of an initiative.
type initiativeRow struct {
	ID              string    `bun:"id"`
	Slug            string    `bun:"slug"`
	Title           string    `bun:"title"`
	Summary         string    `bun:"summary"`
	Description     string    `bun:"description"`
	NeighbourhoodID string    `bun:"neighbourhood_id"`
	Status          string    `bun:"status"`
	FollowersCount  int       `bun:"followers_count"`
	CreatedAt       time.Time `bun:"created_at"`
}

// ideaRow is the public part of an idea with its initiative.
type ideaRow struct {
	ID              string    `bun:"id"`
	InitiativeID    string    `bun:"initiative_id"`
	Title           string    `bun:"title"`
	Description     string    `bun:"description"`
	ThemeID         *string   `bun:"theme_id"`
	Status          string    `bun:"status"`
	SupportsCount   int       `bun:"supports_count"`
	CreatedAt       time.Time `bun:"created_at"`
	InitiativeTitle string    `bun:"initiative_title"`
	NeighbourhoodID string    `bun:"neighbourhood_id"`
}

// Initiatives returns the public documents of the initiatives with ids;
// archived and hidden ones are left out.
func (s *Source) Initiatives(ctx context.Context, ids []string) ([]Document, error) {
	var rows []initiativeRow
	err := s.db.NewSelect().Table("initiatives").
		Column("id", "slug", "title", "summary", "description", "neighbourhood_id", "status", "followers_count", "created_at").
		Where("id IN (?) AND status <> 'archived' AND hidden_reason = ''", bun.List(ids)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read initiatives to index: %w", err)
	}
	themes, err := s.initiativeThemes(ctx, ids)
	if err != nil {
		return nil, err
	}
	docs := make([]Document, len(rows))
	for i, r := range rows {
		docs[i] = Document{Kind: KindInitiative, ID: r.ID, Title: r.Title,
			Body: s.md.Plain(r.Summary+"\n\n"+r.Description, bodyRunes), URL: "/initiatief/" + r.Slug,
			NeighbourhoodID: r.NeighbourhoodID, ThemeIDs: themes[r.ID], Status: r.Status,
			InitiativeID: r.ID, InitiativeTitle: r.Title, Supports: r.FollowersCount, CreatedAt: r.CreatedAt}
	}
	return docs, nil
}

// initiativeThemes maps initiative ids to their theme ids, in id order.
func (s *Source) initiativeThemes(ctx context.Context, ids []string) (map[string][]string, error) {
	var rows []struct {
		InitiativeID string `bun:"initiative_id"`
		ThemeID      string `bun:"theme_id"`
	}
	err := s.db.NewSelect().Table("initiative_themes").Column("initiative_id", "theme_id").
		Where("initiative_id IN (?)", bun.List(ids)).OrderExpr("initiative_id, theme_id").Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read initiative themes to index: %w", err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.InitiativeID] = append(out[r.InitiativeID], r.ThemeID)
	}
	return out, nil
}

// selectIdeas selects public ideas: not removed, on an initiative that is
// not archived.
func (s *Source) selectIdeas(rows *[]ideaRow) *bun.SelectQuery {
	return s.db.NewSelect().TableExpr("ideas AS idea").
		ColumnExpr("idea.id, idea.initiative_id, idea.title, idea.description, idea.theme_id, idea.status").
		ColumnExpr("idea.supports_count, idea.created_at").
		ColumnExpr("ini.title AS initiative_title, ini.neighbourhood_id").
		Join("JOIN initiatives AS ini ON ini.id = idea.initiative_id").
		Where("idea.removed_at IS NULL AND idea.hidden_reason = '' AND ini.status <> 'archived' AND ini.hidden_reason = ''")
}

// Ideas returns the public documents of the ideas with ids.
func (s *Source) Ideas(ctx context.Context, ids []string) ([]Document, error) {
	var rows []ideaRow
	if err := s.selectIdeas(&rows).Where("idea.id IN (?)", bun.List(ids)).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("read ideas to index: %w", err)
	}
	return s.ideaDocs(rows), nil
}

func (s *Source) ideaDocs(rows []ideaRow) []Document {
	docs := make([]Document, len(rows))
	for i, r := range rows {
		var themes []string
		if r.ThemeID != nil {
			themes = []string{*r.ThemeID}
		}
		docs[i] = Document{Kind: KindIdea, ID: r.ID, Title: r.Title, Body: s.md.Plain(r.Description, bodyRunes),
			URL: "/idee/" + r.ID, NeighbourhoodID: r.NeighbourhoodID, ThemeIDs: themes, Status: r.Status,
			InitiativeID: r.InitiativeID, InitiativeTitle: r.InitiativeTitle, Supports: r.SupportsCount,
			CreatedAt: r.CreatedAt}
	}
	return docs
}

// loaders returns, per kind, how to read public documents by id.
func (s *Source) loaders() map[Kind]func(context.Context, []string) ([]Document, error) {
	return map[Kind]func(context.Context, []string) ([]Document, error){
		KindInitiative: s.Initiatives,
		KindIdea:       s.Ideas,
		KindActivity:   s.Activities,
		KindTask:       s.Tasks,
	}
}

// tables maps each kind to the table its items live in, in the order a
// rebuild reads them.
var tables = []struct {
	kind  Kind
	table string
}{{KindInitiative, "initiatives"}, {KindIdea, "ideas"}, {KindActivity, "activities"}, {KindTask, "volunteer_tasks"}}

// children are the tables of the items below another kind, and the column
// that points up.
var children = map[Kind][]struct {
	kind          Kind
	table, parent string
}{
	KindInitiative: {{KindIdea, "ideas", "initiative_id"}, {KindActivity, "activities", "initiative_id"},
		{KindTask, "volunteer_tasks", "initiative_id"}},
	KindActivity: {{KindTask, "volunteer_tasks", "activity_id"}},
}

// ChildrenOf returns a change for every child (public or not) of the
// Cascade changes.
func (s *Source) ChildrenOf(ctx context.Context, changes []Change) ([]Change, error) {
	var out []Change
	for kind, kids := range children {
		var ids []string
		for _, c := range changes {
			if c.Kind == kind && c.Cascade {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		for _, k := range kids {
			var found []string
			err := s.db.NewSelect().Table(k.table).Column("id").Where("? IN (?)", bun.Ident(k.parent), bun.List(ids)).
				Scan(ctx, &found)
			if err != nil {
				return nil, fmt.Errorf("read %s of changed %s to index: %w", k.table, kind, err)
			}
			for _, id := range found {
				out = append(out, Change{Kind: k.kind, ID: id})
			}
		}
	}
	return out, nil
}

// Count returns how many rows All reads: the most documents it can send.
func (s *Source) Count(ctx context.Context) (int, error) {
	total := 0
	for _, t := range tables {
		n, err := s.db.NewSelect().Table(t.table).Count(ctx)
		if err != nil {
			return 0, fmt.Errorf("count %s: %w", t.table, err)
		}
		total += int(n)
	}
	return total, nil
}

// All sends every public document, batch rows at a time; seen counts the
// rows read, public or not, for a progress bar.
func (s *Source) All(ctx context.Context, batch int, send func(docs []Document, seen int) error) error {
	load := s.loaders()
	for _, t := range tables {
		for after := ""; ; {
			var ids []string
			err := s.db.NewSelect().Table(t.table).Column("id").Where("id > ?", after).
				OrderExpr("id").Limit(int64(batch)).Scan(ctx, &ids)
			if err != nil {
				return fmt.Errorf("page %s to index: %w", t.table, err)
			}
			if len(ids) == 0 {
				break
			}
			docs, err := load[t.kind](ctx, ids)
			if err != nil {
				return err
			}
			if err := send(docs, len(ids)); err != nil {
				return err
			}
			after = ids[len(ids)-1]
		}
	}
	return nil
}

// keysOf returns the keys of docs.
func keysOf(docs []Document) map[string]bool {
	keys := make(map[string]bool, len(docs))
	for _, d := range docs {
		keys[d.Key()] = true
	}
	return keys
}

// idsOf returns the ids of the changes of kind, once each.
func idsOf(changes []Change, kind Kind) []string {
	var ids []string
	seen := map[string]bool{}
	for _, c := range changes {
		if c.Kind == kind && !seen[c.ID] && strings.TrimSpace(c.ID) != "" {
			seen[c.ID] = true
			ids = append(ids, c.ID)
		}
	}
	return ids
}
