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
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/notify"
)

// SignUp gives actor a place on the task, or a place on its waiting list
// when it is full. Sign-ups close at the task's start and are refused
// when its activity was cancelled. Someone an organiser removed may sign
// up again once; the roster notes it.
func (s *Service) SignUp(ctx context.Context, actor account.User, taskID uuid.UUID) (Signup, error) {
	if err := mustParticipate(actor); err != nil {
		return Signup{}, err
	}
	var su Signup
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if err := taskOpen(ctx, tx, t, now); err != nil {
			return err
		}
		// A place freed without a promotion (a deleted account) goes to
		// the first waiting before anyone new.
		if t.SignedCount < t.Capacity && t.WaitingCount > 0 {
			if err := fillTask(ctx, tx, &t, now); err != nil {
				return err
			}
		}
		if su, err = s.place(ctx, tx, &t, actor.ID, now); err != nil {
			return err
		}
		ini, err := initiativeOf(ctx, tx, t.InitiativeID)
		if err != nil {
			return err
		}
		if err := logAct(ctx, tx, ini, actor.ID, activity.SignedUp, 0, now); err != nil {
			return err
		}
		if su.State == Confirmed {
			return queueReminder(ctx, tx, actor.ID, t.event(), now)
		}
		return nil
	})
	if err != nil {
		return Signup{}, fmt.Errorf("sign up for task %s: %w", taskID, err)
	}
	return su, nil
}

// place stores the user's sign-up on the locked task t: confirmed while
// places are free, waiting after, numbered in arrival order. The insert
// comes first, as nearly every sign-up is someone's first for the task;
// only when the user already has a row is it read, to refuse a second
// sign-up or to let a removed volunteer back once.
func (s *Service) place(ctx context.Context, tx bun.Tx, t *Task, userID uuid.UUID, now time.Time) (Signup, error) {
	state := Confirmed
	if t.SignedCount >= t.Capacity {
		state = OnWaiting
	}
	su := Signup{ID: uuid.Must(uuid.NewV7()), TaskID: t.ID, UserID: userID, State: state, Seq: t.NextSeq,
		CreatedAt: now, UpdatedAt: now}
	res, err := tx.NewInsert().Model(&su).On("CONFLICT (task_id, user_id) DO NOTHING").Exec(ctx)
	if err != nil {
		return su, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if su, err = rejoin(ctx, tx, t.ID, userID, state, t.NextSeq, now, err); err != nil {
			return su, err
		}
	}
	t.NextSeq++
	t.count(su.State, +1)
	return su, saveTaskCounts(ctx, tx, t)
}

// rejoin puts a volunteer an organiser removed back on the task, once;
// anyone else with a row is signed up already.
func rejoin(ctx context.Context, tx bun.Tx, taskID, userID uuid.UUID, state SignupState, seq int, now time.Time, err error) (Signup, error) {
	var su Signup
	if err != nil {
		return su, err
	}
	if err := tx.NewSelect().Model(&su).Where("s.task_id = ? AND s.user_id = ?", taskID, userID).Scan(ctx); err != nil {
		return su, err
	}
	switch {
	case su.State != Removed:
		return su, ErrAlreadySignedUp
	case su.Rejoined:
		return su, ErrRemovedTwice
	}
	su.State, su.Seq, su.Rejoined, su.UpdatedAt = state, seq, true, now
	_, err = tx.NewUpdate().Model(&su).Column("state", "seq", "rejoined", "updated_at").WherePK().Exec(ctx)
	return su, err
}

func (t *Task) count(st SignupState, delta int) {
	switch st {
	case Confirmed:
		t.SignedCount += delta
	case OnWaiting:
		t.WaitingCount += delta
	}
}

func saveTaskCounts(ctx context.Context, tx bun.Tx, t *Task) error {
	_, err := tx.NewUpdate().Model(t).Column("signed_count", "waiting_count", "next_seq").WherePK().Exec(ctx)
	return err
}

