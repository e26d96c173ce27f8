// Package ratelimit counts writes per action and per subject (a user or a
// client IP) in fixed windows, in memory. Limits hold per process: several
// web processes each count on their own.
package ratelimit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Action names. Writes is the default for every write without its own.
const (
	Ideas       = "ideas"
	Supports    = "supports"
	Comments    = "comments"
	Initiatives = "initiatives"
	Reports     = "reports"
	Writes      = "writes"
)

// Limit allows N actions per window Per.
type Limit struct {
	N   int
	Per time.Duration
}

func (l Limit) String() string {
	for _, u := range units {
		if l.Per == u.d {
			return strconv.Itoa(l.N) + "/" + u.s
		}
	}
	return strconv.Itoa(l.N) + "/" + l.Per.String()
}

// Limits maps an action to its limit.
type Limits map[string]Limit

// Defaults are generous for a resident and tight for a script.
func Defaults() Limits {
	return Limits{
		Ideas:       {10, time.Hour},
		Supports:    {60, time.Minute},
		Comments:    {30, time.Hour},
		Initiatives: {5, time.Hour},
		Reports:     {20, time.Hour},
		Writes:      {300, time.Hour},
	}
}

var units = []struct {
	s string
	d time.Duration
}{{"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}, {"d", 24 * time.Hour}}

// Parse reads "ideas=10/h,supports=60/m" over the defaults; units are s, m,
// h and d. Unknown actions are an error, so that a typo does not go unnoticed.
func Parse(v string) (Limits, error) {
	ls := Defaults()
	for part := range strings.SplitSeq(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, rest, ok1 := strings.Cut(part, "=")
		n, unit, ok2 := strings.Cut(rest, "/")
		name = strings.TrimSpace(name)
		if _, known := ls[name]; !known || !ok1 || !ok2 {
			return nil, fmt.Errorf("%q is not action=N/unit with an action of %s", part, strings.Join(names(), ", "))
		}
		count, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil || count < 1 {
			return nil, fmt.Errorf("%q: the count must be a whole number above 0", part)
		}
		i := slices.IndexFunc(units, func(u struct {
			s string
			d time.Duration
		}) bool {
			return u.s == strings.TrimSpace(unit)
		})
		if i < 0 {
			return nil, fmt.Errorf("%q: the unit must be s, m, h or d", part)
		}
		ls[name] = Limit{count, units[i].d}
	}
	return ls, nil
}

func names() []string {
	ns := make([]string, 0, len(Defaults()))
	for n := range Defaults() {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

type window struct {
	start time.Time
	count int
}

// Limiter counts actions per subject in fixed windows.
type Limiter struct {
	limits Limits
	now    func() time.Time
	mu     sync.Mutex
	counts map[string]*window
	calls  int
}

// New returns a limiter for limits, reading the time from now.
func New(limits Limits, now func() time.Time) *Limiter {
	return &Limiter{limits: limits, now: now, counts: map[string]*window{}}
}

// sweepEvery is how many calls pass between removals of expired windows,
// which keeps memory bounded by the subjects active in the last window.
const sweepEvery = 1024

// Allow counts one action for every subject (e.g. "user:ID" and "ip:ADDR")
// if none of them is over its limit; else it counts nothing and says how
// long until the action is allowed again. An unknown action falls under
// Writes.
func (l *Limiter) Allow(action string, subjects ...string) (bool, time.Duration) {
	lim, ok := l.limits[action]
	if !ok {
		action, lim = Writes, l.limits[Writes]
	}
	if lim.N <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	var wait time.Duration
	ws := make([]*window, len(subjects))
	for i, s := range subjects {
		k := action + "\x00" + s
		w := l.counts[k]
		if w == nil || !now.Before(w.start.Add(lim.Per)) {
			w = &window{start: now}
			l.counts[k] = w
		}
		if w.count >= lim.N {
			wait = max(wait, w.start.Add(lim.Per).Sub(now))
		}
		ws[i] = w
	}
	if wait > 0 {
		return false, wait
	}
	for _, w := range ws {
		w.count++
	}
	return true, 0
}

func (l *Limiter) sweep(now time.Time) {
	l.calls++
	if l.calls%sweepEvery != 0 {
		return
	}
	for k, w := range l.counts {
		action, _, _ := strings.Cut(k, "\x00")
		if !now.Before(w.start.Add(l.limits[action].Per)) {
			delete(l.counts, k)
		}
	}
}
