package dashboard

import (
	"math"
	"slices"
	"time"

	"github.com/buurtboost/buurtboost/app/activity"
)

// Codes of the kinds a figure counts by itself.
const (
	codeOther = iota
	codeInitiative
	codeIdea
	codeSupport
	codeComment
	codeSignUp
	codeAttended
)

var kindCodes = map[activity.Kind]int{
	activity.InitiativeCreated: codeInitiative, activity.IdeaCreated: codeIdea, activity.SupportGiven: codeSupport,
	activity.CommentPosted: codeComment, activity.SignedUp: codeSignUp, activity.Attended: codeAttended,
}

// tallyKind is a kind as counting sees it, with its counts per period.
type tallyKind struct {
	action bool
	code   int
	n      *pair
}

// weekTally is one week's counts; participants are counted as each actor
// is first met in the week (days are counted in order).
type weekTally struct {
	ideas, supports, comments, actions, participants int
}

// tally counts one selection over its two periods. Slices indexed by
// compact id are as long as the key space.
type tally struct {
	ks         *keySpace
	lo, mid    int32 // the first day of the previous and the current period
	nbs        []bool
	themes     []bool
	kinds      map[string]*pair
	minutes    pair
	actions    [2][]int32 // per actor
	firstDay   []int32    // per actor: first day in the selection (MaxInt32: none)
	active     []uint8    // per initiative: bit p when active in period p
	themeN     [][2]int32 // ideas and supports per theme
	ideaN      [][2]int32 // supports per idea
	weeks      []weekTally
	lastWeek   []int32 // per actor: the last week counted
	nbSlot     []int32 // per neighbourhood: 1 + its index in nbWeeks
	nbIDs      []int32 // the neighbourhoods of nbWeeks
	nbWeeks    [][]int // actions per week per neighbourhood
	weekStarts []time.Time
}

func newTally(f Filter, ks *keySpace) *tally {
	t := &tally{ks: ks, lo: day(f.Period.Previous().From), mid: day(f.Period.From), kinds: map[string]*pair{}}
	if len(f.Neighbourhoods) > 0 {
		t.nbs = selection(ks, strs(f.Neighbourhoods))
	}
	if len(f.Themes) > 0 {
		t.themes = selection(ks, strs(f.Themes))
	}
	t.weekStarts = weekStarts(f.Period)
	t.weeks = make([]weekTally, len(t.weekStarts))
	return t
}

// selection marks the ids of keys (making ids for keys the log has not
// rolled up yet; the slice grows with the key space in size()).
func selection(ks *keySpace, keys []string) []bool {
	var ids []int32
	for _, k := range keys {
		ids = append(ids, ks.id(k))
	}
	sel := make([]bool, ks.size())
	for _, id := range ids {
		sel[id] = true
	}
	return sel
}

// first notes an act of taking part in the selection on day d.
func (t *tally) first(actor, d int32) {
	if int(actor) < len(t.firstDay) && d < t.firstDay[actor] {
		t.firstDay[actor] = d
	}
}

// count counts the days (in order) and the waiting log rows, after the
// first days before the current period.
func (t *tally) count(days []rollupDay, waiting []logRow, firsts []firstDay) error {
	// Map the waiting rows first: they may add keys, and every slice is
	// sized to the key space.
	type waitingEntry struct {
		day   int32
		kind  string
		entry entry
	}
	slices.SortFunc(waiting, func(a, b logRow) int { return a.CreatedAt.Compare(b.CreatedAt) })
	mapped := make([]waitingEntry, len(waiting))
	for i, w := range waiting {
		mapped[i] = waitingEntry{day: day(w.CreatedAt), kind: w.Kind, entry: entryOf(t.ks, infoOf(w.Kind), w)}
	}
	t.alloc()
	for _, fd := range firsts {
		t.first(fd.Actor, fd.Day)
	}
	var buf dayEntries
	var local []tallyKind
	next := 0 // the next waiting row
	// Waiting rows before the span only tell who took part before.
	for ; next < len(mapped) && mapped[next].day < t.lo; next++ {
		w := mapped[next]
		if info := t.kind(w.kind); info.action && t.selected(w.entry) {
			t.first(w.entry.actor, w.day)
		}
	}
	for _, d := range days {
		for ; next < len(mapped) && mapped[next].day <= d.Day; next++ {
			t.countWaiting(mapped[next].day, mapped[next].kind, mapped[next].entry)
		}
		if err := decodeDay(d.Entries, int32(t.ks.size()), &buf); err != nil {
			return err
		}
		local = local[:0]
		for _, k := range buf.kinds {
			local = append(local, t.kind(k))
		}
		t.countDay(d.Day, local, buf.entries)
	}
	for ; next < len(mapped); next++ {
		t.countWaiting(mapped[next].day, mapped[next].kind, mapped[next].entry)
	}
	return nil
}

