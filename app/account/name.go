package account

import (
	"crypto/rand"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/buurtboost/buurtboost/app/apperr"
)

// MaxNameLen is the longest display name, in characters.
const MaxNameLen = 60

// CleanName trims s and removes control and invisible format characters. It
// returns an Invalid error when nothing is left or it is too long.
func CleanName(s string) (string, error) {
	s = cleanChars(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", apperr.InvalidFields(map[string]string{"name": "account.name.required"})
	case n > MaxNameLen:
		return "", apperr.InvalidFields(map[string]string{"name": "account.name.too_long"})
	}
	return s, nil
}

// cleanChars drops control and format characters and collapses runs of
// white space (tabs and newlines included) into single spaces.
func cleanChars(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' ' // tabs and newlines separate words too
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// nameFromProvider makes a display name from what a provider gave: the
// cleaned name, cut to MaxNameLen, or "Buurtbewoner" plus a short suffix
// when nothing is left.
func nameFromProvider(s string) string {
	s = cleanChars(s)
	if s == "" {
		return "Buurtbewoner " + suffix()
	}
	r := []rune(s)
	if len(r) > MaxNameLen {
		r = r[:MaxNameLen]
	}
	return strings.TrimSpace(string(r))
}

// suffix is four characters that tell one nameless neighbour from another.
func suffix() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
