package apitoken_test

import (
	"slices"
	"testing"

	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/i18n"
)

// The audit log page names the token actions, and the service's field
// errors are shown, in both languages.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"apitoken.name_required", "apitoken.name_invalid"}
	for _, a := range []audit.Action{audit.TokenCreated, audit.TokenRevoked} {
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
