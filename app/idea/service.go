package idea

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/search"
)

// Service keeps ideas, supports, comments and reports.
type Service struct {
	db       *bun.DB
	now      func() time.Time
	trending *rankings
}

// NewService returns a Service on db; now is the clock (time.Now in main).
func NewService(db *bun.DB, now func() time.Time) *Service {
	return &Service{db: db, now: now, trending: newRankings()}
}

// The time rules of ideas.
const (
	// EditWindow is how long after proposing the author may still edit an
	// idea, as long as nobody has supported it yet.
	EditWindow = time.Hour
	// duplicateWindow is how long a second submission of the same title by
	// the same author counts as a double click rather than a new idea.
	duplicateWindow = time.Minute
)

// The errors of proposing and editing.
var (
	errProposeStaff = apperr.E(apperr.Forbidden, "idea.propose.staff")
	errArchived     = apperr.E(apperr.Conflict, "idea.initiative.archived")
	// errHidden refuses new supports and comments on a hidden idea; a
	// support can still be withdrawn.
	errHidden     = apperr.E(apperr.Conflict, "idea.hidden")
	errNotAuthor  = apperr.E(apperr.Forbidden, "idea.edit.not_author")
	errEditClosed = apperr.E(apperr.Forbidden, "idea.edit.closed")
)

// Input is the idea form. ThemeID is optional ("" for none).
type Input struct {
	Title, Description, ThemeID string
}

// duplicate rolls back a proposal that repeats one made moments ago, and
// carries that earlier idea out of the transaction.
type duplicate struct{ idea Idea }

func (duplicate) Error() string { return "duplicate idea" }

// Propose adds a resident's idea to an initiative that is not archived.
// Submitting the same title again within a minute returns the idea made by
// the first submission instead of a second one.
func (s *Service) Propose(ctx context.Context, actor account.User, initiativeID uuid.UUID, in Input) (Idea, error) {
	if actor.Role != account.Resident {
		return Idea{}, errProposeStaff
	}
	now := s.now().UTC()
	var it Idea
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ini, err := initiativeOf(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		if ini.Status == "archived" {
			return errArchived
		}
		c, err := validateInput(ctx, tx, in)
		if err != nil {
			return err
		}
		// Counting first locks the initiative's row on PostgreSQL, so that a
		// double submission waits here and then finds the first one; its
		// transaction then rolls back, count included.
		if _, err := tx.NewUpdate().Table("initiatives").Set("ideas_count = ideas_count + 1").
			Where("id = ?", initiativeID).Exec(ctx); err != nil {
			return err
		}
		dup, found, err := recentDuplicate(ctx, tx, actor.ID, initiativeID, c.title, now)
		if err != nil {
			return err
		}
		if found {
			return duplicate{dup}
		}
		it = Idea{ID: uuid.Must(uuid.NewV7()), InitiativeID: initiativeID, AuthorID: &actor.ID,
			Title: c.title, Description: c.description, ThemeID: c.themeID, Status: Open,
			CreatedAt: now, UpdatedAt: now, NeighbourhoodID: ini.NeighbourhoodID}
		if _, err := tx.NewInsert().Model(&it).Exec(ctx); err != nil {
			return err
		}
		if err := activity.Append(ctx, tx, it.logEntry(activity.IdeaCreated, actor.ID, now)); err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, search.KindIdea, it.ID.String()); err != nil {
			return err
		}
		it, err = byID(ctx, tx, it.ID)
		return err
	})
	var dup duplicate
	if errors.As(err, &dup) {
		return dup.idea, nil
	}
	if err != nil {
		return Idea{}, fmt.Errorf("propose idea: %w", err)
	}
	return it, nil
}

// recentDuplicate finds the author's idea on the initiative with the same
// title, ignoring case, proposed within the duplicate window. Titles are
// compared in Go because SQLite's lower() only folds ASCII.
func recentDuplicate(ctx context.Context, q bun.IDB, authorID, initiativeID uuid.UUID, title string, now time.Time) (Idea, bool, error) {
	var recent []Idea
	err := q.NewSelect().Model(&recent).Column("id", "title").
		Where("initiative_id = ? AND author_id = ? AND created_at >= ? AND removed_at IS NULL",
			initiativeID, authorID, now.Add(-duplicateWindow)).
		Scan(ctx)
	if err != nil {
		return Idea{}, false, err
	}
	for _, r := range recent {
		if strings.EqualFold(r.Title, title) {
			it, err := byID(ctx, q, r.ID)
			return it, err == nil, err
		}
	}
	return Idea{}, false, nil
}

