package privacy

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// part is one file of the export: a JSON array (or, for the profile, one
// object) read by read.
type part struct {
	file string
	read func(ctx context.Context, q bun.IDB, userID uuid.UUID) (any, error)
}

// parts are the files of an export, in the order they are written. Secrets
// are never exported: the platform keeps no provider tokens, and sessions
// are listed without their (hashed) ids.
var parts = []part{
	{"profiel.json", readProfile},
	{"identiteiten.json", rows[identityJSON](`SELECT provider, subject, created_at, last_login_at FROM identities WHERE user_id = ? ORDER BY created_at`)},
	{"sessies.json", rows[sessionJSON](`SELECT created_at, last_seen_at, expires_at, user_agent FROM sessions WHERE user_id = ? ORDER BY created_at`)},
	{"initiatieven.json", rows[initiativeJSON](`SELECT i.id, i.slug, i.title, i.summary, i.description, i.status, i.created_at,
		EXISTS (SELECT 1 FROM organisers AS o WHERE o.initiative_id = i.id AND o.user_id = ?0) AS organiser,
		COALESCE(i.created_by = ?0, FALSE) AS started
		FROM initiatives AS i WHERE i.created_by = ?0 OR i.id IN (SELECT initiative_id FROM organisers WHERE user_id = ?0)
		ORDER BY i.created_at`)},
	{"ideeen.json", rows[ideaJSON](`SELECT id, initiative_id, title, description, status, created_at, removed_at FROM ideas WHERE author_id = ? ORDER BY created_at`)},
	{"reacties.json", rows[commentJSON](`SELECT id, idea_id, parent_id, body, hidden_reason, created_at, deleted_at FROM comments WHERE author_id = ? ORDER BY created_at`)},
	{"berichten.json", rows[updateJSON](`SELECT id, initiative_id, body, created_at FROM updates WHERE author_id = ? ORDER BY created_at`)},
	{"steunbetuigingen.json", rows[supportJSON](`SELECT s.idea_id, i.title, s.created_at FROM supports AS s JOIN ideas AS i ON i.id = s.idea_id WHERE s.user_id = ? ORDER BY s.created_at`)},
	{"gevolgd.json", rows[followJSON](`SELECT f.initiative_id, i.title, f.created_at FROM follows AS f JOIN initiatives AS i ON i.id = f.initiative_id WHERE f.user_id = ? ORDER BY f.created_at`)},
	{"activiteiten.json", rows[rsvpJSON](`SELECT r.activity_id, a.title, r.state, r.created_at FROM rsvps AS r JOIN activities AS a ON a.id = r.activity_id WHERE r.user_id = ? ORDER BY r.created_at`)},
	{"aanmeldingen.json", rows[signupJSON](`SELECT s.task_id, t.title, s.state, s.attendance, s.created_at FROM signups AS s JOIN volunteer_tasks AS t ON t.id = s.task_id WHERE s.user_id = ? ORDER BY s.created_at`)},
	{"meldingen.json", rows[notificationJSON](`SELECT kind, params, link, created_at, send_at, read_at FROM notifications WHERE user_id = ? AND cancelled_at IS NULL ORDER BY send_at`)},
	{"e-mailvoorkeuren.json", rows[optOutJSON](`SELECT kind, created_at FROM notification_optouts WHERE user_id = ? ORDER BY kind`)},
	{"meldingen-van-inhoud.json", rows[reportJSON](`SELECT target_kind, target_id, reason, text, created_at FROM reports WHERE reporter_id = ? ORDER BY created_at`)},
	{"bezwaren.json", rows[appealJSON](`SELECT target_kind, target_id, text, created_at, decision, decision_reason, decided_at FROM appeals WHERE appellant_id = ? ORDER BY created_at`)},
}

type profileJSON struct {
	ID            uuid.UUID `bun:"id" json:"id"`
	Name          string    `bun:"display_name" json:"naam"`
	Email         *string   `bun:"email" json:"email"`
	AvatarURL     string    `bun:"avatar_url" json:"avatar_url"`
	Neighbourhood *string   `bun:"neighbourhood" json:"buurt"`
	Role          string    `bun:"role" json:"rol"`
	EmailConsent  bool      `bun:"email_consent" json:"toestemming_email"`
	CreatedAt     time.Time `bun:"created_at" json:"aangemaakt"`
	UpdatedAt     time.Time `bun:"updated_at" json:"gewijzigd"`
}

type identityJSON struct {
	Provider    string    `bun:"provider" json:"provider"`
	Subject     string    `bun:"subject" json:"id_bij_provider"`
	CreatedAt   time.Time `bun:"created_at" json:"gekoppeld"`
	LastLoginAt time.Time `bun:"last_login_at" json:"laatst_ingelogd"`
}

type sessionJSON struct {
	CreatedAt  time.Time `bun:"created_at" json:"begonnen"`
	LastSeenAt time.Time `bun:"last_seen_at" json:"laatst_gezien"`
	ExpiresAt  time.Time `bun:"expires_at" json:"verloopt"`
	UserAgent  string    `bun:"user_agent" json:"apparaat"`
}

type initiativeJSON struct {
	ID          uuid.UUID `bun:"id" json:"id"`
	Slug        string    `bun:"slug" json:"adres"`
	Title       string    `bun:"title" json:"titel"`
	Summary     string    `bun:"summary" json:"samenvatting"`
	Description string    `bun:"description" json:"beschrijving"`
	Status      string    `bun:"status" json:"status"`
	CreatedAt   time.Time `bun:"created_at" json:"aangemaakt"`
	Organiser   bool      `bun:"organiser" json:"organisator"`
	Started     bool      `bun:"started" json:"gestart_door_jou"`
}

