package dashboard

import (
	"time"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// Period is a half-open span of time [From, To), in UTC.
type Period struct {
	From, To time.Time
}

// Previous is the period of the same length just before p: the baseline
// of every trend.
func (p Period) Previous() Period {
	return Period{From: p.From.Add(-p.To.Sub(p.From)), To: p.From}
}

// Overlaps reports whether p and q share a moment. Two overlapping
// periods side by side would let their difference describe the few
// people active only in one of them, so a comparison refuses them.
func (p Period) Overlaps(q Period) bool { return p.From.Before(q.To) && q.From.Before(p.To) }

// wholeDays reports whether p starts and ends at midnight UTC.
func (p Period) wholeDays() bool {
	midnight := func(t time.Time) bool { return t.Equal(t.UTC().Truncate(24 * time.Hour)) }
	return midnight(p.From) && midnight(p.To) && p.From.Before(p.To)
}

// Days is the length of p in whole days.
func (p Period) Days() int { return int(p.To.Sub(p.From).Hours() / 24) }

// The period presets of the filter.
const (
	Last30Days = "30d"
	Quarter    = "kwartaal"
	Year       = "jaar"
	Custom     = "anders"
)

// Presets lists the period choices in the order the form shows them.
func Presets() []string { return []string{Last30Days, Quarter, Year, Custom} }

// maxPeriod is the longest custom period: longer ones make slow queries
// and say little.
const maxPeriod = 5 * 366 * 24 * time.Hour

const dateLayout = "2006-01-02"

// ParsePeriod turns the filter's period fields into a Period ending today
// (whole UTC days; a custom period includes its last day). field names the
// form fields of the custom dates, so that a comparison's second period can
// report its own errors ("van2", "tot2").
func ParsePeriod(preset, from, to string, now time.Time, field [2]string) (Period, error) {
	end := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
	switch preset {
	case "", Last30Days:
		return Period{From: end.AddDate(0, 0, -30), To: end}, nil
	case Quarter:
		return Period{From: end.AddDate(0, -3, 0), To: end}, nil
	case Year:
		return Period{From: end.AddDate(-1, 0, 0), To: end}, nil
	case Custom:
		return parseCustom(from, to, field)
	}
	return Period{}, apperr.InvalidFields(map[string]string{"periode": "dashboard.period.unknown"})
}

func parseCustom(from, to string, field [2]string) (Period, error) {
	fe := map[string]string{}
	f, err := time.Parse(dateLayout, from)
	if err != nil {
		fe[field[0]] = "dashboard.period.date_invalid"
	}
	t, err := time.Parse(dateLayout, to)
	if err != nil {
		fe[field[1]] = "dashboard.period.date_invalid"
	}
	if len(fe) > 0 {
		return Period{}, apperr.InvalidFields(fe)
	}
	p := Period{From: f, To: t.AddDate(0, 0, 1)}
	switch {
	case t.Before(f):
		fe[field[1]] = "dashboard.period.end_before_start"
	case p.To.Sub(p.From) > maxPeriod:
		fe[field[1]] = "dashboard.period.too_long"
	}
	if len(fe) > 0 {
		return Period{}, apperr.InvalidFields(fe)
	}
	return p, nil
}