// Leave cancels actor's sign-up (a place or a place in the queue) before
// the task starts. A freed place goes to the first waiting, who is told.
func (s *Service) Leave(ctx context.Context, actor account.User, taskID uuid.UUID) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if !now.Before(t.StartsAt) {
			return ErrClosed
		}
		su, err := activeSignup(ctx, tx, taskID, "s.user_id = ?", actor.ID)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*Signup)(nil)).Where("id = ?", su.ID).Exec(ctx); err != nil {
			return err
		}
		if err := s.release(ctx, tx, &t, su, now); err != nil {
			return err
		}
		ini, err := initiativeOf(ctx, tx, t.InitiativeID)
		if err != nil {
			return err
		}
		return logAct(ctx, tx, ini, actor.ID, activity.SignupCancelled, 0, now)
	})
	if err != nil {
		return fmt.Errorf("leave task %s: %w", taskID, err)
	}
	return nil
}

// activeSignup finds a place or a place in the queue on the task.
func activeSignup(ctx context.Context, q bun.IDB, taskID uuid.UUID, where string, arg any) (Signup, error) {
	var su Signup
	err := q.NewSelect().Model(&su).Where("s.task_id = ? AND s.state IN (?)", taskID, bun.List([]SignupState{Confirmed, OnWaiting})).
		Where(where, arg).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return su, ErrNotSignedUp
	}
	return su, err
}

// release takes su (just deleted or removed) off the locked task t's
// counters, withdraws its reminder and gives a freed place away.
func (s *Service) release(ctx context.Context, tx bun.Tx, t *Task, su Signup, now time.Time) error {
	t.count(su.State, -1)
	if su.State == Confirmed {
		if err := cancelReminder(ctx, tx, su.UserID, t.event()); err != nil {
			return err
		}
	}
	return fillTask(ctx, tx, t, now)
}

// fillTask gives free places on the locked task t to those waiting, in
// sign-up order, tells each and saves the counters.
func fillTask(ctx context.Context, tx bun.Tx, t *Task, now time.Time) error {
	if err := promoteSignups(ctx, tx, t, now); err != nil {
		return err
	}
	return saveTaskCounts(ctx, tx, t)
}

// promoteSignups moves those waiting for the locked task t to free places,
// in sign-up order, and tells each; t's counters follow, unsaved.
func promoteSignups(ctx context.Context, tx bun.Tx, t *Task, now time.Time) error {
	for t.SignedCount < t.Capacity && t.WaitingCount > 0 {
		var next Signup
		err := tx.NewSelect().Model(&next).Where("s.task_id = ? AND s.state = ?", t.ID, OnWaiting).
			OrderExpr("s.seq").Limit(1).Scan(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model((*Signup)(nil)).Set("state = ?, updated_at = ?", Confirmed, now).
			Where("id = ?", next.ID).Exec(ctx); err != nil {
			return err
		}
		t.count(OnWaiting, -1)
		t.count(Confirmed, +1)
		if err := promoted(ctx, tx, next.UserID, t.event(), now); err != nil {
			return err
		}
	}
	return nil
}

// Remove takes a volunteer off the task (or its waiting list) with a
// reason they are told. Only organisers may.
func (s *Service) Remove(ctx context.Context, actor account.User, taskID, signupID uuid.UUID, reason string) error {
	reason = strings.TrimSpace(reason)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, t.InitiativeID); err != nil {
			return err
		}
		if err := checkReason(reason); err != nil {
			return err
		}
		su, err := activeSignup(ctx, tx, taskID, "s.id = ?", signupID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.NewUpdate().Model((*Signup)(nil)).Set("state = ?, removed_reason = ?, updated_at = ?", Removed, reason, now).
			Where("id = ?", su.ID).Exec(ctx); err != nil {
			return err
		}
		e := t.event()
		key := fmt.Sprintf("removed:task:%s:%s:%d", t.ID, su.UserID, now.UnixNano())
		if err := tell(ctx, tx, su.UserID, notify.SignupRemoved, key, e, e.params("reason", reason)); err != nil {
			return err
		}
		return s.release(ctx, tx, &t, su, now)
	})
	if err != nil {
		return fmt.Errorf("remove sign-up %s: %w", signupID, err)
	}
	return nil
}

// SignupOf returns the user's sign-up for the task; ok is false when there
// is none.
func (s *Service) SignupOf(ctx context.Context, taskID, userID uuid.UUID) (su Signup, ok bool, err error) {
	err = s.db.NewSelect().Model(&su).Where("s.task_id = ? AND s.user_id = ?", taskID, userID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return su, false, nil
	}
	return su, err == nil, err
}