type ideaJSON struct {
	ID           uuid.UUID  `bun:"id" json:"id"`
	InitiativeID uuid.UUID  `bun:"initiative_id" json:"initiatief_id"`
	Title        string     `bun:"title" json:"titel"`
	Description  string     `bun:"description" json:"beschrijving"`
	Status       string     `bun:"status" json:"status"`
	CreatedAt    time.Time  `bun:"created_at" json:"aangemaakt"`
	RemovedAt    *time.Time `bun:"removed_at" json:"verwijderd,omitempty"`
}

type commentJSON struct {
	ID           uuid.UUID  `bun:"id" json:"id"`
	IdeaID       uuid.UUID  `bun:"idea_id" json:"idee_id"`
	ParentID     *uuid.UUID `bun:"parent_id" json:"antwoord_op,omitempty"`
	Body         string     `bun:"body" json:"tekst"`
	HiddenReason string     `bun:"hidden_reason" json:"verborgen_reden,omitempty"`
	CreatedAt    time.Time  `bun:"created_at" json:"geplaatst"`
	DeletedAt    *time.Time `bun:"deleted_at" json:"verwijderd,omitempty"`
}

type updateJSON struct {
	ID           uuid.UUID `bun:"id" json:"id"`
	InitiativeID uuid.UUID `bun:"initiative_id" json:"initiatief_id"`
	Body         string    `bun:"body" json:"tekst"`
	CreatedAt    time.Time `bun:"created_at" json:"geplaatst"`
}

type supportJSON struct {
	IdeaID    uuid.UUID `bun:"idea_id" json:"idee_id"`
	Title     string    `bun:"title" json:"idee"`
	CreatedAt time.Time `bun:"created_at" json:"gesteund"`
}

type followJSON struct {
	InitiativeID uuid.UUID `bun:"initiative_id" json:"initiatief_id"`
	Title        string    `bun:"title" json:"initiatief"`
	CreatedAt    time.Time `bun:"created_at" json:"sinds"`
}

type rsvpJSON struct {
	ActivityID uuid.UUID `bun:"activity_id" json:"activiteit_id"`
	Title      string    `bun:"title" json:"activiteit"`
	State      string    `bun:"state" json:"antwoord"`
	CreatedAt  time.Time `bun:"created_at" json:"aangemeld"`
}

type signupJSON struct {
	TaskID     uuid.UUID `bun:"task_id" json:"taak_id"`
	Title      string    `bun:"title" json:"taak"`
	State      string    `bun:"state" json:"status"`
	Attendance string    `bun:"attendance" json:"aanwezigheid,omitempty"`
	CreatedAt  time.Time `bun:"created_at" json:"aangemeld"`
}

type notificationJSON struct {
	Kind      string            `bun:"kind" json:"soort"`
	Params    map[string]string `bun:"params" json:"gegevens"`
	Link      string            `bun:"link" json:"link"`
	CreatedAt time.Time         `bun:"created_at" json:"aangemaakt"`
	SendAt    time.Time         `bun:"send_at" json:"getoond_vanaf"`
	ReadAt    *time.Time        `bun:"read_at" json:"gelezen,omitempty"`
}

type optOutJSON struct {
	Kind      string    `bun:"kind" json:"geen_email_over"`
	CreatedAt time.Time `bun:"created_at" json:"sinds"`
}

type reportJSON struct {
	TargetKind string    `bun:"target_kind" json:"soort"`
	TargetID   string    `bun:"target_id" json:"id"`
	Reason     string    `bun:"reason" json:"reden"`
	Text       string    `bun:"text" json:"toelichting"`
	CreatedAt  time.Time `bun:"created_at" json:"gemeld"`
}

type appealJSON struct {
	TargetKind     string     `bun:"target_kind" json:"soort"`
	TargetID       string     `bun:"target_id" json:"id"`
	Text           string     `bun:"text" json:"bezwaar"`
	CreatedAt      time.Time  `bun:"created_at" json:"ingediend"`
	Decision       string     `bun:"decision" json:"besluit,omitempty"`
	DecisionReason string     `bun:"decision_reason" json:"reden_besluit,omitempty"`
	DecidedAt      *time.Time `bun:"decided_at" json:"besloten,omitempty"`
}

// rows returns a reader of query (with the user's id as its only argument,
// ?0 where it is used more than once) into a slice of T, never nil, so that
// an empty part is [] rather than null.
func rows[T any](query string) func(context.Context, bun.IDB, uuid.UUID) (any, error) {
	return func(ctx context.Context, q bun.IDB, userID uuid.UUID) (any, error) {
		out := []T{}
		if err := q.NewRaw(query, userID).Scan(ctx, &out); err != nil {
			return nil, err
		}
		return out, nil
	}
}

func readProfile(ctx context.Context, q bun.IDB, userID uuid.UUID) (any, error) {
	var p profileJSON
	err := q.NewRaw(`SELECT u.id, u.display_name, u.email, u.avatar_url, n.name AS neighbourhood, u.role,
		u.email_consent, u.created_at, u.updated_at
		FROM users AS u LEFT JOIN neighbourhoods AS n ON n.id = u.neighbourhood_id WHERE u.id = ?`, userID).Scan(ctx, &p)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errNotFound // the account was deleted
	}
	return p, err
}

// Export returns a ZIP of JSON files with everything the platform keeps
// about the user, read in one transaction so the files agree.
func (s *Service) Export(ctx context.Context, userID uuid.UUID) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, p := range parts {
			v, err := p.read(ctx, tx, userID)
			if err != nil {
				return fmt.Errorf("%s: %w", p.file, err)
			}
			if err := writeJSON(zw, p.file, v, s.now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("export data of %s: %w", userID, err)
	}
	return buf.Bytes(), nil
}

func writeJSON(zw *zip.Writer, name string, v any, at time.Time) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
