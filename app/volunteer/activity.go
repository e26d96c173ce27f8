package volunteer

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/notify"
	"github.com/buurtboost/buurtboost/app/search"
)

// CreateActivity plans an activity on the initiative. Only its organisers
// may; the start must lie in the future.
func (s *Service) CreateActivity(ctx context.Context, actor account.User, initiativeID uuid.UUID, in ActivityInput) (Activity, error) {
	c, errs := in.check()
	now := s.now().UTC()
	if errs["start"] == "" && !c.start.After(now) {
		errs["start"] = "volunteer.start.past"
	}
	a := Activity{ID: uuid.Must(uuid.NewV7()), InitiativeID: initiativeID, Status: Planned, NextSeq: 1,
		CreatedBy: &actor.ID, CreatedAt: now, UpdatedAt: now}
	c.apply(&a)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := initiativeOf(ctx, tx, initiativeID); err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, initiativeID); err != nil {
			return err
		}
		if err := errs.err(); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&a).Exec(ctx); err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, search.KindActivity, a.ID.String())
	})
	if err != nil {
		return Activity{}, fmt.Errorf("create activity: %w", err)
	}
	return a, nil
}

func (c activityClean) apply(a *Activity) {
	a.Title, a.Description, a.Place = c.title, c.description, c.place
	a.StartsAt, a.EndsAt, a.Lat, a.Lon, a.Limit = c.start, c.end, c.lat, c.lon, c.limit
}

// UpdateActivity changes a planned activity. A higher limit gives places
// to those waiting; a limit below the number going is refused. Everyone
// taking part hears of the change, and reminders move with the start.
func (s *Service) UpdateActivity(ctx context.Context, actor account.User, id uuid.UUID, in ActivityInput) (Activity, error) {
	c, errs := in.check()
	var a Activity
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if a, err = lockActivity(ctx, tx, id); err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, a.InitiativeID); err != nil {
			return err
		}
		if a.Status != Planned {
			return ErrCancelled
		}
		now := s.now().UTC()
		if errs["start"] == "" && !c.start.Equal(a.StartsAt) && !c.start.After(now) {
			errs["start"] = "volunteer.start.past"
		}
		if errs["limit"] == "" && c.limit != nil && *c.limit < a.GoingCount {
			errs["limit"] = "volunteer.limit.below_going"
		}
		if err := errs.err(); err != nil {
			return err
		}
		old := a.event()
		c.apply(&a)
		a.Sequence++
		a.UpdatedAt = now
		if _, err := tx.NewUpdate().Model(&a).WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := search.Enqueue(ctx, tx, search.KindActivity, a.ID.String()); err != nil {
			return err
		}
		if err := s.fillActivity(ctx, tx, &a, now); err != nil {
			return err
		}
		if old.start.Equal(a.StartsAt) && old.place == a.Place {
			return nil
		}
		ps, err := rsvpParticipants(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		return moved(ctx, tx, ps, old, a.event(), now)
	})
	if err != nil {
		return Activity{}, fmt.Errorf("update activity %s: %w", id, err)
	}
	return a, nil
}

// CancelActivity calls a planned activity off with a reason everyone
// taking part (and the volunteers of its tasks) is told. Cancelled
// activities take no more RSVPs or sign-ups.
func (s *Service) CancelActivity(ctx context.Context, actor account.User, id uuid.UUID, reason string) error {
	reason = strings.TrimSpace(reason)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		a, err := lockActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, a.InitiativeID); err != nil {
			return err
		}
		if err := checkReason(reason); err != nil {
			return err
		}
		if a.Status != Planned {
			return ErrCancelled
		}
		now := s.now().UTC()
		_, err = tx.NewUpdate().Model((*Activity)(nil)).
			Set("status = ?, cancel_reason = ?, sequence = sequence + 1, updated_at = ?", Cancelled, reason, now).
			Where("id = ?", id).Exec(ctx)
		if err != nil {
			return err
		}
		// A cancelled activity and its tasks leave the search index.
		if err := search.EnqueueCascade(ctx, tx, search.KindActivity, id.String()); err != nil {
			return err
		}
		return s.tellCancelled(ctx, tx, a, reason)
	})
	if err != nil {
		return fmt.Errorf("cancel activity %s: %w", id, err)
	}
	return nil
}

