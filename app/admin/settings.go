package admin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/municipality"
)

// Settings are the municipality's settings as the console edits them.
type Settings struct {
	Name, LogoURL, PrimaryColor, AccentColor, PrivacyContact string
}

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Settings returns the current settings.
func (s *Service) Settings(ctx context.Context, actor account.User) (Settings, error) {
	if err := mustAdmin(actor); err != nil {
		return Settings{}, err
	}
	var r municipality.Settings
	err := s.db.NewSelect().Model(&r).Where("id = 1").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{Name: "Buurtboost"}, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("municipality settings: %w", err)
	}
	return Settings{Name: r.Name, LogoURL: r.LogoURL, PrimaryColor: r.PrimaryColor, AccentColor: r.AccentColor,
		PrivacyContact: r.PrivacyContact}, nil
}

// SaveSettings checks and stores the settings, audited. Field errors name
// the form fields name, logo_url, primary_color, accent_color and
// privacy_contact.
func (s *Service) SaveSettings(ctx context.Context, actor account.User, in Settings) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	in, errs := checkSettings(in)
	if len(errs) > 0 {
		return apperr.InvalidFields(errs)
	}
	now := s.now().UTC()
	r := municipality.Settings{ID: 1, Name: in.Name, LogoURL: in.LogoURL, PrimaryColor: in.PrimaryColor,
		AccentColor: in.AccentColor, PrivacyContact: in.PrivacyContact, UpdatedAt: now}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewInsert().Model(&r).On("CONFLICT (id) DO UPDATE").
			Set("name = EXCLUDED.name, logo_url = EXCLUDED.logo_url").
			Set("primary_color = EXCLUDED.primary_color, accent_color = EXCLUDED.accent_color").
			Set("privacy_contact = EXCLUDED.privacy_contact, updated_at = EXCLUDED.updated_at").Exec(ctx)
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.SettingsChanged,
			SubjectKind: "municipality", CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("save municipality settings: %w", err)
	}
	return nil
}

func checkSettings(in Settings) (Settings, map[string]string) {
	errs := map[string]string{}
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		errs["name"] = "admin.settings.name.required"
	case n > NameMax:
		errs["name"] = "admin.settings.name.too_long"
	}
	in.LogoURL = strings.TrimSpace(in.LogoURL)
	if in.LogoURL != "" && !httpsURL(in.LogoURL) {
		errs["logo_url"] = "admin.settings.logo_url.invalid"
	}
	for field, v := range map[string]*string{"primary_color": &in.PrimaryColor, "accent_color": &in.AccentColor} {
		*v = strings.ToLower(strings.TrimSpace(*v))
		if *v != "" && !hexColour.MatchString(*v) {
			errs[field] = "admin.settings.colour.invalid"
		}
	}
	// The primary colour is the header's and the buttons' background under
	// white text, and the links' text colour: too light a colour fails one
	// or the other, whatever the foreground, so it is refused. The accent
	// is decoration only; its foreground is worked out (web's house style).
	if c, err := municipality.ParseColour(in.PrimaryColor); err == nil && !municipality.PrimaryReadable(c) {
		errs["primary_color"] = "admin.settings.primary_color.contrast"
	}
	in.PrivacyContact = strings.TrimSpace(in.PrivacyContact)
	if c := in.PrivacyContact; c != "" && !httpsURL(c) && !plainEmail(c) {
		errs["privacy_contact"] = "admin.settings.privacy_contact.invalid"
	}
	return in, errs
}

// httpsURL: an absolute https address of at most 500 characters, with a
// host and nothing that could break out of an attribute.
func httpsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && len(s) <= 500 && u.Scheme == "https" && u.Host != "" && u.User == nil &&
		!strings.ContainsAny(s, " \"'<>")
}

// plainEmail: a bare address such as privacy@gemeente.nl.
func plainEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && len(s) <= 254
}
