package dashboard_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func user(t *testing.T, bdb *bun.DB, role account.Role) account.User {
	t.Helper()
	u := account.User{ID: uuid.Must(uuid.NewV7()), Role: role}
	now := time.Now().UTC()
	_, err := bdb.ExecContext(context.Background(),
		"INSERT INTO users (id, display_name, role, created_at, updated_at) VALUES (?, 'Medewerker', ?, ?, ?)",
		u.ID.String(), string(role), now, now)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Presets belong to one staff member: saved under a name (saving the same
// name again replaces the filter), kept to the filter's parameters, and
// deleted only by their owner. Residents have none.
func TestPresets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		svc := dashboard.NewService(bdb, time.Now)
		me, colleague, resident := user(t, bdb, account.Staff), user(t, bdb, account.Admin), user(t, bdb, account.Resident)
		if _, err := svc.SavePreset(ctx, me, "Oost", "periode=jaar&next=https://evil.example"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SavePreset(ctx, me, "Oost", "periode=kwartaal"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SavePreset(ctx, colleague, "Oost", "periode=jaar"); err != nil {
			t.Fatal(err)
		}
		mine, err := svc.Presets(ctx, me)
		if err != nil || len(mine) != 1 || mine[0].Query != "periode=kwartaal" {
			t.Fatalf("my presets = %+v, %v; want one, replaced", mine, err)
		}
		if _, err := svc.SavePreset(ctx, me, "", "periode=jaar"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("no name: %v", err)
		}
		if _, err := svc.SavePreset(ctx, resident, "Mijn", "periode=jaar"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a resident saves a preset: %v", err)
		}
		if err := svc.DeletePreset(ctx, colleague, mine[0].ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a colleague deletes my preset: %v", err)
		}
		if err := svc.DeletePreset(ctx, me, mine[0].ID); err != nil {
			t.Errorf("delete my preset: %v", err)
		}
		if left, _ := svc.Presets(ctx, colleague); len(left) != 1 {
			t.Errorf("the colleague's preset went too: %+v", left)
		}
	})
}

func TestParsePeriod(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	end := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	fields := [2]string{"van", "tot"}
	for preset, from := range map[string]time.Time{"": end.AddDate(0, 0, -30), dashboard.Last30Days: end.AddDate(0, 0, -30),
		dashboard.Quarter: end.AddDate(0, -3, 0), dashboard.Year: end.AddDate(-1, 0, 0)} {
		p, err := dashboard.ParsePeriod(preset, "", "", now, fields)
		if err != nil || !p.From.Equal(from) || !p.To.Equal(end) {
			t.Errorf("%q: %v %v, want from %v to %v", preset, p, err, from, end)
		}
	}
	p, err := dashboard.ParsePeriod(dashboard.Custom, "2026-06-01", "2026-06-30", now, fields)
	if err != nil || !p.From.Equal(june.From) || !p.To.Equal(june.To) || !p.Previous().From.Equal(time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("June: %+v, %v (previous from %v)", p, err, p.Previous().From)
	}
	bad := []struct{ preset, from, to, field, key string }{
		{dashboard.Custom, "2026-06-30", "2026-06-01", "tot", "dashboard.period.end_before_start"},
		{dashboard.Custom, "2020-01-01", "2026-06-01", "tot", "dashboard.period.too_long"},
		{dashboard.Custom, "1-6-2026", "2026-06-01", "van", "dashboard.period.date_invalid"},
		{dashboard.Custom, "2026-06-01", "", "tot", "dashboard.period.date_invalid"},
		{"eeuw", "", "", "periode", "dashboard.period.unknown"},
	}
	for _, b := range bad {
		_, err := dashboard.ParsePeriod(b.preset, b.from, b.to, now, fields)
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asErr(err, &ae) || ae.Fields[b.field] != b.key {
			t.Errorf("%+v: %v, want %s on %s", b, err, b.key, b.field)
		}
	}
	// Five years to the day is allowed.
	if _, err := dashboard.ParsePeriod(dashboard.Custom, "2021-06-01", "2026-05-31", now, fields); err != nil {
		t.Errorf("five years: %v", err)
	}
}
