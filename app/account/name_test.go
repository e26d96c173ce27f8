package account_test

import (
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
)

func TestCleanName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want string
		errKey   string // the message key of the name field, when invalid
	}{
		{in: "Anna", want: "Anna"},
		{in: "  Anna de Vries \n", want: "Anna de Vries"},
		{in: "Jan   de  Vries", want: "Jan de Vries"},
		{in: "Jan\tde\nVries", want: "Jan de Vries"},
		{in: "Anna\u00a0Smit", want: "Anna Smit"},                          // no-break space is a space
		{in: "An\x00na\x07\x1b", want: "Anna"},                             // C0 controls
		{in: "Anna\u0085\u009f", want: "Anna"},                             // C1 controls
		{in: "An\u200bna", want: "Anna"},                                   // zero-width space
		{in: "\ufeffAn\u200d\u200cna\u2060", want: "Anna"},                 // BOM, zero-width (non-)joiner, word joiner
		{in: "\u202eAnna\u202c", want: "Anna"},                             // bidi override
		{in: "\u00adAnna", want: "Anna"},                                   // soft hyphen
		{in: "Zoë Çelik-Ünal", want: "Zoë Çelik-Ünal"},                     // diacritics kept
		{in: "Renée van 't Hoff-Bräuer", want: "Renée van 't Hoff-Bräuer"}, // apostrophe, umlaut
		{in: "Ĳsbrand Oosterbeek", want: "Ĳsbrand Oosterbeek"},
		{in: "Noël Één", want: "Noël Één"},
		{in: strings.Repeat("a", 60), want: strings.Repeat("a", 60)},
		{in: strings.Repeat("é", 60), want: strings.Repeat("é", 60)}, // 120 bytes, 60 characters
		{in: "  " + strings.Repeat("a", 60) + "\u200b ", want: strings.Repeat("a", 60)},
		// 61 characters in, 60 after collapsing the double space.
		{in: strings.Repeat("a", 30) + "  " + strings.Repeat("b", 29), want: strings.Repeat("a", 30) + " " + strings.Repeat("b", 29)},
		{in: "", errKey: "account.name.required"},
		{in: "   \t\n", errKey: "account.name.required"},
		{in: "\u200b\x00\ufeff", errKey: "account.name.required"},
		{in: strings.Repeat("a", 61), errKey: "account.name.too_long"},
		{in: strings.Repeat("é", 61), errKey: "account.name.too_long"},
		{in: strings.Repeat("ab ", 20) + "c", errKey: "account.name.too_long"},
	} {
		got, err := account.CleanName(c.in)
		if c.errKey == "" {
			if err != nil || got != c.want {
				t.Errorf("CleanName(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
			continue
		}
		if !apperr.Is(err, apperr.Invalid) || fieldsOf(err)["name"] != c.errKey || got != "" {
			t.Errorf("CleanName(%q) = %q, %v (fields %v); want Invalid with name %s", c.in, got, err, fieldsOf(err), c.errKey)
		}
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want account.Role
		ok   bool
	}{
		{"resident", account.Resident, true},
		{"staff", account.Staff, true},
		{"admin", account.Admin, true},
		{"Admin", "", false},
		{" staff", "", false},
		{"", "", false},
		{"root", "", false},
	} {
		if got, ok := account.ParseRole(c.in); got != c.want || ok != c.ok {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestIsCurrentComparesTheTokenHash(t *testing.T) {
	t.Parallel()
	// The SHA-256 of "abc", hex-encoded.
	sess := account.Session{ID: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}
	if !sess.IsCurrent("abc") {
		t.Error("IsCurrent(abc) = false for the session named by sha256(abc)")
	}
	if sess.IsCurrent("abd") || sess.IsCurrent("") || sess.IsCurrent(sess.ID) {
		t.Error("IsCurrent is true for a token that does not name the session")
	}
}
