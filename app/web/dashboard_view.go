package web

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/buurtboost/buurtboost/app/dashboard"
	"github.com/buurtboost/buurtboost/app/i18n"
)

// dashboardView is the dashboard page: the filter (always) and, when the
// filter is valid, every figure already formatted, so the template only
// places text.
type dashboardView struct {
	Query        dashboardQuery
	Choices      choices
	Presets      []dashboard.Preset
	CanSave      bool // staff save their own filters; other visitors of a public dashboard don't
	QueryString  string
	Lang         string
	Errors       map[string]string
	PresetErrors map[string]string
	PresetName   string
	Ignored      bool

	HasReport    bool
	PeriodText   string
	PreviousText string
	Figures      []figureRow
	Measures     []figureRow
	Themes       rankTable
	TopIdeas     rankTable
	GrowingIdeas rankTable
	Weekly       barChart
	WeekRows     []weekRow
	Multiples    []barChart
	WeekHeads    []string
	MultipleRows []multipleRow
	Compare      *compareView
}

// HasNeighbourhood, HasTheme and PeriodIs tick the filter's choices.
func (q dashboardQuery) HasNeighbourhood(id string) bool {
	return slices.Contains(q.Neighbourhoods, id)
}
func (q dashboardQuery) HasTheme(id string) bool { return slices.Contains(q.Themes, id) }
func (q dashboardQuery) PeriodIs(p string) bool {
	return q.Period == p || (q.Period == "" && p == dashboard.Last30Days)
}

// Periods are the period choices of the filter.
func (dashboardView) Periods() []string { return dashboard.Presets() }

type figureRow struct {
	Key, Label, Link          string
	Current, Previous, Change string
	People                    bool
}

// rankTable is a ranking (themes, ideas) with its caption and the heading
// of its first column.
type rankTable struct {
	Caption, Head string
	Rows          []figureRow
}

type weekRow struct {
	Week                                             string
	Ideas, Supports, Comments, Actions, Participants string
}

type multipleRow struct {
	Name  string
	Cells []string
}

// build formats report r in loc's language.
func (v *dashboardView) build(r dashboard.Report, loc *i18n.Localizer) {
	lang := loc.Lang()
	v.HasReport = true
	v.PeriodText = periodText(r.Filter.Period, lang)
	v.PreviousText = periodText(r.Filter.Period.Previous(), lang)
	for _, f := range r.Figures {
		v.Figures = append(v.Figures, figureRowOf(f, loc))
	}
	v.Measures = measures(r, loc)
	v.Themes = rankTable{Caption: loc.T("dashboard.themes.caption"), Head: loc.T("dashboard.table.theme")}
	for _, th := range r.Themes {
		v.Themes.Rows = append(v.Themes.Rows, figureRow{Label: th.Label(lang), Current: fmtInt(th.Current, lang),
			Previous: fmtInt(th.Previous, lang), Change: fmtChange(th.Growth(), lang)})
	}
	head := loc.T("dashboard.table.idea")
	v.TopIdeas = rankTable{Caption: loc.T("dashboard.ideas.top"), Head: head, Rows: ideaRows(r.TopIdeas, loc)}
	v.GrowingIdeas = rankTable{Caption: loc.T("dashboard.ideas.growing"), Head: head, Rows: ideaRows(r.GrowingIdeas, loc)}
	v.buildWeeks(r, loc)
}

func figureRowOf(f dashboard.Figure, loc *i18n.Localizer) figureRow {
	row := figureRow{Key: f.Key, Label: loc.T("dashboard.figure." + f.Key), People: f.People,
		Current: fmtCell(f.Current, loc.Lang()), Previous: fmtCell(f.Previous, loc.Lang()),
		Change: loc.T("dashboard.change.hidden")}
	if d, ok := f.Change(); ok {
		row.Change = fmtChange(d, loc.Lang())
	}
	return row
}

func ideaRows(ideas []dashboard.IdeaTrend, loc *i18n.Localizer) []figureRow {
	var rows []figureRow
	for _, it := range ideas {
		f := figureRowOf(dashboard.Figure{Current: it.Current, Previous: it.Previous}, loc)
		f.Label, f.Link = it.Title, "/idee/"+it.ID.String()
		rows = append(rows, f)
	}
	return rows
}

