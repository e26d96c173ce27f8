package initiative_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/i18n"
	"github.com/buurtboost/buurtboost/app/initiative"
)

// A validation case changes a valid form and names the one field that is
// then wrong and its message key; field "" means the form stays valid.
type formCase struct {
	name   string
	change func(f *fixture, in *initiative.Input)
	field  string
	key    string
}

func setTitle(s string) func(*fixture, *initiative.Input) {
	return func(_ *fixture, in *initiative.Input) { in.Title = s }
}

func setSummary(s string) func(*fixture, *initiative.Input) {
	return func(_ *fixture, in *initiative.Input) { in.Summary = s }
}

func setDescription(s string) func(*fixture, *initiative.Input) {
	return func(_ *fixture, in *initiative.Input) { in.Description = s }
}

func setLinks(l initiative.Links) func(*fixture, *initiative.Input) {
	return func(_ *fixture, in *initiative.Input) { in.Links = l }
}

func setThemes(pick func(f *fixture) []string) func(*fixture, *initiative.Input) {
	return func(f *fixture, in *initiative.Input) { in.ThemeIDs = pick(f) }
}

func formCases() []formCase {
	long := strings.Repeat("a", 490)
	return []formCase{
		{"title of 5 characters", setTitle("Plein"), "", ""},
		{"title of 90 two-byte characters", setTitle(strings.Repeat("é", 90)), "", ""},
		{"title empty", setTitle(""), "title", "initiative.title.required"},
		{"title only spaces", setTitle("   "), "title", "initiative.title.required"},
		{"title of 4 characters", setTitle("Tuin"), "title", "initiative.title.too_short"},
		{"title of 4 characters padded with spaces", setTitle("  Tuin  "), "title", "initiative.title.too_short"},
		{"title of 91 characters", setTitle(strings.Repeat("é", 91)), "title", "initiative.title.too_long"},
		{"title on two lines", setTitle("Groen\nplein"), "title", "initiative.title.single_line"},
		{"title with a control character", setTitle("Groen\aplein"), "title", "initiative.title.invalid"},
		{"title not UTF-8", setTitle("Groen \xff plein"), "title", "initiative.title.invalid"},

		{"summary of 160 characters", setSummary(strings.Repeat("ë", 160)), "", ""},
		{"summary empty", setSummary(" "), "summary", "initiative.summary.required"},
		{"summary of 161 characters", setSummary(strings.Repeat("ë", 161)), "summary", "initiative.summary.too_long"},
		{"summary on two lines", setSummary("Eén\r\ntwee"), "summary", "initiative.summary.single_line"},
		{"summary with a control character", setSummary("Eén\x1btwee"), "summary", "initiative.summary.invalid"},

		{"description with lines and tabs", setDescription("Eén\n\ttwee\r\ndrie"), "", ""},
		{"description of 10000 characters", setDescription(strings.Repeat("ü", 10000)), "", ""},
		{"description empty", setDescription("\n\n"), "description", "initiative.description.required"},
		{"description of 10001 characters", setDescription(strings.Repeat("ü", 10001)), "description", "initiative.description.too_long"},
		{"description with a NUL", setDescription("a\x00b"), "description", "initiative.description.invalid"},

		{"neighbourhood empty", func(_ *fixture, in *initiative.Input) { in.NeighbourhoodID = "" }, "neighbourhood", "initiative.neighbourhood.required"},
		{"neighbourhood not an id", func(_ *fixture, in *initiative.Input) { in.NeighbourhoodID = "centrum" }, "neighbourhood", "initiative.neighbourhood.unknown"},
		{"neighbourhood unknown", func(_ *fixture, in *initiative.Input) { in.NeighbourhoodID = uuid.NewString() }, "neighbourhood", "initiative.neighbourhood.unknown"},

		{"three themes", setThemes(func(f *fixture) []string { return ids(f.themes[:3]) }), "", ""},
		{"a theme ticked twice counts once", setThemes(func(f *fixture) []string { return ids(append(f.themes[:3:3], f.themes[0])) }), "", ""},
		{"no theme", setThemes(func(*fixture) []string { return nil }), "themes", "initiative.themes.required"},
		{"four themes", setThemes(func(f *fixture) []string { return ids(f.themes) }), "themes", "initiative.themes.too_many"},
		{"unknown theme", setThemes(func(f *fixture) []string { return []string{f.themes[0].String(), uuid.NewString()} }), "themes", "initiative.themes.unknown"},
		{"theme not an id", setThemes(func(*fixture) []string { return []string{"groen"} }), "themes", "initiative.themes.unknown"},

		{"all links right", setLinks(initiative.Links{Website: "https://groenplein.nl/over-ons?x=1", Facebook: "https://www.facebook.com/groenplein",
			Instagram: "https://www.instagram.com/groenplein", X: "https://x.com/groenplein", WhatsApp: "https://chat.whatsapp.com/AbCdEf"}), "", ""},
		{"other hosts that fit their kind", setLinks(initiative.Links{Website: "http://example.org", Facebook: "https://m.facebook.com/g",
			Instagram: "https://instagram.com/g", X: "https://mobile.twitter.com/g", WhatsApp: "https://wa.me/31612345678"}), "", ""},
		{"fb.com", setLinks(initiative.Links{Facebook: "https://fb.com/g"}), "", ""},
		{"link of 500 characters", setLinks(initiative.Links{Website: "https://example.nl/" + long[:500-19]}), "", ""},
		{"link of 501 characters", setLinks(initiative.Links{Website: "https://example.nl/" + long[:501-19]}), "website_url", "initiative.link.too_long"},
		{"website without scheme", setLinks(initiative.Links{Website: "www.groenplein.nl"}), "website_url", "initiative.link.invalid"},
		{"website over ftp", setLinks(initiative.Links{Website: "ftp://groenplein.nl"}), "website_url", "initiative.link.invalid"},
		{"javascript URL", setLinks(initiative.Links{Website: "javascript:alert(1)"}), "website_url", "initiative.link.invalid"},
		{"website without host", setLinks(initiative.Links{Website: "https:///pad"}), "website_url", "initiative.link.invalid"},
		{"website with user info", setLinks(initiative.Links{Website: "https://ik:geheim@groenplein.nl"}), "website_url", "initiative.link.invalid"},
		{"website with a space", setLinks(initiative.Links{Website: "https://groenplein.nl/a b"}), "website_url", "initiative.link.invalid"},
		{"facebook on another host", setLinks(initiative.Links{Facebook: "https://notfacebook.com/g"}), "facebook_url", "initiative.facebook_url.host"},
		{"facebook as a subdomain elsewhere", setLinks(initiative.Links{Facebook: "https://facebook.com.example.nl/g"}), "facebook_url", "initiative.facebook_url.host"},
		{"facebook without scheme", setLinks(initiative.Links{Facebook: "facebook.com/g"}), "facebook_url", "initiative.link.invalid"},
		{"instagram on another host", setLinks(initiative.Links{Instagram: "https://example.com/g"}), "instagram_url", "initiative.instagram_url.host"},
		{"x on another host", setLinks(initiative.Links{X: "https://xx.com/g"}), "x_url", "initiative.x_url.host"},
		{"whatsapp's own site", setLinks(initiative.Links{WhatsApp: "https://whatsapp.com/g"}), "whatsapp_url", "initiative.whatsapp_url.host"},
	}
}

