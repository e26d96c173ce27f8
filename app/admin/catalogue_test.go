package admin_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/i18n"
)

// Every message key this package returns, and every audited action the
// log page names, is in both catalogues.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`"((?:admin|error)\.[a-z0-9_.]+)"`)
	var keys []string
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(data), -1) {
			keys = append(keys, m[1])
		}
	}
	if len(keys) < 15 {
		t.Fatalf("found only %d keys in the package; is the pattern right?", len(keys))
	}
	for _, a := range []audit.Action{audit.AccountDeleted, audit.RoleChanged, audit.UserBlocked, audit.UserUnblocked, audit.NeighbourhoodsImported, audit.SettingsChanged, audit.ThemeCreated, audit.ThemeChanged, audit.ReportsDismissed, audit.ContentHidden} {
		keys = append(keys, "admin.audit.action."+string(a))
	}
	for _, lang := range i18n.Languages() {
		for _, k := range keys {
			if !slices.Contains(c.Keys(lang), k) {
				t.Errorf("%s catalogue lacks %q", lang, k)
			}
		}
	}
}