// Edit changes the author's idea. It is open for EditWindow after proposing
// and only until the idea gets its first support, whichever ends first.
func (s *Service) Edit(ctx context.Context, actor account.User, id uuid.UUID, in Input) (Idea, error) {
	now := s.now().UTC()
	var out Idea
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := liveIdea(ctx, tx, id)
		if err != nil {
			return err
		}
		if it.AuthorID == nil || *it.AuthorID != actor.ID {
			return errNotAuthor
		}
		closed, err := editClosed(ctx, tx, it, now)
		if err != nil {
			return err
		}
		if closed {
			return errEditClosed
		}
		c, err := validateInput(ctx, tx, in)
		if err != nil {
			return err
		}
		// supports_count = 0 again here: a support committed since the
		// check above closes the edit too.
		res, err := tx.NewUpdate().Model((*Idea)(nil)).
			Set("title = ?, description = ?, theme_id = ?, updated_at = ?", c.title, c.description, c.themeID, now).
			Where("id = ? AND supports_count = 0", id).Exec(ctx)
		if err != nil {
			return err
		}
		if changed, err := affected(res); err != nil || !changed {
			return orElse(err, errEditClosed)
		}
		if err := search.Enqueue(ctx, tx, search.KindIdea, id.String()); err != nil {
			return err
		}
		out, err = byID(ctx, tx, id)
		return err
	})
	if err != nil {
		return Idea{}, fmt.Errorf("edit idea %s: %w", id, err)
	}
	return out, nil
}

// editClosed reports whether the edit window has ended: by time, by a
// current support, or by a support given and withdrawn since. Past
// supports are only in the activity log; only the log rows since the
// idea was made (at most an hour's worth) are searched.
func editClosed(ctx context.Context, q bun.IDB, it Idea, now time.Time) (bool, error) {
	if !now.Before(it.CreatedAt.Add(EditWindow)) || it.SupportsCount > 0 {
		return true, nil
	}
	return q.NewSelect().Table("activity").
		Where("created_at >= ? AND idea_id = ? AND kind = ?", it.CreatedAt, it.ID, activity.SupportGiven).
		Exists(ctx)
}

// validated is an Input that passed validation.
type validated struct {
	title, description string
	themeID            *uuid.UUID
}

// validateInput checks every field of the form and reports all problems
// at once.
func validateInput(ctx context.Context, q bun.IDB, in Input) (validated, error) {
	fe := fieldErrors{}
	var v validated
	var key string
	v.title, key = titleRule.check(in.Title)
	fe.add("title", key)
	v.description, key = descriptionRule.check(in.Description)
	fe.add("description", key)
	if raw := strings.TrimSpace(in.ThemeID); raw != "" {
		id, err := uuid.Parse(raw)
		ok := err == nil
		if ok {
			if ok, err = themeExists(ctx, q, id); err != nil {
				return v, err
			}
		}
		if ok {
			v.themeID = &id
		} else {
			fe.add("theme_id", "idea.theme.unknown")
		}
	}
	if len(fe) > 0 {
		return v, apperr.InvalidFields(fe)
	}
	return v, nil
}

// ByID returns the idea with id, with its author's name and its
// initiative, or ErrNotFound when there is none or it was removed.
func (s *Service) ByID(ctx context.Context, id uuid.UUID) (Idea, error) {
	return byID(ctx, s.db, id)
}

func byID(ctx context.Context, q bun.IDB, id uuid.UUID) (Idea, error) {
	var it Idea
	err := selectIdeas(q, &it).Where("idea.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Idea{}, ErrNotFound
	}
	return it, err
}

// selectIdeas selects the ideas that are not removed, with the author's
// name and the initiative's slug, title and neighbourhood joined in.
func selectIdeas(q bun.IDB, dest any) *bun.SelectQuery {
	return q.NewSelect().Model(dest).
		ColumnExpr("idea.*").
		ColumnExpr("COALESCE(u.display_name, '') AS author_name").
		ColumnExpr("ini.slug AS initiative_slug, ini.title AS initiative_title").
		Join("LEFT JOIN users AS u ON u.id = idea.author_id").
		Join("JOIN initiatives AS ini ON ini.id = idea.initiative_id").
		Where("idea.removed_at IS NULL")
}
