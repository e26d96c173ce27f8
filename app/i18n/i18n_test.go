package i18n_test

import (
	"slices"
	"testing"

	"github.com/buurtboost/buurtboost/app/i18n"
)

func load(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	t.Parallel()
	c := load(t)
	nl, en := c.Keys("nl"), c.Keys("en")
	if len(nl) < 20 {
		t.Fatalf("Dutch catalogue has %d keys; not loaded?", len(nl))
	}
	for _, k := range nl {
		if !slices.Contains(en, k) {
			t.Errorf("key %q is in nl.toml but not in en.toml", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(nl, k) {
			t.Errorf("key %q is in en.toml but not in nl.toml", k)
		}
	}
}

func TestTranslateWithArgumentsAndPlurals(t *testing.T) {
	t.Parallel()
	c := load(t)
	tests := []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"nl", "layout.skip", nil, "Naar de inhoud"},
		{"en", "layout.skip", nil, "Skip to content"},
		{"nl", "neighbourhood.empty.title", []any{"Name", "Bolwijk"}, "Nog geen initiatieven in Bolwijk"},
		{"nl", "neighbourhood.residents", []any{"Count", 1}, "1 inwoner"},
		{"nl", "neighbourhood.residents", []any{"Count", 4210}, "4210 inwoners"},
		{"en", "neighbourhood.residents", []any{"Count", 2}, "2 residents"},
		{"en", "no.such.key", nil, "no.such.key"},
	}
	for _, tt := range tests {
		if got := c.Localizer(tt.lang).T(tt.key, tt.args...); got != tt.want {
			t.Errorf("%s %s %v = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	c := load(t)
	tests := []struct {
		name    string
		choices []string
		accept  string
		want    string
	}{
		{"default is Dutch", nil, "", "nl"},
		{"explicit choice wins", []string{"en"}, "nl-NL", "en"},
		{"unsupported choice is ignored", []string{"fr"}, "en-GB,en;q=0.9", "en"},
		{"browser asks for English", nil, "en-US,en;q=0.8", "en"},
		{"browser asks for Flemish", nil, "nl-BE", "nl"},
		{"browser asks for German only", nil, "de-DE", "nl"},
		{"malformed header", nil, ";;;q=x", "nl"},
	}
	for _, tt := range tests {
		if got := c.Negotiate(tt.choices, tt.accept); got != tt.want {
			t.Errorf("%s: Negotiate(%v, %q) = %q, want %q", tt.name, tt.choices, tt.accept, got, tt.want)
		}
	}
}
