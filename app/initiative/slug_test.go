package initiative_test

import (
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/initiative"
)

func TestSlugify(t *testing.T) {
	t.Parallel()
	tests := []struct{ title, want string }{
		{"Groen Plein in de Vogelbuurt!", "groen-plein-in-de-vogelbuurt"},
		{"Café Ñandú — één, twee", "cafe-nandu-een-twee"},
		{"Straße der Ærø-Œuvre", "strasse-der-aero-oeuvre"},
		{"Ĳsbaan op ’t Łoo", "ijsbaan-op-t-loo"},
		{"  --Buurt__feest--  ", "buurt-feest"},
		{"100% groen in 2027", "100-groen-in-2027"},
		{"日本語のタイトル", "initiatief"},
		{"!!!???", "initiatief"},
		{"Ａｂｃ ｆｕｌｌｗｉｄｔｈ", "abc-fullwidth"},
		// 60 characters exactly stay whole; longer is cut at a hyphen.
		{strings.Repeat("abcd-", 12), strings.Repeat("abcd-", 11) + "abcd"},
		{strings.Repeat("abcdefghi ", 7), "abcdefghi-abcdefghi-abcdefghi-abcdefghi-abcdefghi-abcdefghi"},
		{"abcdefghi " + strings.Repeat("x", 60), "abcdefghi"},
		{strings.Repeat("x", 70), strings.Repeat("x", 60)},
	}
	for _, tt := range tests {
		got := initiative.Slugify(tt.title)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.title, got, tt.want)
		}
		if len(got) > initiative.SlugMax {
			t.Errorf("Slugify(%q) is %d long, want at most %d", tt.title, len(got), initiative.SlugMax)
		}
	}
}

func TestSlugsAreUnique(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		var slugs []string
		for _, name := range []string{"anna", "bas", "cor"} {
			slugs = append(slugs, f.create(f.resident(name), "Groen Plein in de Vogelbuurt!").Slug)
		}
		want := []string{"groen-plein-in-de-vogelbuurt", "groen-plein-in-de-vogelbuurt-2", "groen-plein-in-de-vogelbuurt-3"}
		if strings.Join(slugs, " ") != strings.Join(want, " ") {
			t.Errorf("slugs of three initiatives with one title = %v, want %v", slugs, want)
		}
		// Slugs that are paths of the web layer are never given out.
		if got := f.create(f.resident("dirk"), "Nieuw!").Slug; got != "nieuw-2" {
			t.Errorf("slug of title Nieuw = %q, want nieuw-2", got)
		}
		// A suffix on a slug of full length still fits within SlugMax.
		long := strings.Repeat("buurt ", 10) + "feest"
		a, b := f.create(f.resident("eva"), long), f.create(f.resident("fem"), long)
		if len(a.Slug) > initiative.SlugMax || len(b.Slug) > initiative.SlugMax || !strings.HasSuffix(b.Slug, "-2") || a.Slug == b.Slug {
			t.Errorf("long slugs = %q, %q; want different, the second ending in -2, both within %d", a.Slug, b.Slug, initiative.SlugMax)
		}
	})
}

func TestConcurrentCreatesWithOneTitleGetDifferentSlugs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		const n = 6
		var users []account.User
		for i := range n {
			users = append(users, f.resident(string(rune('a'+i))+"-bewoner"))
		}
		dbtest.WarmPool(t, bdb, n)
		inis, errs := parallel(n, func(i int) (initiative.Initiative, error) {
			return f.svc.Create(f.ctx, users[i], f.input("Buurtfeest"))
		})
		seen := map[string]bool{}
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("create %d: %v", i, errs[i])
			}
			if seen[inis[i].Slug] {
				t.Errorf("slug %q given twice", inis[i].Slug)
			}
			seen[inis[i].Slug] = true
		}
		if !seen["buurtfeest"] || !seen["buurtfeest-6"] {
			t.Errorf("slugs = %v, want buurtfeest … buurtfeest-6", seen)
		}
	})
}

func TestRenameKeepsOldSlugsRedirecting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		f := setup(t, bdb)
		u := f.resident("anna")
		ini := f.create(u, "Groen plein")
		rename := func(title string) initiative.Initiative {
			t.Helper()
			in := ini.Input()
			in.Title = title
			got, err := f.svc.Update(f.ctx, u, ini.ID, in)
			if err != nil {
				t.Fatalf("rename to %q: %v", title, err)
			}
			return got
		}
		// resolves checks where slug leads: to the initiative, redirecting
		// to redirect ("" for the current slug).
		resolves := func(slug, redirect string) {
			t.Helper()
			got, to, err := f.svc.BySlug(f.ctx, slug)
			if err != nil || got.ID != ini.ID || to != redirect {
				t.Errorf("BySlug(%q) = %s, redirect %q, %v; want %s, redirect %q", slug, got.ID, to, err, ini.ID, redirect)
			}
			if len(got.Themes) != 1 {
				t.Errorf("BySlug(%q) has themes %v, want groen", slug, got.Themes)
			}
		}

		// Only the case changes: same slug, no old slug.
		if got := rename("GROEN Plein"); got.Slug != "groen-plein" || f.count("initiative_slugs", "") != 0 {
			t.Errorf("after a case change: slug %q, %d old slugs; want groen-plein, 0", got.Slug, f.count("initiative_slugs", ""))
		}
		if got := rename("Blauw plein"); got.Slug != "blauw-plein" || f.stored(ini.ID).Slug != "blauw-plein" {
			t.Fatalf("after rename: slug %q, want blauw-plein", got.Slug)
		}
		resolves("blauw-plein", "")
		resolves("groen-plein", "blauw-plein")

		// The old slug stays taken for other initiatives.
		if other := f.create(f.resident("bas"), "Groen plein"); other.Slug != "groen-plein-2" {
			t.Errorf("new initiative with the old title got %q, want groen-plein-2", other.Slug)
		}

		// Renaming back takes the old slug back.
		if got := rename("Groen plein"); got.Slug != "groen-plein" {
			t.Fatalf("after renaming back: slug %q, want groen-plein", got.Slug)
		}
		resolves("groen-plein", "")
		resolves("blauw-plein", "groen-plein")
		if n := f.count("initiative_slugs", "slug = ?", "groen-plein"); n != 0 {
			t.Errorf("the current slug is still listed as an old slug")
		}

		// Every earlier slug follows the initiative to its newest one.
		rename("Geel plein")
		resolves("geel-plein", "")
		resolves("groen-plein", "geel-plein")
		resolves("blauw-plein", "geel-plein")
		if n := f.count("initiative_slugs", "initiative_id = ?", ini.ID); n != 2 {
			t.Errorf("%d old slugs, want 2 (groen-plein, blauw-plein)", n)
		}

		if _, _, err := f.svc.BySlug(f.ctx, "bestaat-niet"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown slug: err = %v, want NotFound", err)
		}
	})
}
