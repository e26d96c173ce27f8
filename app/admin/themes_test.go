package admin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

func TestThemes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		groen, err := f.svc.CreateTheme(f.ctx, root, admin.ThemeInput{LabelNL: " Groen  en water ", LabelEN: "Green and water"})
		if err != nil || groen.Slug != "groen-en-water" || groen.LabelNL != "Groen en water" {
			t.Fatalf("create = %+v, %v", groen, err)
		}
		again, err := f.svc.CreateTheme(f.ctx, root, admin.ThemeInput{LabelNL: "Groen en water", LabelEN: "Nature"})
		if err != nil || again.Slug != "groen-en-water-2" {
			t.Errorf("second theme with the same name: %+v, %v", again, err)
		}
		if err := f.svc.UpdateTheme(f.ctx, root, groen.ID, admin.ThemeInput{LabelNL: "Groen", LabelEN: "Green"}); err != nil {
			t.Fatal(err)
		}
		ts, err := f.svc.Themes(f.ctx, root)
		if err != nil || len(ts) != 2 || ts[0].LabelNL != "Groen" || ts[0].Slug != "groen-en-water" || ts[0].LabelEN != "Green" {
			t.Errorf("themes = %+v, %v; want the slug kept", ts, err)
		}
		var ae *apperr.Error
		_, err = f.svc.CreateTheme(f.ctx, root, admin.ThemeInput{LabelNL: "", LabelEN: strings.Repeat("x", 41)})
		if !errors.As(err, &ae) || ae.Fields["label_nl"] != "admin.themes.label.required" || ae.Fields["label_en"] != "admin.themes.label.too_long" {
			t.Errorf("bad labels: %v", err)
		}
		wantErr(t, "updating an unknown theme", f.svc.UpdateTheme(f.ctx, root, uuid.New(), admin.ThemeInput{LabelNL: "a", LabelEN: "b"}),
			apperr.NotFound, "error.not_found")
		_, err = f.svc.CreateTheme(f.ctx, f.user("Wim", account.Staff), admin.ThemeInput{LabelNL: "a", LabelEN: "b"})
		wantErr(t, "staff adding a theme", err, apperr.Forbidden, "admin.forbidden")
		es, _ := audit.List(f.ctx, bdb, 10)
		if len(es) != 3 || es[0].Action != audit.ThemeChanged || es[0].Reason != "Groen en water → Groen" {
			t.Errorf("audit = %+v", es)
		}
	})
}