// measures are the derived figures: rates, medians and concentration.
func measures(r dashboard.Report, loc *i18n.Localizer) []figureRow {
	lang := loc.Lang()
	ratio := func(key string, rs [2]dashboard.Ratio, format func(float64) string) figureRow {
		row := figureRow{Key: key, Label: loc.T("dashboard.measure." + key), Change: loc.T("dashboard.change.hidden")}
		row.Current, row.Previous = loc.T("dashboard.unknown"), loc.T("dashboard.unknown")
		if rs[0].Known {
			row.Current = format(rs[0].Value)
		}
		if rs[1].Known {
			row.Previous = format(rs[1].Value)
		}
		if rs[0].Known && rs[1].Known {
			row.Change = fmtSigned(format(math.Abs(rs[0].Value-rs[1].Value)), rs[0].Value-rs[1].Value)
		}
		return row
	}
	one := func(x float64) string { return fmtFloat(x, 1, lang) }
	pct := func(x float64) string { return fmtFloat(100*x, 0, lang) + " %" }
	two := func(x float64) string { return fmtFloat(x, 2, lang) }
	concentration := func(get func(dashboard.Concentration) float64) [2]dashboard.Ratio {
		var rs [2]dashboard.Ratio
		for i, c := range r.Concentration {
			rs[i] = dashboard.Ratio{Value: get(c), Known: c.Known}
		}
		return rs
	}
	answered := figureRowOf(r.Answered[0], loc)
	answered.Key, answered.Label = "answered", loc.T("dashboard.measure.answered")
	return []figureRow{
		ratio("per_1000", r.Per1000, one),
		ratio("top_share", concentration(func(c dashboard.Concentration) float64 { return c.TopShare }), pct),
		ratio("gini", concentration(func(c dashboard.Concentration) float64 { return c.Gini }), two),
		ratio("fill_rate", r.FillRate, pct),
		ratio("median_hours", r.Responsiveness, one),
		answered,
	}
}

// buildWeeks makes the weekly chart, its table, and the small multiples.
func (v *dashboardView) buildWeeks(r dashboard.Report, loc *i18n.Localizer) {
	lang := loc.Lang()
	actions := make([]int, len(r.Weeks))
	labels := make([]string, len(r.Weeks))
	for i, w := range r.Weeks {
		actions[i], labels[i] = w.Actions, shortDate(w.Start, lang)
		v.WeekRows = append(v.WeekRows, weekRow{Week: formatDate(w.Start, lang), Ideas: fmtInt(w.Ideas, lang),
			Supports: fmtInt(w.Supports, lang), Comments: fmtInt(w.Comments, lang), Actions: fmtInt(w.Actions, lang),
			Participants: fmtCell(w.Participants, lang)})
	}
	v.WeekHeads = labels
	v.Weekly = newBarChart("weken", actions, slices.Max(append(actions, 0)), labels, chartSize{640, 220})
	v.Weekly.Title = loc.T("dashboard.chart.weekly")
	v.Weekly.Desc = chartDesc(actions, labels, loc)
	top := 0
	for _, n := range r.Neighbourhoods {
		top = max(top, slices.Max(append(slices.Clone(n.Actions), 0)))
	}
	for i, n := range r.Neighbourhoods {
		ch := newBarChart(fmt.Sprintf("buurt-%d", i), n.Actions, top, nil, chartSize{220, 80})
		ch.Title = loc.T("dashboard.chart.neighbourhood", "Name", n.Name)
		ch.Desc = chartDesc(n.Actions, labels, loc)
		ch.Caption = n.Name
		v.Multiples = append(v.Multiples, ch)
		row := multipleRow{Name: n.Name}
		for _, a := range n.Actions {
			row.Cells = append(row.Cells, fmtInt(a, lang))
		}
		v.MultipleRows = append(v.MultipleRows, row)
	}
}

// chartDesc describes a series in words: its total and its busiest week.
func chartDesc(values []int, labels []string, loc *i18n.Localizer) string {
	total, peak := 0, 0
	for i, x := range values {
		total += x
		if x > values[peak] {
			peak = i
		}
	}
	if total == 0 || len(labels) == 0 {
		return loc.T("dashboard.chart.empty")
	}
	return loc.T("dashboard.chart.desc", "Total", fmtInt(total, loc.Lang()), "Week", labels[peak],
		"Peak", fmtInt(values[peak], loc.Lang()))
}

// compareView puts two selections side by side.
type compareView struct {
	HeadA, HeadB string
	Rows         []compareRow
}

