package embedded_test

import (
	"context"
	"testing"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/search/embedded"
	"github.com/buurtboost/buurtboost/app/search/searchtest"
)

// FuzzSearch throws arbitrary query text at the embedded engine on SQLite
// (FTS5 has the touchiest query syntax): no text may make it fail. The
// seeds are FTS5 and tsquery operators; .ci/fuzz-search runs it for a
// minute and keeps what it finds in testdata/fuzz.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"moestuin", `"moestuin`, `moes*`, `title:moestuin`, `-moestuin`, `moestuin NEAR school`,
		`NEAR(a b, 3)`, `(moestuin`, `moestuin)`, `AND OR NOT`, `^moestuin`, `{title body}: x`, `a:* & b | !c`,
		`'; DROP TABLE search_index; --`, `\`, `%_`, "café", "\x00", "\xff\xfe", "ǅ ß ﬁ İ", "moestiun"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	e := embedded.New(dbtest.SQLite(f))
	if err := e.Index(context.Background(), searchtest.Fixture()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, anyWord bool) {
		res, err := e.Search(context.Background(), search.Query{Text: text, AnyWord: anyWord})
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		if res.Total < len(res.Hits) {
			t.Fatalf("search %q: total %d below %d hits", text, res.Total, len(res.Hits))
		}
	})
}
