package admin_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/admin"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/municipality"
)

func TestSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		root := f.user("Sam Beheer", account.Admin)
		in := admin.Settings{Name: "  Gemeente   Voorbeeld ", LogoURL: "https://www.voorbeeld.nl/logo.svg",
			PrimaryColor: "#01689B", AccentColor: "", PrivacyContact: "privacy@voorbeeld.nl"}
		if err := f.svc.SaveSettings(f.ctx, root, in); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Settings(f.ctx, root)
		want := admin.Settings{Name: "Gemeente Voorbeeld", LogoURL: "https://www.voorbeeld.nl/logo.svg",
			PrimaryColor: "#01689b", PrivacyContact: "privacy@voorbeeld.nl"}
		if err != nil || got != want {
			t.Errorf("settings = %+v, %v; want %+v", got, err, want)
		}
		// The rest of the platform reads the same row.
		st, err := municipality.NewService(bdb, nil).Settings(f.ctx)
		if err != nil || st.Name != "Gemeente Voorbeeld" || st.PrimaryColor != "#01689b" || st.PrivacyContact != "privacy@voorbeeld.nl" {
			t.Errorf("municipality settings = %+v, %v", st, err)
		}
		bad := admin.Settings{Name: strings.Repeat("x", 81), LogoURL: "javascript:alert(1)", PrimaryColor: "blue",
			AccentColor: "#12345", PrivacyContact: "Privacy <privacy@voorbeeld.nl>"}
		err = f.svc.SaveSettings(f.ctx, root, bad)
		var ae *apperr.Error
		wantFields := map[string]string{"name": "admin.settings.name.too_long", "logo_url": "admin.settings.logo_url.invalid",
			"primary_color": "admin.settings.colour.invalid", "accent_color": "admin.settings.colour.invalid",
			"privacy_contact": "admin.settings.privacy_contact.invalid"}
		if !errors.As(err, &ae) || !reflect.DeepEqual(ae.Fields, wantFields) {
			t.Errorf("bad settings: %v", err)
		}
		err = f.svc.SaveSettings(f.ctx, root, admin.Settings{Name: " ", LogoURL: "http://voorbeeld.nl/logo.png", PrivacyContact: "https://voorbeeld.nl/privacy"})
		if !errors.As(err, &ae) || len(ae.Fields) != 2 || ae.Fields["name"] != "admin.settings.name.required" || ae.Fields["logo_url"] == "" {
			t.Errorf("empty name and http logo: %v", err)
		}
		// Too light a primary colour is refused, whatever the accent: white
		// on it, and links in it, would be unreadable. The accent is
		// decoration and may be light.
		err = f.svc.SaveSettings(f.ctx, root, admin.Settings{Name: "Gemeente Geel", PrimaryColor: "#F5B400", AccentColor: "#f5b400"})
		if !errors.As(err, &ae) || !reflect.DeepEqual(ae.Fields, map[string]string{"primary_color": "admin.settings.primary_color.contrast"}) {
			t.Errorf("a yellow primary colour: %v", err)
		}
		if got, _ := f.svc.Settings(f.ctx, root); got != want {
			t.Errorf("refused settings changed them: %+v", got)
		}
		if es, _ := audit.List(f.ctx, bdb, 5); len(es) != 1 || es[0].Action != audit.SettingsChanged {
			t.Errorf("audit = %+v", es)
		}
		wantErr(t, "staff saving settings", f.svc.SaveSettings(f.ctx, f.user("Wim", account.Staff), in), apperr.Forbidden, "admin.forbidden")
	})
}
