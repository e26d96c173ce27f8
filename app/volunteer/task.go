package volunteer

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
	"github.com/buurtboost/buurtboost/app/search"
)

// CreateTask adds a volunteer task to the initiative, on one of its
// activities or standalone. Only organisers may; the start must lie in
// the future.
func (s *Service) CreateTask(ctx context.Context, actor account.User, initiativeID uuid.UUID, in TaskInput) (Task, error) {
	c, errs := in.check()
	now := s.now().UTC()
	if errs["start"] == "" && !c.start.After(now) {
		errs["start"] = "volunteer.start.past"
	}
	t := Task{ID: uuid.Must(uuid.NewV7()), InitiativeID: initiativeID, Status: TaskOpen, NextSeq: 1, CreatedBy: &actor.ID,
		CreatedAt: now, UpdatedAt: now}
	c.apply(&t)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := initiativeOf(ctx, tx, initiativeID); err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, initiativeID); err != nil {
			return err
		}
		var err error
		if t.ActivityID, err = activityFor(ctx, tx, errs, initiativeID, in.ActivityID); err != nil {
			return err
		}
		if err := errs.err(); err != nil {
			return err
		}
		if _, err = tx.NewInsert().Model(&t).Exec(ctx); err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, search.KindTask, t.ID.String())
	})
	if err != nil {
		return Task{}, fmt.Errorf("create task: %w", err)
	}
	return t, nil
}

func (c taskClean) apply(t *Task) {
	t.Title, t.Description, t.Bring = c.title, c.description, c.bring
	t.StartsAt, t.EndsAt, t.Capacity = c.start, c.end, c.capacity
}

// activityFor checks the activity a task form names: one of the
// initiative's planned activities, or none.
func activityFor(ctx context.Context, q bun.IDB, errs fieldErrs, initiativeID uuid.UUID, raw string) (*uuid.UUID, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	id, err := uuid.Parse(raw)
	if err != nil {
		errs["activity"] = "volunteer.activity.unknown"
		return nil, nil
	}
	ok, err := q.NewSelect().Table("activities").
		Where("id = ? AND initiative_id = ? AND status = ?", id, initiativeID, Planned).Exists(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		errs["activity"] = "volunteer.activity.unknown"
	}
	return &id, nil
}

// UpdateTask changes a task. A larger capacity gives places to those
// waiting; a capacity below the number signed up is refused. Volunteers
// hear of a new time, and their reminders move with it.
func (s *Service) UpdateTask(ctx context.Context, actor account.User, id uuid.UUID, in TaskInput) (Task, error) {
	c, errs := in.check()
	var t Task
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if t, err = lockTask(ctx, tx, id); err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, t.InitiativeID); err != nil {
			return err
		}
		if t.Cancelled() {
			return ErrCancelled
		}
		now := s.now().UTC()
		if errs["start"] == "" && !c.start.Equal(t.StartsAt) && !c.start.After(now) {
			errs["start"] = "volunteer.start.past"
		}
		if errs["capacity"] == "" && c.capacity < t.SignedCount {
			errs["capacity"] = "volunteer.capacity.below_signed"
		}
		activityID, err := activityFor(ctx, tx, errs, t.InitiativeID, in.ActivityID)
		if err != nil {
			return err
		}
		if err := errs.err(); err != nil {
			return err
		}
		old := t.event()
		c.apply(&t)
		t.ActivityID, t.UpdatedAt = activityID, now
		t.Sequence++
		if _, err := tx.NewUpdate().Model(&t).WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, search.KindTask, t.ID.String()); err != nil {
			return err
		}
		if err := fillTask(ctx, tx, &t, now); err != nil {
			return err
		}
		if old.start.Equal(t.StartsAt) {
			return nil
		}
		ps, err := signupParticipants(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		return moved(ctx, tx, ps, old, t.event(), now)
	})
	if err != nil {
		return Task{}, fmt.Errorf("update task %s: %w", id, err)
	}
	return t, nil
}

