package idea

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/moderation"
)

// CommentEditWindow is how long the author may correct a comment.
const CommentEditWindow = 15 * time.Minute

// The errors of comments.
var (
	errCommentStaff      = apperr.E(apperr.Forbidden, "idea.comment.staff")
	errCommentNotAuthor  = apperr.E(apperr.Forbidden, "idea.comment.not_author")
	errCommentEditClosed = apperr.E(apperr.Forbidden, "idea.comment.edit_closed")
)

// Comment adds a resident's comment to the idea, or a reply when parentID
// names a comment on the same idea. Replies go one level deep: a reply to a
// reply is attached to the comment that reply is under, so the thread
// stays readable and a reply button on a reply still works.
func (s *Service) Comment(ctx context.Context, actor account.User, ideaID uuid.UUID, parentID *uuid.UUID, body string) (Comment, error) {
	if actor.Role != account.Resident {
		return Comment{}, errCommentStaff
	}
	now := s.now().UTC()
	body, key := commentRule.check(body)
	var c Comment
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		it, err := liveIdea(ctx, tx, ideaID)
		if err != nil {
			return err
		}
		if it.Hidden() {
			return errHidden
		}
		if key != "" {
			return apperr.InvalidFields(map[string]string{"body": key})
		}
		parent, err := threadOf(ctx, tx, ideaID, parentID)
		if err != nil {
			return err
		}
		c = Comment{ID: uuid.Must(uuid.NewV7()), IdeaID: ideaID, ParentID: parent, AuthorID: &actor.ID,
			Body: body, CreatedAt: now, UpdatedAt: now, AuthorName: actor.DisplayName}
		if _, err := tx.NewInsert().Model(&c).Exec(ctx); err != nil {
			return err
		}
		if err := countComment(ctx, tx, ideaID, +1); err != nil {
			return err
		}
		return activity.Append(ctx, tx, it.logEntry(activity.CommentPosted, actor.ID, now))
	})
	if err != nil {
		return Comment{}, fmt.Errorf("comment on idea %s: %w", ideaID, err)
	}
	return c, nil
}

// threadOf returns the top-level comment a new reply to parentID belongs
// under, or nil for a new top-level comment. The parent must be a visible
// comment on the same idea.
func threadOf(ctx context.Context, q bun.IDB, ideaID uuid.UUID, parentID *uuid.UUID) (*uuid.UUID, error) {
	if parentID == nil {
		return nil, nil
	}
	var p Comment
	err := q.NewSelect().Model(&p).Where("id = ? AND idea_id = ?", *parentID, ideaID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !p.Visible() {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if p.ParentID != nil {
		return p.ParentID, nil
	}
	return &p.ID, nil
}

// EditComment replaces the text of the author's comment, within
// CommentEditWindow of posting it.
func (s *Service) EditComment(ctx context.Context, actor account.User, id uuid.UUID, body string) error {
	now := s.now().UTC()
	body, key := commentRule.check(body)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, _, err := liveComment(ctx, tx, id)
		if err != nil {
			return err
		}
		if !c.isBy(actor) {
			return errCommentNotAuthor
		}
		if !now.Before(c.CreatedAt.Add(CommentEditWindow)) || !c.Visible() {
			return errCommentEditClosed
		}
		if key != "" {
			return apperr.InvalidFields(map[string]string{"body": key})
		}
		_, err = tx.NewUpdate().Model((*Comment)(nil)).Set("body = ?, updated_at = ?", body, now).
			Where("id = ?", id).Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("edit comment %s: %w", id, err)
	}
	return nil
}

// DeleteComment removes the author's comment from view. The row stays, so
// that replies keep their place under it; deleting twice is no error.
func (s *Service) DeleteComment(ctx context.Context, actor account.User, id uuid.UUID) error {
	now := s.now().UTC()
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, _, err := liveComment(ctx, tx, id)
		if err != nil {
			return err
		}
		if !c.isBy(actor) {
			return errCommentNotAuthor
		}
		return conceal(ctx, tx, c, "deleted_at = ?", now)
	})
	if err != nil {
		return fmt.Errorf("delete comment %s: %w", id, err)
	}
	return nil
}

// HideComment hides a comment for an organiser of the idea's initiative,
// with the reason shown in its place. Hiding twice is no error.
func (s *Service) HideComment(ctx context.Context, actor account.User, id uuid.UUID, reason string) error {
	reason, key := reasonRule.check(reason)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, it, err := liveComment(ctx, tx, id)
		if err != nil {
			return err
		}
		if ok, err := isOrganiser(ctx, tx, it.InitiativeID, actor.ID); err != nil || !ok {
			return orElse(err, errNotOrganiser)
		}
		if key != "" {
			return apperr.InvalidFields(map[string]string{"reason": key})
		}
		_, err = moderation.Hide(ctx, tx, moderation.Comment, c.ID, reason, &actor.ID, s.now().UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("hide comment %s: %w", id, err)
	}
	return nil
}