type compareRow struct{ Label, A, B string }

func newCompareView(a, b dashboard.Report, v *dashboardView, loc *i18n.Localizer) *compareView {
	lang := loc.Lang()
	cv := &compareView{HeadA: periodText(a.Filter.Period, lang), HeadB: periodText(b.Filter.Period, lang)}
	if v.Query.Compare == compareNeighbourhoods {
		cv.HeadA, cv.HeadB = v.neighbourhoodName(a), v.neighbourhoodName(b)
	}
	for i, f := range a.Figures {
		cv.Rows = append(cv.Rows, compareRow{Label: loc.T("dashboard.figure." + f.Key),
			A: fmtCell(f.Current, lang), B: fmtCell(b.Figures[i].Current, lang)})
	}
	ma, mb := measures(a, loc), measures(b, loc)
	for i := range ma {
		cv.Rows = append(cv.Rows, compareRow{Label: ma[i].Label, A: ma[i].Current, B: mb[i].Current})
	}
	return cv
}

func (v *dashboardView) neighbourhoodName(r dashboard.Report) string {
	for _, n := range v.Choices.Neighbourhoods {
		if len(r.Filter.Neighbourhoods) == 1 && n.ID == r.Filter.Neighbourhoods[0] {
			return n.Name
		}
	}
	return ""
}

// csvRows are the report's figures for the CSV download: the same
// (suppressed) numbers the page shows.
func csvRows(r dashboard.Report, loc *i18n.Localizer) [][]string {
	var v dashboardView
	v.build(r, loc)
	rows := [][]string{{"section", "key", "label", "current", "previous", "change"}}
	for _, f := range v.Figures {
		rows = append(rows, []string{"figure", f.Key, f.Label, plain(f.Current), plain(f.Previous), plain(f.Change)})
	}
	for _, m := range v.Measures {
		rows = append(rows, []string{"measure", m.Key, m.Label, plain(m.Current), plain(m.Previous), plain(m.Change)})
	}
	for _, w := range r.Weeks {
		rows = append(rows, []string{"week", w.Start.Format("2006-01-02"), loc.T("dashboard.week.actions"),
			strconv.Itoa(w.Actions), "", ""}, []string{"week_participants", w.Start.Format("2006-01-02"),
			loc.T("dashboard.week.participants"), w.Participants.String(), "", ""})
	}
	return rows
}

// plain drops the thousands separators of a formatted number, so that
// spreadsheets read it; other text stays.
func plain(s string) string {
	if strings.ContainsAny(s, "0123456789") && !strings.Contains(s, "<") {
		return strings.NewReplacer("\u00a0", "", ".", "", ",", ".").Replace(s)
	}
	return s
}

// Number formatting: Dutch writes 1.234,5; English 1,234.5.

func fmtInt(n int, lang string) string {
	s := strconv.Itoa(abs(n))
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep(lang, ".", ","))
		}
		b.WriteRune(r)
	}
	if n < 0 {
		return "-" + b.String()
	}
	return b.String()
}

func fmtFloat(x float64, decimals int, lang string) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.Atoi(whole)
	out := fmtInt(n, lang)
	if frac != "" {
		out += sep(lang, ",", ".") + frac
	}
	if x < 0 && strings.Trim(out, "0.,") != "" {
		out = "-" + out
	}
	return out
}

func fmtCell(c dashboard.Cell, lang string) string {
	if c.Hidden {
		return c.String()
	}
	return fmtInt(c.N, lang)
}

func fmtChange(d int, lang string) string { return fmtSigned(fmtInt(abs(d), lang), float64(d)) }

func fmtSigned(s string, d float64) string {
	switch {
	case d > 0:
		return "+" + s
	case d < 0:
		return "-" + s
	}
	return s
}

func sep(lang, nl, en string) string {
	if lang == "en" {
		return en
	}
	return nl
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// periodText is "1 juni 2026 – 30 juni 2026": the last day included.
func periodText(p dashboard.Period, lang string) string {
	return formatDate(p.From, lang) + " – " + formatDate(p.To.Add(-time.Hour*24), lang)
}

// shortDate is "1 jun" for chart axes.
func shortDate(t time.Time, lang string) string {
	names := months[lang]
	if names[0] == "" {
		names = months["nl"]
	}
	return fmt.Sprintf("%d %s", t.Day(), names[t.Month()-1][:3])
}
