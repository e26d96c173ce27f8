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
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", apperr.InvalidFields(map[string]string{"name": "account.name.required"})
	case n > MaxNameLen:
		return "", apperr.InvalidFields(map[string]string{"name": "account.name.too_long"})
	}
	return s, nil
}

// nameFromProvider makes a display name from what a provider gave: the name,
// cut to MaxNameLen, or "Buurtbewoner" plus a short suffix when it is empty.
func nameFromProvider(s string) string {
	if name, err := CleanName(s); err == nil {
		return name
	}
	if name, err := CleanName(truncate(s, MaxNameLen)); err == nil {
		return name
	}
	return "Buurtbewoner " + suffix()
}

func truncate(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
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