// conceal deletes c by set (moderation.Hide hides it). Whichever of the
// two happens first takes the comment out of comments_count: the UPDATE
// only matches a visible comment, and on PostgreSQL it re-checks that
// after waiting for a concurrent one, so the count drops exactly once.
func conceal(ctx context.Context, tx bun.Tx, c Comment, set string, args ...any) error {
	res, err := tx.NewUpdate().Model((*Comment)(nil)).Set(set, args...).
		Where("id = ? AND deleted_at IS NULL AND hidden_reason = ''", c.ID).Exec(ctx)
	if err != nil {
		return err
	}
	if changed, err := affected(res); err != nil || !changed {
		return err // already deleted or hidden: nothing to do
	}
	return countComment(ctx, tx, c.IdeaID, -1)
}

func countComment(ctx context.Context, tx bun.Tx, ideaID uuid.UUID, delta int) error {
	expr := "comments_count = comments_count + 1"
	if delta < 0 {
		expr = "comments_count = comments_count - 1"
	}
	_, err := tx.NewUpdate().Model((*Idea)(nil)).Set(expr).Where("id = ?", ideaID).Exec(ctx)
	return err
}

// liveComment returns the comment with id and its idea, or ErrNotFound
// when either does not exist or the idea was removed.
func liveComment(ctx context.Context, q bun.IDB, id uuid.UUID) (Comment, Idea, error) {
	var c Comment
	err := q.NewSelect().Model(&c).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return c, Idea{}, ErrNotFound
	}
	if err != nil {
		return c, Idea{}, err
	}
	it, err := liveIdea(ctx, q, c.IdeaID)
	return c, it, err
}

func (c Comment) isBy(u account.User) bool { return isAuthor(c, u.ID) }

func isAuthor(c Comment, id uuid.UUID) bool {
	return c.AuthorID != nil && *c.AuthorID == id && id != uuid.Nil
}

// Comments returns the idea's comments, oldest first, each with its
// replies (oldest first) and authors' names: two queries whatever their
// number. Deleted and hidden comments keep their place but lose their
// text; the page says why instead.
func (s *Service) Comments(ctx context.Context, ideaID uuid.UUID) ([]Comment, error) {
	return s.CommentsFor(ctx, ideaID, Viewer{})
}

// Viewer is who reads the comments: hidden ones stay readable for their
// author and for the moderators, who review them.
type Viewer struct {
	ID        uuid.UUID // uuid.Nil: anonymous
	Moderator bool      // an organiser of the initiative, or an administrator
}

// CommentsFor is Comments as viewer sees them: with the text of the hidden
// comments viewer wrote, or of all hidden ones for a moderator.
func (s *Service) CommentsFor(ctx context.Context, ideaID uuid.UUID, viewer Viewer) ([]Comment, error) {
	ok, err := s.db.NewSelect().Model((*Idea)(nil)).
		Where("id = ? AND removed_at IS NULL", ideaID).Exists(ctx)
	if err != nil {
		return nil, fmt.Errorf("comments of idea %s: %w", ideaID, err)
	}
	if !ok {
		return nil, ErrNotFound
	}
	var all []Comment
	err = s.db.NewSelect().Model(&all).
		ColumnExpr("c.*").
		ColumnExpr("COALESCE(u.display_name, '') AS author_name").
		Join("LEFT JOIN users AS u ON u.id = c.author_id").
		Where("c.idea_id = ?", ideaID).
		OrderExpr("c.created_at ASC, c.id ASC").
		Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("comments of idea %s: %w", ideaID, err)
	}
	return thread(all, viewer), nil
}

// thread nests replies under their top-level comments, keeping the order
// of all (oldest first), and blanks the text of deleted comments and of
// the hidden ones viewer may not read.
func thread(all []Comment, viewer Viewer) []Comment {
	var top []Comment
	at := make(map[uuid.UUID]int, len(all)) // top-level id -> index in top
	for i := range all {
		readable := all[i].Hidden() && (viewer.Moderator || isAuthor(all[i], viewer.ID))
		if !all[i].Visible() && !(readable && !all[i].Deleted()) {
			all[i].Body = ""
		}
	}
	for _, c := range all {
		if c.ParentID == nil {
			at[c.ID] = len(top)
			top = append(top, c)
		}
	}
	for _, c := range all {
		if c.ParentID == nil {
			continue
		}
		if i, ok := at[*c.ParentID]; ok {
			top[i].Replies = append(top[i].Replies, c)
		}
	}
	return top
}
