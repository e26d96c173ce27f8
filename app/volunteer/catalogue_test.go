package volunteer_test

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/buurtboost/buurtboost/app/i18n/i18ntest"
	"github.com/buurtboost/buurtboost/app/volunteer"
	"github.com/buurtboost/buurtboost/views"
)

// Every volunteer.* key the package and the views name, and every key
// they compose from a state or status, is in both catalogues.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	keyRE := regexp.MustCompile(`"(volunteer\.[a-z_.]+[a-z_])"`)
	var keys []string
	add := func(src string) {
		for _, m := range keyRE.FindAllStringSubmatch(src, -1) {
			keys = append(keys, m[1])
		}
	}
	files, _ := os.ReadDir(".")
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".go") && !strings.HasSuffix(f.Name(), "_test.go") {
			src, err := os.ReadFile(f.Name())
			if err != nil {
				t.Fatal(err)
			}
			add(string(src))
		}
	}
	err := fs.WalkDir(views.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(views.FS(), p)
		add(string(src))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range volunteer.Errors() {
		keys = append(keys, e.Key)
	}
	for _, f := range []string{"description", "place", "bring"} {
		keys = append(keys, "volunteer."+f+".too_long")
	}
	for _, st := range []string{"planned", "cancelled", "held"} {
		keys = append(keys, "volunteer.status."+st)
	}
	for _, st := range []string{"going", "waiting", "not_going", "confirmed", "removed", "showed_up", "no_show"} {
		keys = append(keys, "volunteer.state."+st)
	}
	for _, st := range []string{"going", "waiting", "not_going"} {
		keys = append(keys, "volunteer.rsvp.you."+st)
	}
	for _, st := range []string{"confirmed", "waiting", "removed"} {
		keys = append(keys, "volunteer.signup.you."+st)
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys; is the pattern right?", len(keys))
	}
	i18ntest.RequireKeys(t, keys)
}