func ids(us []uuid.UUID) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.String()
	}
	return out
}

func TestCreateValidatesEveryField(t *testing.T) {
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		u := f.resident("anna")
		for i, tc := range formCases() {
			in := f.input("Geldige titel nummer " + strings.Repeat("x", i%10))
			tc.change(f, &in)
			f.clock.Advance(2 * time.Minute) // no duplicate-submission shortcut
			_, err := f.svc.Create(f.ctx, u, in)
			if tc.field == "" {
				if err != nil {
					t.Errorf("%s: %v, want valid", tc.name, err)
				}
				continue
			}
			if !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%s: err = %v, want Invalid", tc.name, err)
				continue
			}
			if got := fieldsOf(err); len(got) != 1 || got[tc.field] != tc.key {
				t.Errorf("%s: fields = %v, want only %s: %s", tc.name, got, tc.field, tc.key)
			}
			for _, lang := range i18n.Languages() {
				if !slices.Contains(catalog.Keys(lang), tc.key) {
					t.Errorf("%s: key %q missing from the %s catalogue", tc.name, tc.key, lang)
				}
			}
		}
	})
}

func TestCreateReportsAllFieldsAtOnceAndWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		in := initiative.Input{Title: "Kort", NeighbourhoodID: uuid.NewString(),
			Links: initiative.Links{Website: "nee", Facebook: "https://x.com/a", Instagram: "https://x.com/a",
				X: "https://facebook.com/a", WhatsApp: "https://x.com/a"}}
		_, err := f.svc.Create(f.ctx, f.resident("anna"), in)
		want := map[string]string{
			"title": "initiative.title.too_short", "summary": "initiative.summary.required",
			"description": "initiative.description.required", "neighbourhood": "initiative.neighbourhood.unknown",
			"themes": "initiative.themes.required", "website_url": "initiative.link.invalid",
			"facebook_url": "initiative.facebook_url.host", "instagram_url": "initiative.instagram_url.host",
			"x_url": "initiative.x_url.host", "whatsapp_url": "initiative.whatsapp_url.host",
		}
		got := fieldsOf(err)
		if len(got) != len(want) {
			t.Errorf("fields = %v, want %v", got, want)
		}
		for field, key := range want {
			if got[field] != key {
				t.Errorf("field %s = %q, want %q", field, got[field], key)
			}
		}
		for _, table := range []string{"initiatives", "initiative_themes", "organisers", "activity"} {
			if n := f.count(table, ""); n != 0 {
				t.Errorf("%d rows in %s after a failed create, want 0", n, table)
			}
		}
	})
}

func TestCreateTrimsAndKeepsLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		in := f.input("  Groen plein  ")
		in.Summary = "  Een groener plein.  "
		in.Links = initiative.Links{Website: " http://groenplein.nl ", WhatsApp: "https://wa.me/31612345678"}
		ini, err := f.svc.Create(f.ctx, f.resident("anna"), in)
		if err != nil {
			t.Fatal(err)
		}
		got := f.stored(ini.ID)
		if got.Title != "Groen plein" || got.Summary != "Een groener plein." {
			t.Errorf("stored title, summary = %q, %q; want them trimmed", got.Title, got.Summary)
		}
		if got.WebsiteURL != "http://groenplein.nl" || got.WhatsAppURL != "https://wa.me/31612345678" || got.FacebookURL != "" {
			t.Errorf("stored links = %+v; want http kept, trimmed, empty ones empty", got.Links())
		}
	})
}

func TestEditValidatesStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		u := f.resident("anna")
		ini := f.create(u, "Groen plein")
		for _, st := range []string{"", "gesloten", "ACTIVE"} {
			in := ini.Input()
			in.Status = st
			_, err := f.svc.Update(f.ctx, u, ini.ID, in)
			if got := fieldsOf(err); len(got) != 1 || got["status"] != "initiative.status.invalid" {
				t.Errorf("status %q: err = %v, want status.invalid", st, err)
			}
		}
		// The form rules of Create hold when editing too.
		in := ini.Input()
		in.Title = "Tuin"
		if _, err := f.svc.Update(f.ctx, u, ini.ID, in); fieldsOf(err)["title"] != "initiative.title.too_short" {
			t.Errorf("edit with a short title: err = %v, want title.too_short", err)
		}
		if got := f.stored(ini.ID); got.Title != "Groen plein" || got.Status != initiative.Active {
			t.Errorf("after failed edits: title %q, status %q; want unchanged", got.Title, got.Status)
		}
		// Create ignores a status: a new initiative is always active.
		in = f.input("Nog een plein")
		in.Status = "archived"
		if ini2, err := f.svc.Create(f.ctx, u, in); err != nil || ini2.Status != initiative.Active {
			t.Errorf("create with status archived = %q, %v; want active", ini2.Status, err)
		}
	})
}
