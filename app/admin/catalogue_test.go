package admin_test

import (
	"regexp"
	"testing"

	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/i18n/i18ntest"
)

// Every message key this package returns, and every audited action the
// log page names, is in both catalogues.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	keys := i18ntest.KeysInSource(t, regexp.MustCompile(`"((?:admin|error)\.[a-z0-9_.]+)"`), 15)
	for _, a := range []audit.Action{audit.AccountDeleted, audit.RoleChanged, audit.UserBlocked, audit.UserUnblocked, audit.NeighbourhoodsImported, audit.SettingsChanged, audit.ThemeCreated, audit.ThemeChanged, audit.ReportsDismissed, audit.ContentHidden} {
		keys = append(keys, "admin.audit.action."+string(a))
	}
	i18ntest.RequireKeys(t, keys)
}
