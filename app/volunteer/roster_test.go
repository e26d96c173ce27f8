package volunteer_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/activity"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/volunteer"
)

func TestAttendanceLogsVolunteerMinutes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("2")) // two hours
		ann, bob := f.resident("Ann"), f.resident("Bob")
		sa, _ := f.svc.SignUp(f.ctx, ann, task.ID)
		sb, _ := f.svc.SignUp(f.ctx, bob, task.ID)
		if err := f.svc.MarkAttendance(f.ctx, f.org, task.ID, sa.ID, volunteer.ShowedUp); !errors.Is(err, volunteer.ErrNotStarted) {
			t.Errorf("attendance before the start: %v", err)
		}
		f.clock.Set(task.EndsAt.Add(time.Hour))
		if err := f.svc.MarkAttendance(f.ctx, ann, task.ID, sb.ID, volunteer.ShowedUp); !errors.Is(err, volunteer.ErrNotOrganiser) {
			t.Errorf("a volunteer marked attendance: %v", err)
		}
		for _, step := range []struct {
			su  volunteer.Signup
			att volunteer.Attendance
		}{{sa, volunteer.ShowedUp}, {sa, volunteer.ShowedUp}, {sb, volunteer.ShowedUp}, {sb, volunteer.NoShow}} {
			if err := f.svc.MarkAttendance(f.ctx, f.org, task.ID, step.su.ID, step.att); err != nil {
				t.Fatal(err)
			}
		}
		var minutes int
		err := bdb.NewSelect().Table("activity").ColumnExpr("COALESCE(SUM(minutes), 0)").
			Where("kind = ? AND initiative_id = ?", activity.Attended, f.ini.ID).Scan(f.ctx, &minutes)
		if err != nil || minutes != 120 {
			t.Errorf("volunteer minutes %d (%v), want 120: Ann's two hours, Bob's taken back", minutes, err)
		}
		if err := f.svc.MarkAttendance(f.ctx, f.org, task.ID, sa.ID, "misschien"); fieldsOf(err)["attendance"] == "" {
			t.Errorf("unknown attendance: %v", err)
		}
	})
}

func TestRosterShowsEmailOnlyWithConsentAndExportsSafeCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		task := f.task(taskInput("1"))
		ann, evil := f.resident("Ann"), f.resident("Evil")
		if _, err := f.accounts.UpdateProfile(f.ctx, ann.ID, account.ProfileInput{Name: "Ann", EmailConsent: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.accounts.UpdateProfile(f.ctx, evil.ID, account.ProfileInput{Name: "=HYPERLINK(\"x\")"}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []account.User{ann, evil} {
			if _, err := f.svc.SignUp(f.ctx, u, task.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := f.svc.TaskRoster(f.ctx, ann, task.ID); !errors.Is(err, volunteer.ErrNotOrganiser) {
			t.Errorf("a volunteer read the roster: %v", err)
		}
		_, rows, err := f.svc.TaskRoster(f.ctx, f.org, task.ID)
		if err != nil || len(rows) != 2 {
			t.Fatalf("roster %v, %v", rows, err)
		}
		if rows[0].Email != *ann.Email || rows[0].State != "confirmed" || rows[1].Email != "" || rows[1].State != "waiting" {
			t.Errorf("roster rows %+v", rows)
		}
		var buf bytes.Buffer
		header := []string{"nr", "naam", "e-mail", "status", "aanwezig", "reden"}
		if err := volunteer.WriteCSV(&buf, header, rows, func(s string) string { return s }); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(recs) != 3 {
			t.Fatalf("csv %v, %v", recs, err)
		}
		if recs[1][2] != *ann.Email || recs[2][1] != `'=HYPERLINK("x")` || recs[2][2] != "" {
			t.Errorf("csv rows %q", recs[1:])
		}
	})
}

func TestSafeCell(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"=1+1": "'=1+1", "+31": "'+31", "-2": "'-2", "@SUM": "'@SUM",
		"\tx": "'\tx", "Ann": "Ann", "": "", "a=b": "a=b"} {
		if got := volunteer.SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
