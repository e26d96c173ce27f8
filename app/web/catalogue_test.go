package web

import (
	"io/fs"
	"regexp"
	"slices"
	"testing"

	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/views"
)

// Every literal message key a view uses must exist in both catalogues, and
// so must every key the handlers build (error pages, statements).
func TestViewsUseOnlyKnownMessageKeys(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`\bt "([a-z0-9_.]+)"`)
	var keys []string
	err = fs.WalkDir(views.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(views.FS(), p)
		for _, m := range keyRE.FindAllStringSubmatch(string(data), -1) {
			keys = append(keys, m[1])
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for code := range errorPages {
		keys = append(keys, errorKeys(code)...)
	}
	for _, sv := range []statementView{privacyView("privacy@example.nl", 365), privacyView("", 0), accessibilityView()} {
		keys = append(keys, sv.Title, sv.Intro)
		for _, s := range sv.Sections {
			keys = append(keys, s.Title, s.Body)
		}
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d keys; is the pattern right?", len(keys))
	}
	for _, lang := range i18n.Languages() {
		for _, k := range keys {
			if !slices.Contains(c.Keys(lang), k) {
				t.Errorf("%s catalogue lacks %q", lang, k)
			}
		}
	}
}
