package dashboard

import (
	"math"
	"reflect"
	"testing"
)

// A day survives encoding, whatever the size of its numbers; a damaged
// one is refused, not misread.
func TestDayEncoding(t *testing.T) {
	in := dayEntries{kinds: []string{"support_given", "attended"}, entries: []entry{
		{kind: 1, nb: 1, theme: 0, actor: 127, initiative: 128, idea: 0, n: 1, minutes: -90},
		{kind: 0, nb: 3, theme: 4, actor: 16383, initiative: 16384, idea: 2097151, n: 300, minutes: 0},
		{kind: 0, nb: 3, theme: 4, actor: 2097152, initiative: math.MaxInt32 - 1, idea: 5, n: 1, minutes: math.MaxInt32},
	}}
	b := in.encode()
	var out dayEntries
	if err := decodeDay(b, math.MaxInt32, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) { // encode sorted in's entries in place
		t.Errorf("decoded %+v, want %+v", out, in)
	}
	for _, bad := range [][]byte{nil, {9}, b[:len(b)-1], append(append([]byte{}, b...), 0x80)} {
		if err := decodeDay(bad, math.MaxInt32, &out); err == nil {
			t.Errorf("%x decoded without error", bad)
		}
	}
	if err := decodeDay(b, 100, &out); err == nil {
		t.Error("ids beyond the key space decoded without error")
	}
}
