package demo

import (
	"encoding/binary"
	"time"

	"github.com/google/uuid"
)

// between returns a time in [lo, hi), to the millisecond. skew above 1
// favours times close to lo (most support comes soon after an idea).
func (g *generator) between(lo, hi time.Time, skew int) time.Time {
	d := hi.Sub(lo)
	if d <= time.Millisecond {
		return lo
	}
	u := g.rng.Float64()
	for range skew - 1 {
		u *= g.rng.Float64()
	}
	return lo.Add(time.Duration(float64(d) * u)).Truncate(time.Millisecond)
}

// later is a time after lo and before now, favouring soon after lo.
func (g *generator) later(lo time.Time) time.Time {
	return g.between(lo.Add(time.Minute), g.now.Add(-time.Minute), 2)
}

// id makes a UUIDv7 for a row made at t: its time part is t, so ids sort
// like the rows' times, as ids made at the moment would.
func (g *generator) id(t time.Time) uuid.UUID {
	var u uuid.UUID
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(t.UnixMilli()))
	copy(u[:6], ms[2:])
	binary.BigEndian.PutUint64(u[8:], g.rng.Uint64())
	r := g.rng.Uint32()
	u[6] = 0x70 | byte(r&0x0f) // version 7
	u[7] = byte(r >> 8)
	u[8] = 0x80 | u[8]&0x3f // RFC 4122 variant
	return u
}

// weighted draws an index with probability proportional to its weight.
func (g *generator) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := g.rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