// UpcomingTasks returns the initiative's first limit tasks that have not
// ended, soonest first, and how many have not ended in all.
func (s *Service) UpcomingTasks(ctx context.Context, initiativeID uuid.UUID, limit int) ([]Task, int, error) {
	var ts []Task
	n, err := s.db.NewSelect().Model(&ts).Where("t.initiative_id = ? AND t.ends_at > ?", initiativeID, s.now().UTC()).
		OrderExpr("t.starts_at, t.id").Limit(int64(limit)).ScanAndCount(ctx)
	return ts, int(n), err
}

// Tasks returns the initiative's tasks that have not ended, soonest first.
func (s *Service) Tasks(ctx context.Context, initiativeID uuid.UUID) ([]Task, error) {
	var ts []Task
	err := s.db.NewSelect().Model(&ts).Where("t.initiative_id = ? AND t.ends_at > ?", initiativeID, s.now().UTC()).
		OrderExpr("t.starts_at, t.id").Scan(ctx)
	return ts, err
}

// TasksOfActivity returns the activity's tasks, soonest first.
func (s *Service) TasksOfActivity(ctx context.Context, activityID uuid.UUID) ([]Task, error) {
	var ts []Task
	err := s.db.NewSelect().Model(&ts).Where("t.activity_id = ?", activityID).OrderExpr("t.starts_at, t.id").Scan(ctx)
	return ts, err
}

// OpenTask is a task with free places, for the "Meedoen" page.
type OpenTask struct {
	Task            `bun:",extend"`
	InitiativeSlug  string `bun:"initiative_slug"`
	InitiativeTitle string `bun:"initiative_title"`
}

// OpenTasks returns the tasks in the neighbourhood that still take
// volunteers (free places, sign-ups open, activity not cancelled, the
// initiative not hidden), soonest first.
func (s *Service) OpenTasks(ctx context.Context, neighbourhoodID uuid.UUID, limit int) ([]OpenTask, error) {
	var ts []OpenTask
	err := s.db.NewSelect().Model(&ts).
		ColumnExpr("t.*, i.slug AS initiative_slug, i.title AS initiative_title").
		Join("JOIN initiatives AS i ON i.id = t.initiative_id").
		Join("LEFT JOIN activities AS a ON a.id = t.activity_id").
		Where("i.neighbourhood_id = ? AND t.status = ? AND t.starts_at > ? AND t.signed_count < t.capacity",
			neighbourhoodID, TaskOpen, s.now().UTC()).
		Where("(a.id IS NULL OR a.status = ?)", Planned).
		Where("i.hidden_reason = ''"). // moderators hid the initiative
		OrderExpr("t.starts_at, t.id").Limit(int64(limit)).Scan(ctx)
	return ts, err
}

// taskOpen refuses sign-ups for a task whose activity was cancelled or
// that has started.
func taskOpen(ctx context.Context, q bun.IDB, t Task, now time.Time) error {
	st, err := activityStatusOf(ctx, q, t)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if st == Cancelled || t.Cancelled() {
		return ErrCancelled
	}
	if !now.Before(t.StartsAt) {
		return ErrClosed
	}
	return nil
}

// CancelTask calls a task off with a reason its volunteers (and those
// waiting) are told; their reminders are withdrawn and it takes no more
// sign-ups. Only organisers may.
func (s *Service) CancelTask(ctx context.Context, actor account.User, id uuid.UUID, reason string) error {
	reason = strings.TrimSpace(reason)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		t, err := lockTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, t.InitiativeID); err != nil {
			return err
		}
		if err := checkReason(reason); err != nil {
			return err
		}
		if t.Cancelled() {
			return ErrCancelled
		}
		_, err = tx.NewUpdate().Model((*Task)(nil)).
			Set("status = ?, cancel_reason = ?, sequence = sequence + 1, updated_at = ?", TaskCancelled, reason, s.now().UTC()).
			Where("id = ?", id).Exec(ctx)
		if err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, search.KindTask, id.String()); err != nil {
			return err
		}
		ps, err := signupParticipants(ctx, tx, id)
		if err != nil {
			return err
		}
		return tellOff(ctx, tx, ps, t.event(), reason)
	})
	if err != nil {
		return fmt.Errorf("cancel task %s: %w", id, err)
	}
	return nil
}
