package volunteer

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
)

// RSVP answers the activity for actor: going, or not going. Going beyond
// the attendee limit puts actor on the waiting list; giving up a place
// hands it to the first waiting. Answering the same again changes nothing.
// Only residents answer, only for a planned activity that has not started.
func (s *Service) RSVP(ctx context.Context, actor account.User, id uuid.UUID, going bool) (RSVPState, error) {
	if err := mustParticipate(actor); err != nil {
		return "", err
	}
	var state RSVPState
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		a, err := lockActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if err := a.open(now); err != nil {
			return err
		}
		// A place freed without a promotion (a deleted account) goes to
		// the first waiting before anyone new.
		if !a.Full() && a.WaitingCount > 0 {
			if err := s.fillActivity(ctx, tx, &a, now); err != nil {
				return err
			}
		}
		var r rsvp
		err = tx.NewSelect().Model(&r).Where("activity_id = ? AND user_id = ?", id, actor.ID).Scan(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		exists := err == nil
		if state, err = s.answer(ctx, tx, &a, r, exists, actor.ID, going, now); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("rsvp to activity %s: %w", id, err)
	}
	return state, nil
}

// open refuses answers to a cancelled, held or started activity.
func (a Activity) open(now time.Time) error {
	if a.Status == Cancelled {
		return ErrCancelled
	}
	if a.Status != Planned || !now.Before(a.StartsAt) {
		return ErrClosed
	}
	return nil
}

// answer moves the user's RSVP r (new unless exists) to going or not
// going, keeping the counters of a (locked) exact.
func (s *Service) answer(ctx context.Context, tx bun.Tx, a *Activity, r rsvp, exists bool, userID uuid.UUID, going bool, now time.Time) (RSVPState, error) {
	was := r.State
	if exists && (going && was != NotGoing || !going && was == NotGoing) {
		return was, nil // the same answer again
	}
	r = rsvp{ActivityID: a.ID, UserID: userID, State: NotGoing, Seq: r.Seq, CreatedAt: r.CreatedAt, UpdatedAt: now}
	if !exists {
		r.CreatedAt = now
	}
	if going {
		r.State, r.Seq = Going, a.NextSeq
		a.NextSeq++
		if a.Full() {
			r.State = Waiting
		}
	}
	a.count(was, -1)
	a.count(r.State, +1)
	if _, err := tx.NewInsert().Model(&r).On("CONFLICT (activity_id, user_id) DO UPDATE").
		Set("state = EXCLUDED.state, seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
		return "", err
	}
	if err := s.saveCounts(ctx, tx, a); err != nil {
		return "", err
	}
	if err := s.afterAnswer(ctx, tx, a, userID, was, r.State, now); err != nil {
		return "", err
	}
	return r.State, nil
}

func (a *Activity) count(st RSVPState, delta int) {
	switch st {
	case Going:
		a.GoingCount += delta
	case Waiting:
		a.WaitingCount += delta
	}
}

func (s *Service) saveCounts(ctx context.Context, tx bun.Tx, a *Activity) error {
	_, err := tx.NewUpdate().Model(a).Column("going_count", "waiting_count", "next_seq").WherePK().Exec(ctx)
	return err
}

// afterAnswer logs the answer, moves reminders and, when a place came
// free, gives it to the first waiting.
func (s *Service) afterAnswer(ctx context.Context, tx bun.Tx, a *Activity, userID uuid.UUID, was, is RSVPState, now time.Time) error {
	ini, err := initiativeOf(ctx, tx, a.InitiativeID)
	if err != nil {
		return err
	}
	if err := logAct(ctx, tx, ini, userID, activity.RSVP, 0, now); err != nil {
		return err
	}
	switch {
	case is == Going:
		return queueReminder(ctx, tx, userID, a.event(), now)
	case was == Going:
		if err := cancelReminder(ctx, tx, userID, a.event()); err != nil {
			return err
		}
	}
	return s.fillActivity(ctx, tx, a, now)
}

// fillActivity gives free places to those waiting, in the order they
// answered, tells each and saves the counters.
func (s *Service) fillActivity(ctx context.Context, tx bun.Tx, a *Activity, now time.Time) error {
	if err := promoteRSVPs(ctx, tx, a, now); err != nil {
		return err
	}
	return s.saveCounts(ctx, tx, a)
}

// promoteRSVPs moves those waiting for the locked activity a to free
// places, in the order they answered, and tells each; a's counters
// follow, unsaved.
func promoteRSVPs(ctx context.Context, tx bun.Tx, a *Activity, now time.Time) error {
	for !a.Full() && a.WaitingCount > 0 {
		var next rsvp
		err := tx.NewSelect().Model(&next).Where("activity_id = ? AND state = ?", a.ID, Waiting).
			OrderExpr("seq").Limit(1).Scan(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model((*rsvp)(nil)).Set("state = ?, updated_at = ?", Going, now).
			Where("activity_id = ? AND user_id = ?", a.ID, next.UserID).Exec(ctx); err != nil {
			return err
		}
		a.count(Waiting, -1)
		a.count(Going, +1)
		if err := promoted(ctx, tx, next.UserID, a.event(), now); err != nil {
			return err
		}
	}
	return nil
}

// RSVPOf returns the user's answer to the activity, "" when none.
func (s *Service) RSVPOf(ctx context.Context, activityID, userID uuid.UUID) (RSVPState, error) {
	var r rsvp
	err := s.db.NewSelect().Model(&r).Where("activity_id = ? AND user_id = ?", activityID, userID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return r.State, err
}
