package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/db"
	"github.com/buurtboost/buurtboost/app/search"
	"github.com/buurtboost/buurtboost/app/search/embedded"
)

func TestReindexRebuildsTheSearchIndex(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_URL": filepath.Join(t.TempDir(), "bb.db")}
	if _, _, err := run(t, env, "migrate", "up"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, env, "seed", "--demo"); err != nil {
		t.Fatal(err)
	}
	// The seed indexes the demo content itself.
	bdb, err := db.Open(context.Background(), env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	res, err := embedded.New(bdb).Search(context.Background(), search.Query{Text: "moestuin"})
	if err != nil || res.Total == 0 {
		t.Errorf("after seeding, search finds %d for moestuin (%v)", res.Total, err)
	}
	out, stderr, err := run(t, env, "reindex")
	if err != nil {
		t.Fatalf("reindex: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "search index rebuilt and swapped in") || !strings.Contains(stderr, "reindex") ||
		!strings.Contains(stderr, "100%") {
		t.Errorf("stdout %q\nstderr %q", out, stderr)
	}
}
