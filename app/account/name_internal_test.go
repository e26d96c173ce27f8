package account

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNameFromProvider(t *testing.T) {
	t.Parallel()
	generated := regexp.MustCompile(`^Buurtbewoner [abcdefghjkmnpqrstuvwxyz23456789]{4}$`)
	for _, c := range []struct{ in, want string }{
		{"Anna de Vries", "Anna de Vries"},
		{"  Anna\x00 de\u200b Vries \n", "Anna de Vries"},
		{"Zoë Çelik", "Zoë Çelik"},
		{strings.Repeat("a", 60), strings.Repeat("a", 60)},
		{strings.Repeat("a", 61), strings.Repeat("a", 60)},
		{"   " + strings.Repeat("é", 70) + "   ", strings.Repeat("é", 60)},
		// Cut at 60 characters; the space the cut leaves at the end goes.
		{strings.Repeat("b", 59) + " t", strings.Repeat("b", 59)},
		{strings.Repeat("b", 58) + " tail", strings.Repeat("b", 58) + " t"},
	} {
		if got := nameFromProvider(c.in); got != c.want {
			t.Errorf("nameFromProvider(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, in := range []string{"", "   ", "\t\n", "\u200b\u200d\x00", strings.Repeat("\u200b", 100)} {
		if got := nameFromProvider(in); !generated.MatchString(got) {
			t.Errorf("nameFromProvider(%q) = %q, want Buurtbewoner plus a 4-character suffix", in, got)
		}
	}
	names := map[string]bool{}
	for range 20 {
		names[nameFromProvider("")] = true
	}
	if len(names) < 2 {
		t.Errorf("20 nameless neighbours all got the same name %v", names)
	}
	for range 200 {
		if got := nameFromProvider(strings.Repeat("x", 200)); utf8.RuneCountInString(got) != MaxNameLen {
			t.Fatalf("long name gave %q", got)
		}
	}
}

func TestSuffixVaries(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 20 {
		s := suffix()
		if len(s) != 4 || strings.Trim(s, "abcdefghjkmnpqrstuvwxyz23456789") != "" {
			t.Fatalf("suffix %q: want 4 characters from the unambiguous alphabet", s)
		}
		seen[s] = true
	}
	// Twenty draws from 31^4 values: all alike means no randomness at all.
	if len(seen) < 2 {
		t.Errorf("20 suffixes were all %v", seen)
	}
}

func TestSafeAvatar(t *testing.T) {
	t.Parallel()
	long := "https://img.example.com/" + strings.Repeat("a", 2000-len("https://img.example.com/"))
	for _, c := range []struct{ in, want string }{
		{"https://img.example.com/a.png", "https://img.example.com/a.png"},
		{"https://lh3.googleusercontent.com/a/x=s96-c", "https://lh3.googleusercontent.com/a/x=s96-c"},
		{long, long}, // 2000 characters
		{long + "a", ""},
		{"http://img.example.com/a.png", ""},
		{"javascript:alert(1)", ""},
		{"data:image/svg+xml,<svg/>", ""},
		{"//img.example.com/a.png", ""},
		{"ftp://img.example.com/a.png", ""},
		{"img.example.com/a.png", ""},
		{"", ""},
	} {
		if got := safeAvatar(c.in); got != c.want {
			t.Errorf("safeAvatar(%.60q) = %.60q, want %.60q", c.in, got, c.want)
		}
	}
}
