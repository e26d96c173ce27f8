// Package i18n holds Buurtboost's message catalogues (Dutch first, English
// second) and picks the language for a request. All user-facing text lives
// in locales/*.toml; Go code and templates refer to it by key.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"reflect"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// Languages returns the interface languages in order of preference; the
// first is the default.
func Languages() []string { return []string{"nl", "en"} }

// Catalog is the set of loaded message catalogues.
type Catalog struct {
	bundle  *i18n.Bundle
	matcher language.Matcher
	keys    map[string][]string // language -> message IDs, for completeness checks
}

// Load reads the embedded catalogues: locales/<lang>.toml and
// locales/<area>.<lang>.toml.
func Load() (*Catalog, error) {
	b := i18n.NewBundle(language.Dutch)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{bundle: b, keys: map[string][]string{}}
	entries, err := fs.Glob(locales, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, name := range entries {
		data, err := locales.ReadFile(name)
		if err != nil {
			return nil, err
		}
		mf, err := b.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", name, err)
		}
		// nl.toml, or <area>.nl.toml: go-i18n reads the language from the
		// last part of the name, so each area can keep its own file.
		lang := mf.Tag.String()
		for _, m := range mf.Messages {
			c.keys[lang] = append(c.keys[lang], m.ID)
		}
	}
	c.matcher = language.NewMatcher([]language.Tag{language.Dutch, language.English})
	return c, nil
}

// Keys returns the message IDs of lang's catalogue.
func (c *Catalog) Keys(lang string) []string { return c.keys[lang] }

// Supported reports whether lang is an interface language.
func Supported(lang string) bool {
	for _, l := range Languages() {
		if l == lang {
			return true
		}
	}
	return false
}

// Negotiate picks the interface language: an explicit choice (from the
// query or the preference cookie) wins, then the browser's Accept-Language,
// then Dutch.
func (c *Catalog) Negotiate(choices []string, acceptLanguage string) string {
	for _, l := range choices {
		if Supported(l) {
			return l
		}
	}
	if acceptLanguage != "" {
		tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil && len(tags) > 0 {
			_, idx, conf := c.matcher.Match(tags...)
			if conf != language.No {
				return Languages()[idx]
			}
		}
	}
	return Languages()[0]
}

// Localizer translates message keys into one language.
type Localizer struct {
	lang string
	l    *i18n.Localizer
}

// Localizer returns a Localizer for lang (an interface language).
func (c *Catalog) Localizer(lang string) *Localizer {
	return &Localizer{lang: lang, l: i18n.NewLocalizer(c.bundle, lang)}
}

// Lang is the localizer's language code.
func (l *Localizer) Lang() string { return l.lang }

// T translates key. args are name/value pairs for the message's template
// fields ({{.Name}}); a "Count" argument also selects the plural form. A
// missing key renders as the key itself, so it is visible, never blank; the
// catalogue tests make sure none is missing.
func (l *Localizer) T(key string, args ...any) string {
	cfg := &i18n.LocalizeConfig{MessageID: key}
	if len(args) > 0 {
		data := make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			name, value := fmt.Sprint(args[i]), indirect(args[i+1])
			data[name] = value
			if name == "Count" {
				cfg.PluralCount = value
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.l.Localize(cfg)
	if err != nil {
		return key
	}
	return s
}

// indirect dereferences pointers, so that templates can pass optional
// (pointer) fields such as a population straight to T.
func indirect(v any) any {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return v
	}
	return rv.Interface()
}
