package admin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/account"
	"github.com/buurtboost/buurtboost/app/audit"
	"github.com/buurtboost/buurtboost/app/idea"
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
// audited with the administrator's reason (which may be empty).
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
		n, err := resolve(ctx, tx, kind, targetID, now)
		if err != nil {
			return err
		}
		if n == 0 {
			return errNotFound // nothing open about it (perhaps handled already)
		}
		if kind == "comment" { // hidden by three reports, it is shown again
			if err := idea.RestoreAutoHidden(ctx, tx, targetID); err != nil {
				return err
			}
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ReportsDismissed,
			SubjectKind: kind, SubjectID: targetID.String(), Reason: reason, CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("dismiss reports on %s %s: %w", kind, targetID, err)
	}
	return nil
}

// HideComment hides a reported comment with a public reason, shown in its
// place, and resolves its reports. Like an organiser's hiding (package
// idea), it takes the comment out of its idea's comments_count exactly
// once: only the UPDATE that finds it visible lowers the count.
func (s *Service) HideComment(ctx context.Context, actor account.User, commentID uuid.UUID, reason string) error {
	if err := mustAdmin(actor); err != nil {
		return err
	}
	reason, err := checkReason(reason, true)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var ideaIDs []uuid.UUID
		err := tx.NewUpdate().Table("comments").Set("hidden_reason = ?, hidden_by = ?", reason, actor.ID).
			Where("id = ? AND deleted_at IS NULL AND hidden_reason = ''", commentID).Returning("idea_id").Scan(ctx, &ideaIDs)
		if err != nil && !isNoRows(err) {
			return err
		}
		if len(ideaIDs) == 1 {
			if _, err := tx.NewUpdate().Table("ideas").Set("comments_count = comments_count - 1").
				Where("id = ?", ideaIDs[0]).Exec(ctx); err != nil {
				return err
			}
		} else if exists, err := tx.NewSelect().Table("comments").Where("id = ?", commentID).Exists(ctx); err != nil || !exists {
			return orNotFound(err)
		}
		if _, err := resolve(ctx, tx, "comment", commentID, now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: &actor.ID, ActorRole: actor.Role, Action: audit.ContentHidden,
			SubjectKind: "comment", SubjectID: commentID.String(), Reason: reason, CreatedAt: now})
	})
	if err != nil {
		return fmt.Errorf("hide comment %s: %w", commentID, err)
	}
	return nil
}

func resolve(ctx context.Context, tx bun.Tx, kind string, targetID uuid.UUID, now time.Time) (int64, error) {
	res, err := tx.NewUpdate().Table("reports").Set("resolved_at = ?", now).
		Where("target_kind = ? AND target_id = ? AND resolved_at IS NULL", kind, targetID).Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func orNotFound(err error) error {
	if err != nil {
		return err
	}
	return errNotFound
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
