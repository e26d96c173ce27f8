package privacy_test

import (
	"regexp"
	"testing"

	"github.com/buurtboost/buurtboost/app/i18n/i18ntest"
)

// Every message key this package returns is in both catalogues.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	i18ntest.RequireKeys(t, i18ntest.KeysInSource(t, regexp.MustCompile(`"((?:privacy|error)\.[a-z0-9_.]+)"`), 3))
}
