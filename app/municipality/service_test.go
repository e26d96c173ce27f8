package municipality_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/municipality"
)

func TestSettingsDefaultThenSaved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		m := municipality.NewService(bdb, time.Now)
		st, err := m.Settings(ctx)
		if err != nil || st.Name != "Buurtboost" {
			t.Fatalf("settings on empty database = %+v, %v; want the default name", st, err)
		}
		if err := m.SaveSettings(ctx, municipality.Settings{Name: "Gemeente A", PrimaryColor: "#123456"}); err != nil {
			t.Fatal(err)
		}
		if err := m.SaveSettings(ctx, municipality.Settings{Name: "Gemeente B", PrimaryColor: "#654321"}); err != nil {
			t.Fatal(err)
		}
		st, err = m.Settings(ctx)
		if err != nil || st.Name != "Gemeente B" || st.PrimaryColor != "#654321" {
			t.Errorf("settings after two saves = %+v, %v; want the second", st, err)
		}
		added, err := m.EnsureSettings(ctx, municipality.Settings{Name: "Gemeente C"})
		if err != nil || added {
			t.Errorf("EnsureSettings over existing settings = %v, %v; want not added", added, err)
		}
	})
}

func TestNeighbourhoodsBySlugAndOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		m := municipality.NewService(bdb, time.Now)
		pop := 1200
		for _, n := range []municipality.Neighbourhood{
			{Slug: "zuid", Name: "Zuidhoek"},
			{Slug: "aa", Name: "Aa-kwartier", Population: &pop},
		} {
			if added, err := m.EnsureNeighbourhood(ctx, n); err != nil || !added {
				t.Fatalf("add %s = %v, %v", n.Slug, added, err)
			}
		}
		added, err := m.EnsureNeighbourhood(ctx, municipality.Neighbourhood{Slug: "zuid", Name: "Other"})
		if err != nil || added {
			t.Errorf("re-adding slug zuid = %v, %v; want ignored", added, err)
		}
		ns, err := m.ListNeighbourhoods(ctx)
		if err != nil || len(ns) != 2 || ns[0].Slug != "aa" || ns[1].Name != "Zuidhoek" {
			t.Fatalf("list = %+v, %v; want Aa-kwartier then Zuidhoek (unchanged)", ns, err)
		}
		n, err := m.NeighbourhoodBySlug(ctx, "aa")
		if err != nil || n.Population == nil || *n.Population != 1200 {
			t.Errorf("by slug = %+v, %v", n, err)
		}
		if _, err := m.NeighbourhoodBySlug(ctx, "bestaat-niet"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown slug: err = %v, want NotFound", err)
		}
		if c, err := m.CountNeighbourhoods(ctx); err != nil || c != 2 {
			t.Errorf("count = %d, %v", c, err)
		}
	})
}

func TestCBSCodeIsUnique(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		m := municipality.NewService(bdb, time.Now)
		code := "BU00010001"
		if _, err := m.EnsureNeighbourhood(ctx, municipality.Neighbourhood{Slug: "a", Name: "A", CBSCode: &code}); err != nil {
			t.Fatal(err)
		}
		if _, err := m.EnsureNeighbourhood(ctx, municipality.Neighbourhood{Slug: "b", Name: "B", CBSCode: &code}); err == nil {
			t.Error("a second neighbourhood with the same CBS code was stored")
		}
		if c, _ := m.CountNeighbourhoods(ctx); c != 1 {
			t.Errorf("count = %d, want 1", c)
		}
	})
}

func TestThemesLabelledPerLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		m := municipality.NewService(bdb, time.Now)
		for _, th := range []municipality.Theme{
			{Slug: "verkeer", LabelNL: "Verkeer", LabelEN: "Traffic"},
			{Slug: "groen", LabelNL: "Groen", LabelEN: "Green spaces"},
		} {
			if _, err := m.EnsureTheme(ctx, th); err != nil {
				t.Fatal(err)
			}
		}
		ts, err := m.ListThemes(ctx)
		if err != nil || len(ts) != 2 || ts[0].Slug != "groen" {
			t.Fatalf("themes = %+v, %v; want groen first", ts, err)
		}
		if ts[0].Label("en") != "Green spaces" || ts[0].Label("nl") != "Groen" {
			t.Errorf("labels = %q / %q", ts[0].Label("en"), ts[0].Label("nl"))
		}
	})
}
