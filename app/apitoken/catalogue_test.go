package apitoken_test

import (
	"testing"

	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/i18n/i18ntest"
)

// The audit log page names the token actions, and the service's field
// errors are shown, in both languages.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	keys := []string{"apitoken.name_required", "apitoken.name_invalid"}
	for _, a := range []audit.Action{audit.TokenCreated, audit.TokenRevoked} {
		keys = append(keys, "admin.audit.action."+string(a))
	}
	i18ntest.RequireKeys(t, keys)
}
