package volunteer

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/buurtboost/buurtboost/app/account"
)

// RosterRow is one person on an organiser's roster. Email is set only when
// the person consented to organisers seeing it.
type RosterRow struct {
	SignupID      uuid.UUID `bun:"signup_id,type:text"`
	Name          string    `bun:"display_name"`
	Email         string    `bun:"email"`
	State         string    `bun:"state"` // going/waiting/not_going or confirmed/waiting/removed
	Seq           int       `bun:"seq"`
	Attendance    string    `bun:"attendance"`
	Rejoined      bool      `bun:"rejoined"`
	RemovedReason string    `bun:"removed_reason"`
}

// consentedEmail is the SQL for a user's e-mail address when they allowed
// organisers to see it, else ”.
const consentedEmail = "CASE WHEN u.email_consent THEN COALESCE(u.email, '') ELSE '' END AS email"

// TaskRoster lists the task's volunteers for its organisers: with a
// place, waiting (in order) and removed.
func (s *Service) TaskRoster(ctx context.Context, actor account.User, taskID uuid.UUID) (Task, []RosterRow, error) {
	t, err := s.TaskByID(ctx, taskID)
	if err != nil {
		return t, nil, err
	}
	if err := mustOrganise(ctx, s.db, actor, t.InitiativeID); err != nil {
		return t, nil, err
	}
	var rows []RosterRow
	err = s.db.NewSelect().TableExpr("signups AS s").
		ColumnExpr("s.id AS signup_id, u.display_name, s.state, s.seq, s.attendance, s.rejoined, s.removed_reason").
		ColumnExpr(consentedEmail).
		Join("JOIN users AS u ON u.id = s.user_id").
		Where("s.task_id = ?", taskID).
		OrderExpr("CASE s.state WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, s.seq").
		Scan(ctx, &rows)
	return t, rows, err
}

// ActivityRoster lists who answered the activity for its organisers:
// going, waiting (in order), not going.
func (s *Service) ActivityRoster(ctx context.Context, actor account.User, activityID uuid.UUID) (Activity, []RosterRow, error) {
	a, err := s.ActivityByID(ctx, activityID)
	if err != nil {
		return a, nil, err
	}
	if err := mustOrganise(ctx, s.db, actor, a.InitiativeID); err != nil {
		return a, nil, err
	}
	var rows []RosterRow
	err = s.db.NewSelect().TableExpr("rsvps AS r").
		ColumnExpr("u.display_name, r.state, r.seq").ColumnExpr(consentedEmail).
		Join("JOIN users AS u ON u.id = r.user_id").
		Where("r.activity_id = ?", activityID).
		OrderExpr("CASE r.state WHEN 'going' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, r.seq").
		Scan(ctx, &rows)
	return a, rows, err
}

// WriteCSV writes a roster as CSV with the header row given (the caller
// localises it). Every cell is guarded against formula injection: a
// spreadsheet would run a cell that starts with = + - @ as a formula.
func WriteCSV(w io.Writer, header []string, rows []RosterRow, label func(string) string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i, r := range rows {
		rec := []string{strconv.Itoa(i + 1), r.Name, r.Email, label(r.State), label(r.Attendance), r.RemovedReason}
		for j := range rec {
			rec[j] = SafeCell(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell defuses a spreadsheet formula by prefixing a quote (OWASP's
// advice for CSV injection).
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
