package dashboard

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/apperr"
	"github.com/buurtboost/buurtboost/app/db"
)

// Preset is a filter a staff member saved under a name, for their own use.
type Preset struct {
	bun.BaseModel `bun:"table:dashboard_presets"`

	ID        uuid.UUID `bun:"id,pk,type:text"`
	UserID    uuid.UUID `bun:"user_id,notnull,type:text"`
	Name      string    `bun:"name,notnull"`
	Query     string    `bun:"query,notnull"` // the dashboard's query string
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// The limits of a preset.
const (
	maxPresetName  = 60
	maxPresetQuery = 2000
	maxPresets     = 50
)

// presetKeys are the query parameters a preset may hold: the dashboard's
// filter, nothing else.
var presetKeys = map[string]bool{
	"buurt": true, "thema": true, "periode": true, "van": true, "tot": true,
	"vergelijk": true, "buurt_a": true, "buurt_b": true, "van2": true, "tot2": true,
}

var (
	errWatchersOnly = apperr.E(apperr.Forbidden, "dashboard.staff_only")
	errPresetGone   = apperr.E(apperr.NotFound, "dashboard.preset.not_found")
)

func staff(u account.User) bool { return u.Role == account.Staff || u.Role == account.Admin }

// SavePreset stores the filter query under name for actor, replacing their
// preset of the same name.
func (s *Service) SavePreset(ctx context.Context, actor account.User, name, query string) (Preset, error) {
	if !staff(actor) {
		return Preset{}, errWatchersOnly
	}
	name = strings.TrimSpace(name)
	fe := map[string]string{}
	switch {
	case name == "":
		fe["naam"] = "dashboard.preset.name_required"
	case utf8.RuneCountInString(name) > maxPresetName || strings.ContainsFunc(name, isControl):
		fe["naam"] = "dashboard.preset.name_invalid"
	}
	query, ok := cleanQuery(query)
	if !ok {
		fe["query"] = "dashboard.preset.query_invalid"
	}
	if len(fe) > 0 {
		return Preset{}, apperr.InvalidFields(fe)
	}
	p := Preset{ID: uuid.Must(uuid.NewV7()), UserID: actor.ID, Name: name, Query: query, CreatedAt: s.now().UTC()}
	_, err := s.db.NewInsert().Model(&p).
		On("CONFLICT (user_id, name) DO UPDATE").Set("query = EXCLUDED.query").Exec(ctx)
	if db.IsUniqueViolation(err) {
		return Preset{}, apperr.E(apperr.Conflict, "dashboard.preset.conflict")
	}
	if err != nil {
		return Preset{}, fmt.Errorf("save dashboard preset: %w", err)
	}
	return p, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// cleanQuery keeps only the filter's parameters, so a preset can never
// carry anything else into a link.
func cleanQuery(q string) (string, bool) {
	if len(q) > maxPresetQuery {
		return "", false
	}
	v, err := url.ParseQuery(strings.TrimPrefix(q, "?"))
	if err != nil {
		return "", false
	}
	for k := range v {
		if !presetKeys[k] {
			delete(v, k)
		}
	}
	return v.Encode(), true
}

// Presets lists actor's presets by name.
func (s *Service) Presets(ctx context.Context, actor account.User) ([]Preset, error) {
	var ps []Preset
	err := s.db.NewSelect().Model(&ps).Where("user_id = ?", actor.ID).OrderExpr("name ASC, id ASC").
		Limit(maxPresets).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("dashboard presets: %w", err)
	}
	return ps, nil
}

// DeletePreset removes one of actor's own presets; someone else's preset
// is as good as absent.
func (s *Service) DeletePreset(ctx context.Context, actor account.User, id uuid.UUID) error {
	res, err := s.db.NewDelete().Model((*Preset)(nil)).Where("id = ? AND user_id = ?", id, actor.ID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("delete dashboard preset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errPresetGone
	}
	return nil
}