func checkReason(reason string) error {
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return apperr.InvalidFields(map[string]string{"reason": "volunteer.reason.required"})
	case n > ReasonMax || hasControl(strings.NewReplacer("\n", "", "\r", "").Replace(reason)):
		return apperr.InvalidFields(map[string]string{"reason": "volunteer.reason.too_long"})
	}
	return nil
}

// tellCancelled tells those going or waiting, and the volunteers of the
// activity's tasks, and withdraws their reminders.
func (s *Service) tellCancelled(ctx context.Context, tx bun.Tx, a Activity, reason string) error {
	type who struct {
		ps []participant
		e  event
	}
	ps, err := rsvpParticipants(ctx, tx, a.ID)
	if err != nil {
		return err
	}
	all := []who{{ps, a.event()}}
	var tasks []Task
	if err := tx.NewSelect().Model(&tasks).Where("t.activity_id = ?", a.ID).Scan(ctx); err != nil {
		return err
	}
	for _, t := range tasks {
		tps, err := signupParticipants(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		all = append(all, who{tps, t.event()})
	}
	for _, w := range all {
		if err := tellOff(ctx, tx, w.ps, w.e, reason); err != nil {
			return err
		}
	}
	return nil
}

// tellOff tells everyone taking part in e that it was called off, and
// withdraws their reminders.
func tellOff(ctx context.Context, tx bun.Tx, ps []participant, e event, reason string) error {
	for _, p := range ps {
		key := fmt.Sprintf("cancelled:%s:%s", e.kind, e.id)
		if err := tell(ctx, tx, p.UserID, notify.ActivityCancelled, key, e, e.params("reason", reason)); err != nil {
			return err
		}
		if err := cancelReminder(ctx, tx, p.UserID, e); err != nil {
			return err
		}
	}
	return nil
}

// MarkHeld records that a planned activity took place; only once it has
// started.
func (s *Service) MarkHeld(ctx context.Context, actor account.User, id uuid.UUID) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		a, err := lockActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, a.InitiativeID); err != nil {
			return err
		}
		if a.Status != Planned {
			return ErrCancelled
		}
		now := s.now().UTC()
		if now.Before(a.StartsAt) {
			return ErrNotStarted
		}
		_, err = tx.NewUpdate().Model((*Activity)(nil)).Set("status = ?, sequence = sequence + 1, updated_at = ?", Held, now).
			Where("id = ?", id).Exec(ctx)
		if err != nil {
			return err
		}
		return search.Enqueue(ctx, tx, search.KindActivity, id.String())
	})
	if err != nil {
		return fmt.Errorf("mark activity %s held: %w", id, err)
	}
	return nil
}

// UpcomingActivities returns the initiative's first limit activities that
// have not ended, soonest first, and how many have not ended in all: an
// initiative page lists a few, however long its agenda is.
func (s *Service) UpcomingActivities(ctx context.Context, initiativeID uuid.UUID, limit int) ([]Activity, int, error) {
	var as []Activity
	n, err := s.db.NewSelect().Model(&as).Where("a.initiative_id = ? AND a.ends_at > ?", initiativeID, s.now().UTC()).
		OrderExpr("a.starts_at, a.id").Limit(int64(limit)).ScanAndCount(ctx)
	return as, int(n), err
}

// Activities returns the initiative's activities, soonest first: upcoming
// ones only, unless past is true.
func (s *Service) Activities(ctx context.Context, initiativeID uuid.UUID, past bool) ([]Activity, error) {
	var as []Activity
	q := s.db.NewSelect().Model(&as).Where("a.initiative_id = ?", initiativeID).OrderExpr("a.starts_at, a.id")
	if !past {
		q = q.Where("a.ends_at > ?", s.now().UTC())
	}
	err := q.Scan(ctx)
	return as, err
}
