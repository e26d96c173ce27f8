package dashboard

import (
	"cmp"
	"encoding/binary"
	"errors"
	"slices"
)

// entry is one count of a day's rollup: n log rows (and their volunteer
// minutes) of one kind, neighbourhood, theme, actor, initiative and idea.
// Keys are compact ids (0 for none). Only what a figure reads is kept: the
// actor and initiative of acts of taking part, the idea of supports.
type entry struct {
	kind                               int32 // index into the day's kinds
	nb, theme, actor, initiative, idea int32
	n, minutes                         int32
}

// dayEntries is a day's rollup: its kinds and its entries.
type dayEntries struct {
	kinds   []string
	entries []entry
}

// blobVersion is the first byte of every encoded day. A new layout gets a
// new version and a migration that rolls the log up again.
const blobVersion = 1

// encode writes d as varints: the version, the kinds, then seven unsigned
// fields and the (signed) minutes of each entry. Kinds and entries are
// sorted first (in place), so that a day encodes the same whatever order
// its rows came in.
func (d dayEntries) encode() []byte {
	sorted := slices.Sorted(slices.Values(d.kinds))
	index := make([]int32, len(d.kinds))
	for i, k := range d.kinds {
		index[i] = int32(slices.Index(sorted, k))
	}
	for i := range d.entries {
		d.entries[i].kind = index[d.entries[i].kind]
	}
	copy(d.kinds, sorted)
	slices.SortFunc(d.entries, compareEntries)
	b := make([]byte, 0, 16+len(d.entries)*12)
	b = append(b, blobVersion)
	b = binary.AppendUvarint(b, uint64(len(d.kinds)))
	for _, k := range d.kinds {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
	}
	for _, e := range d.entries {
		for _, v := range [...]int32{e.kind, e.nb, e.theme, e.actor, e.initiative, e.idea, e.n} {
			b = binary.AppendUvarint(b, uint64(v))
		}
		b = binary.AppendVarint(b, int64(e.minutes))
	}
	return b
}

func compareEntries(a, b entry) int {
	return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.nb, b.nb), cmp.Compare(a.theme, b.theme),
		cmp.Compare(a.actor, b.actor), cmp.Compare(a.initiative, b.initiative), cmp.Compare(a.idea, b.idea))
}

var errBadBlob = errors.New("dashboard: malformed rollup")

// decodeDay reads an encoded day into d, reusing its slices. maxID bounds
// the ids (the key space's size), so that a count can index by them.
func decodeDay(b []byte, maxID int32, d *dayEntries) error {
	d.kinds, d.entries = d.kinds[:0], d.entries[:0]
	if len(b) == 0 || b[0] != blobVersion {
		return errBadBlob
	}
	r := varintReader{b: b, i: 1}
	nk := r.uvarint()
	for range nk {
		l := int(r.uvarint())
		if r.bad || l > len(b)-r.i {
			return errBadBlob
		}
		d.kinds = append(d.kinds, string(b[r.i:r.i+l]))
		r.i += l
	}
	for r.i < len(b) && !r.bad {
		e := entry{kind: int32(r.uvarint()), nb: int32(r.uvarint()), theme: int32(r.uvarint()),
			actor: int32(r.uvarint()), initiative: int32(r.uvarint()), idea: int32(r.uvarint()),
			n: int32(r.uvarint()), minutes: int32(r.varint())}
		if int(e.kind) >= len(d.kinds) || max(e.nb, e.theme, e.actor, e.initiative, e.idea) >= maxID ||
			min(e.nb, e.theme, e.actor, e.initiative, e.idea) < 0 {
			return errBadBlob
		}
		d.entries = append(d.entries, e)
	}
	if r.bad {
		return errBadBlob
	}
	return nil
}

// varintReader reads varints, the one-byte ones (most) without a call.
type varintReader struct {
	b   []byte
	i   int
	bad bool
}

func (r *varintReader) uvarint() uint64 {
	// Ids take two or three bytes, counts one: those without a call.
	if b := r.b[min(r.i, len(r.b)):]; len(b) >= 3 {
		switch {
		case b[0] < 0x80:
			r.i++
			return uint64(b[0])
		case b[1] < 0x80:
			r.i += 2
			return uint64(b[0]&0x7f) | uint64(b[1])<<7
		case b[2] < 0x80:
			r.i += 3
			return uint64(b[0]&0x7f) | uint64(b[1]&0x7f)<<7 | uint64(b[2])<<14
		}
	}
	v, n := binary.Uvarint(r.b[min(r.i, len(r.b)):])
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.i += n
	return v
}

func (r *varintReader) varint() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}
