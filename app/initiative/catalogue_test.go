package initiative_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// The keys of the package's errors, the update form and the status labels
// are in both catalogues; the form keys are checked case by case in
// TestCreateValidatesEveryField.
func TestMessageKeysAreInTheCatalogues(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"initiative.update.body.required", "initiative.update.body.too_long", "initiative.update.body.invalid"}
	for _, e := range []error{initiative.ErrNotFound, initiative.ErrNotOrganiser, initiative.ErrResidentsOnly,
		initiative.ErrInviteInvalid, initiative.ErrLastOrganiser} {
		var ae *apperr.Error
		if !errors.As(e, &ae) {
			t.Fatalf("%v is no *apperr.Error", e)
		}
		keys = append(keys, ae.Key)
	}
	for _, st := range initiative.Statuses() {
		keys = append(keys, "initiative.status."+string(st))
	}
	for _, lang := range i18n.Languages() {
		for _, k := range keys {
			if !slices.Contains(c.Keys(lang), k) {
				t.Errorf("%s catalogue lacks %q", lang, k)
			}
		}
	}
}
