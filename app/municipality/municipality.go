// Package municipality holds the reference data every other part of
// Buurtboost hangs on: the municipality's own settings, its neighbourhoods
// (buurten) and the themes initiatives and ideas are tagged with. It stores
// them; it does not decide who may change them.
package municipality

import (
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Settings are the municipality's name, house style and privacy contact;
// there is one row.
type Settings struct {
	bun.BaseModel `bun:"table:municipality_settings"`

	ID           int    `bun:"id,pk"`
	Name         string `bun:"name,notnull"`
	LogoURL      string `bun:"logo_url,notnull"`
	PrimaryColor string `bun:"primary_color,notnull"` // #rrggbb or empty
	AccentColor  string `bun:"accent_color,notnull"`  // #rrggbb or empty
	// PrivacyContact is an e-mail address or an https address, or empty.
	PrivacyContact string    `bun:"privacy_contact,notnull"`
	UpdatedAt      time.Time `bun:"updated_at,notnull"`
}

// Neighbourhood is a buurt: the unit pages, initiatives and figures are
// organised by.
type Neighbourhood struct {
	bun.BaseModel `bun:"table:neighbourhoods"`

	ID             uuid.UUID `bun:"id,pk,type:text"`
	Slug           string    `bun:"slug,notnull"`
	Name           string    `bun:"name,notnull"`
	CBSCode        *string   `bun:"cbs_code"`
	Population     *int      `bun:"population"`
	OutlineGeoJSON *string   `bun:"outline_geojson"`
	CreatedAt      time.Time `bun:"created_at,notnull"`
	UpdatedAt      time.Time `bun:"updated_at,notnull"`
}

// Theme tags initiatives and ideas (groen, verkeer, …), labelled in both
// interface languages.
type Theme struct {
	bun.BaseModel `bun:"table:themes"`

	ID        uuid.UUID `bun:"id,pk,type:text"`
	Slug      string    `bun:"slug,notnull"`
	LabelNL   string    `bun:"label_nl,notnull"`
	LabelEN   string    `bun:"label_en,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// Label returns the theme's label in lang ("en" or Dutch otherwise).
func (t Theme) Label(lang string) string {
	if lang == "en" {
		return t.LabelEN
	}
	return t.LabelNL
}
