package idea_test

import (
	"regexp"
	"testing"

	"github.com/buurtboost/buurtboost/app/i18n/i18ntest"
	"github.com/buurtboost/buurtboost/app/idea"
)

// Every message key this package can return, and every status, sort and
// report reason a page shows, is in both catalogues.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	keys := i18ntest.KeysInSource(t, regexp.MustCompile(`"((?:idea|error)\.[a-z_.]+)"`), 20)
	for _, s := range idea.Statuses() {
		keys = append(keys, "idea.status."+string(s))
	}
	for _, s := range []string{idea.SortTrending, idea.SortSupported, idea.SortNewest} {
		keys = append(keys, "idea.sort."+s)
	}
	for _, r := range idea.ReportReasons() {
		keys = append(keys, "idea.report.reason."+r)
	}
	i18ntest.RequireKeys(t, keys)
}
