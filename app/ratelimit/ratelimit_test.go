package ratelimit

import (
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLimitAndRecovery(t *testing.T) {
	c := &clock{time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	l := New(Limits{Ideas: {3, time.Hour}, Writes: {100, time.Hour}}, c.now)
	for i := range 3 {
		if ok, _ := l.Allow(Ideas, "user:a", "ip:1"); !ok {
			t.Fatalf("idea %d refused", i+1)
		}
	}
	c.t = c.t.Add(10 * time.Minute)
	ok, wait := l.Allow(Ideas, "user:a", "ip:1")
	if ok || wait != 50*time.Minute {
		t.Fatalf("fourth idea: ok=%v wait=%v; want refused, 50m", ok, wait)
	}
	if ok, _ := l.Allow(Writes, "user:a", "ip:1"); !ok {
		t.Error("another action shares the ideas window")
	}
	c.t = c.t.Add(50 * time.Minute)
	if ok, _ := l.Allow(Ideas, "user:a", "ip:1"); !ok {
		t.Error("not allowed again after the window")
	}
}

func TestPerUserAndPerIP(t *testing.T) {
	c := &clock{time.Unix(0, 0)}
	l := New(Limits{Comments: {2, time.Minute}, Writes: {100, time.Hour}}, c.now)
	l.Allow(Comments, "user:a", "ip:1")
	l.Allow(Comments, "user:a", "ip:1")
	if ok, _ := l.Allow(Comments, "user:a", "ip:2"); ok {
		t.Error("user a dodged the limit from another IP")
	}
	if ok, _ := l.Allow(Comments, "user:b", "ip:1"); ok {
		t.Error("user b allowed from an IP over its limit")
	}
	if ok, _ := l.Allow(Comments, "user:b", "ip:2"); !ok {
		t.Error("another user from another IP refused")
	}
	// A refused call counts nothing: user b on ip:2 has used one of two.
	if ok, _ := l.Allow(Comments, "user:b", "ip:3"); !ok {
		t.Error("refused calls were counted")
	}
}

func TestUnknownActionIsWrites(t *testing.T) {
	l := New(Limits{Writes: {1, time.Hour}}, time.Now)
	l.Allow("whatever", "ip:1")
	if ok, _ := l.Allow(Writes, "ip:1"); ok {
		t.Error("an unknown action was not counted as a write")
	}
}

func TestSweepKeepsLiveWindows(t *testing.T) {
	c := &clock{time.Unix(0, 0)}
	l := New(Limits{Writes: {1, time.Minute}}, c.now)
	l.Allow(Writes, "ip:old")
	c.t = c.t.Add(2 * time.Minute)
	l.Allow(Writes, "ip:live")
	for i := range sweepEvery {
		l.Allow(Writes, "ip:x"+string(rune('a'+i%26)))
	}
	if _, ok := l.counts[Writes+"\x00ip:old"]; ok {
		t.Error("expired window kept")
	}
	if ok, _ := l.Allow(Writes, "ip:live"); ok {
		t.Error("live window swept")
	}
}

func TestParse(t *testing.T) {
	ls, err := Parse(" ideas=2/m , supports=5/s,writes=10/d")
	if err != nil {
		t.Fatal(err)
	}
	if ls[Ideas] != (Limit{2, time.Minute}) || ls[Supports] != (Limit{5, time.Second}) ||
		ls[Writes] != (Limit{10, 24 * time.Hour}) || ls[Comments] != Defaults()[Comments] {
		t.Errorf("Parse = %v", ls)
	}
	if ls[Ideas].String() != "2/m" {
		t.Errorf("String = %q", ls[Ideas].String())
	}
	for _, bad := range []string{"idea=1/h", "ideas=0/h", "ideas=x/h", "ideas=1/w", "ideas", "ideas=1"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}
