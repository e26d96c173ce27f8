// Package i18ntest checks, in a package's tests, that the message keys the
// package names are in every catalogue.
package i18ntest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/i18n"
)

// KeysInSource returns what re's first group matches in the non-test Go
// files of the test's package (its working directory). Finding fewer than
// atLeast fails the test: the pattern is then probably wrong.
func KeysInSource(t testing.TB, re *regexp.Regexp, atLeast int) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			keys = append(keys, m[1])
		}
	}
	if len(keys) < atLeast {
		t.Fatalf("found only %d keys in the package; is the pattern %s right?", len(keys), re)
	}
	return keys
}

// RequireKeys fails t for every key a language's catalogue lacks.
func RequireKeys(t testing.TB, keys []string) {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Languages() {
		have := map[string]bool{}
		for _, k := range c.Keys(lang) {
			have[k] = true
		}
		for _, k := range keys {
			if !have[k] {
				t.Errorf("%s catalogue lacks %q", lang, k)
			}
		}
	}
}