func (t *tally) countWaiting(d int32, kind string, e entry) {
	t.countDay(d, []tallyKind{t.kind(kind)}, []entry{e})
}

// alloc sizes the slices to the key space, which no longer grows.
func (t *tally) alloc() {
	n := t.ks.size()
	grow := func(sel []bool) []bool {
		if sel == nil {
			return nil
		}
		return append(sel, make([]bool, n-len(sel))...)
	}
	t.nbs, t.themes = grow(t.nbs), grow(t.themes)
	t.firstDay = make([]int32, n)
	for i := range t.firstDay {
		t.firstDay[i] = math.MaxInt32
	}
	t.actions = [2][]int32{make([]int32, n), make([]int32, n)}
	t.active = make([]uint8, n)
	t.themeN = make([][2]int32, n)
	t.ideaN = make([][2]int32, n)
	t.lastWeek = make([]int32, n)
	for i := range t.lastWeek {
		t.lastWeek[i] = -1
	}
	t.nbSlot = make([]int32, n)
}

func (t *tally) kind(name string) tallyKind {
	n, ok := t.kinds[name]
	if !ok {
		n = &pair{}
		t.kinds[name] = n
	}
	info := infoOf(name)
	return tallyKind{action: info.action, code: kindCodes[info.kind], n: n}
}

func (t *tally) selected(e entry) bool {
	return (t.nbs == nil || t.nbs[e.nb]) && (t.themes == nil || t.themes[e.theme])
}

// countDay counts the entries of day d (in the span).
func (t *tally) countDay(d int32, kinds []tallyKind, entries []entry) {
	p := 0
	if d >= t.mid {
		p = 1
	}
	week := int32(-1)
	if p == 1 {
		week = int32(clampWeek(int(d-t.mid)/7, len(t.weeks)))
	}
	for _, e := range entries {
		if !t.selected(e) {
			continue
		}
		k := kinds[e.kind]
		k.n[p] += int(e.n)
		switch k.code {
		case codeAttended:
			t.minutes[p] += int(e.minutes)
		case codeIdea:
			if e.theme != 0 {
				t.themeN[e.theme][p] += e.n
			}
		case codeSupport:
			if e.theme != 0 {
				t.themeN[e.theme][p] += e.n
			}
			if e.idea != 0 {
				t.ideaN[e.idea][p] += e.n
			}
		}
		if !k.action {
			continue
		}
		t.actions[p][e.actor] += e.n
		if d < t.firstDay[e.actor] {
			t.firstDay[e.actor] = d
		}
		if e.initiative != 0 {
			t.active[e.initiative] |= 1 << p
		}
		if week < 0 {
			continue
		}
		w := &t.weeks[week]
		w.actions += int(e.n)
		switch k.code {
		case codeIdea:
			w.ideas += int(e.n)
		case codeSupport:
			w.supports += int(e.n)
		case codeComment:
			w.comments += int(e.n)
		}
		if t.lastWeek[e.actor] != week {
			t.lastWeek[e.actor] = week
			w.participants++
		}
		if e.nb != 0 {
			slot := t.nbSlot[e.nb]
			if slot == 0 {
				t.nbIDs = append(t.nbIDs, e.nb)
				t.nbWeeks = append(t.nbWeeks, make([]int, len(t.weeks)))
				slot = int32(len(t.nbIDs))
				t.nbSlot[e.nb] = slot
			}
			t.nbWeeks[slot-1][week] += int(e.n)
		}
	}
}
