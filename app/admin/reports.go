package admin

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/moderation"
)

// ReportGroup is the open reports about one piece of content: the
// administrators' queue shows one line per reported item.
type ReportGroup struct {
	Kind     string // initiative, idea, comment, update
	TargetID uuid.UUID
	Reasons  map[string]int // reason -> how many reports gave it
	Texts    []string       // the reporters' explanations, oldest first
	First    time.Time      // the oldest open report
	Count    int
	Link     string // where the item is shown; "" when it is gone
}

// linkQueries give the page an item of each kind is shown on.
var linkQueries = map[string]string{
	"initiative": `SELECT '/initiatief/' || slug FROM initiatives WHERE id = ?`,
	"idea":       `SELECT '/idee/' || id FROM ideas WHERE id = ?`,
	"comment":    `SELECT '/idee/' || idea_id FROM comments WHERE id = ?`,
	"update":     `SELECT '/initiatief/' || i.slug FROM updates AS u JOIN initiatives AS i ON i.id = u.initiative_id WHERE u.id = ?`,
}

// openReport is one unresolved row of reports.
type openReport struct {
	bun.BaseModel `bun:"table:reports,alias:r"`

	TargetKind string    `bun:"target_kind"`
	TargetID   uuid.UUID `bun:"target_id,type:text"`
	Reason     string    `bun:"reason"`
	Text       string    `bun:"text"`
	CreatedAt  time.Time `bun:"created_at"`
}

// queueMax bounds how many open reports the queue reads.
const queueMax = 1000

// OpenReports returns the unresolved reports grouped by item, the most
// reported first, then the longest waiting.
func (s *Service) OpenReports(ctx context.Context, actor account.User) ([]ReportGroup, error) {
	if err := mustAdmin(actor); err != nil {
		return nil, err
	}
	var rs []openReport
	err := s.db.NewSelect().Model(&rs).Column("target_kind", "target_id", "reason", "text", "created_at").
		Where("resolved_at IS NULL").OrderExpr("created_at, id").Limit(queueMax).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("open reports: %w", err)
	}
	var groups []ReportGroup
	at := map[string]int{}
	for _, r := range rs {
		key := r.TargetKind + ":" + r.TargetID.String()
		i, ok := at[key]
		if !ok {
			i = len(groups)
			at[key] = i
			groups = append(groups, ReportGroup{Kind: r.TargetKind, TargetID: r.TargetID, Reasons: map[string]int{}, First: r.CreatedAt})
		}
		g := &groups[i]
		g.Count++
		g.Reasons[r.Reason]++
		if r.Text != "" {
			g.Texts = append(g.Texts, r.Text)
		}
	}
	sortGroups(groups)
	for i := range groups {
		var links []string
		if err := s.db.NewRaw(linkQueries[groups[i].Kind], groups[i].TargetID).Scan(ctx, &links); err != nil {
			return nil, fmt.Errorf("link of reported %s: %w", groups[i].Kind, err)
		}
		if len(links) == 1 {
			groups[i].Link = links[0]
		}
	}
	return groups, nil
}

func sortGroups(gs []ReportGroup) {
	for i := 1; i < len(gs); i++ { // insertion sort: stable, and queues are short
		for j := i; j > 0 && before(gs[j], gs[j-1]); j-- {
			gs[j], gs[j-1] = gs[j-1], gs[j]
		}
	}
}

func before(a, b ReportGroup) bool {
	if a.Count != b.Count {
		return a.Count > b.Count
	}
	return a.First.Before(b.First)
}

// Dismiss resolves the open reports about an item without acting on it,
// audited with the administrator's reason (which may be empty). An item
// the reports hid pending review is shown again.
func (s *Service) Dismiss(ctx context.Context, actor account.User, kind string, targetID uuid.UUID, reason string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	reason, err := checkReason(reason, false)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		dismissed, err := moderation.Dismiss(ctx, tx, actor, kind, targetID, reason, now)
		if err == nil && !dismissed {
			err = errNotFound // nothing open about it (perhaps handled already)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("dismiss reports on %s %s: %w", kind, targetID, err)
	}
	return nil
}

// Hide hides a reported initiative, idea, comment or update with a public
// reason, shown in its place, and resolves its reports.
func (s *Service) Hide(ctx context.Context, actor account.User, kind string, targetID uuid.UUID, reason string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	reason, err := checkReason(reason, true)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return moderation.HideReported(ctx, tx, actor, kind, targetID, reason, now)
	})
	if err != nil {
		return fmt.Errorf("hide %s %s: %w", kind, targetID, err)
	}
	return nil
}
