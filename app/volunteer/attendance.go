package volunteer

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/apperr"
)

// ParseAttendance returns the attendance named s, or false.
func ParseAttendance(s string) (Attendance, bool) {
	switch a := Attendance(s); a {
	case ShowedUp, NoShow:
		return a, true
	}
	return "", false
}

// MarkAttendance notes whether a volunteer with a place showed up, once
// the task has started. Only organisers may. Showing up logs the task's
// minutes as volunteer time; changing it back logs them negative, so the
// log's sum stays the truth.
func (s *Service) MarkAttendance(ctx context.Context, actor account.User, taskID, signupID uuid.UUID, att Attendance) error {
	if _, ok := ParseAttendance(string(att)); !ok {
		return apperr.InvalidFields(map[string]string{"attendance": "volunteer.attendance.unknown"})
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		t, err := lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if err := mustOrganise(ctx, tx, actor, t.InitiativeID); err != nil {
			return err
		}
		now := s.now().UTC()
		if now.Before(t.StartsAt) {
			return ErrNotStarted
		}
		su, err := activeSignup(ctx, tx, taskID, "s.id = ?", signupID)
		if err != nil {
			return err
		}
		if su.State != Confirmed {
			return ErrNotSignedUp
		}
		if su.Attendance == att {
			return nil
		}
		if _, err := tx.NewUpdate().Model((*Signup)(nil)).Set("attendance = ?, updated_at = ?", att, now).
			Where("id = ?", su.ID).Exec(ctx); err != nil {
			return err
		}
		minutes := t.Minutes()
		switch {
		case att == ShowedUp:
		case su.Attendance == ShowedUp:
			minutes = -minutes
		default:
			return nil // not noted before, now a no-show: no time to log
		}
		ini, err := initiativeOf(ctx, tx, t.InitiativeID)
		if err != nil {
			return err
		}
		return logAct(ctx, tx, ini, su.UserID, activity.Attended, minutes, now)
	})
	if err != nil {
		return fmt.Errorf("mark attendance on task %s: %w", taskID, err)
	}
	return nil
}
