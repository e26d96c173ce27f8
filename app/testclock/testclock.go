// Package testclock is a clock tests set and move: services take a
// func() time.Time, and a test passes Clock.Now to decide what time it is.
// It is safe for concurrent use, as the concurrency tests need.
package testclock

import (
	"sync"
	"time"
)

// T0 is when most tests' clocks start: whole seconds, which both databases
// store exactly.
var T0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	cur time.Time
}

// New returns a clock standing at t.
func New(t time.Time) *Clock { return &Clock{cur: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur = c.cur.Add(d)
}
