package dashboard

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/buurtboost/buurtboost/app/activity"
)

// The rollups (migration 20261125200000_dashboard_rollups) hold the log of
// complete days, one row per UTC day; a report adds the log rows not yet
// rolled up, so it counts every row exactly once whenever the roll-up ran
// last. Rolling up is lazy: a report that would read more than
// rollUpThreshold such rows rolls up first (about once a day on a busy
// log), and RollUp does it on demand. The write path only inserts log rows
// as before.

// rollUpThreshold is how many log rows not yet rolled up make a report
// roll up first. Below it, reading them is cheaper than a write.
const rollUpThreshold = 1000

// rollUpDays is how many days one roll-up transaction takes at most, so
// that rolling up a long log does not hold the write lock for long.
const rollUpDays = 7

// day numbers UTC days since 1970-01-01.
func day(t time.Time) int32 { return int32(t.Unix() / 86400) }

// dayStart is the moment day d begins.
func dayStart(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// waitingLog names the log (as a) for reading the rows not rolled up
// yet. SQLite is told to use their partial index: statistics gathered
// before a roll-up would otherwise make it read the log through another.
func (s *Service) waitingLog() string {
	if s.db.Dialect().Name() == dialect.SQLite {
		return "activity AS a INDEXED BY activity_not_rolled_up"
	}
	return "activity AS a"
}

// logRow is a log row as rolling up and reports read it.
type logRow struct {
	CreatedAt  time.Time `bun:"created_at"`
	Kind       string    `bun:"kind"`
	Nb         string    `bun:"neighbourhood_id"`
	Theme      string    `bun:"theme_id"`
	Actor      string    `bun:"actor_key"`
	Initiative string    `bun:"initiative_id"`
	Idea       string    `bun:"idea_id"`
	Minutes    int32     `bun:"minutes"`
}

const logRowColumns = "created_at, kind, neighbourhood_id, theme_id, actor_key, initiative_id, idea_id, minutes"

// kindInfo is what counting needs to know of a kind.
type kindInfo struct {
	kind   activity.Kind
	action bool // an act of taking part (actionKinds)
}

func infoOf(name string) kindInfo {
	k := activity.Kind(name)
	return kindInfo{kind: k, action: slices.Contains(actionKinds, k)}
}

// entryOf turns a log row into an entry (kind and time left to the
// caller), dropping what no figure reads, so that more rows share one.
func entryOf(ks *keySpace, info kindInfo, r logRow) entry {
	e := entry{nb: ks.id(r.Nb), theme: ks.id(r.Theme), n: 1, minutes: r.Minutes}
	if info.action {
		e.actor, e.initiative = ks.id(r.Actor), ks.id(r.Initiative)
	}
	if info.kind == activity.SupportGiven {
		e.idea = ks.id(r.Idea)
	}
	return e
}

// firstKey is an actor in a neighbourhood and theme.
type firstKey struct{ actor, nb, theme int32 }

// RollUp adds the log rows of complete days (before today, UTC, by the
// service's clock) that are not rolled up yet to the daily rollups, and
// returns how many it added. Reports roll up by themselves when enough
// rows wait; RollUp is for doing it ahead, after a bulk load.
func (s *Service) RollUp(ctx context.Context) (int, error) {
	cutoff := s.now().UTC().Truncate(24 * time.Hour)
	waiting, err := s.db.NewSelect().TableExpr(s.waitingLog()).
		Where("NOT a.rolled_up AND a.created_at < ?", cutoff).Exists(ctx)
	if err != nil || !waiting {
		return 0, err
	}
	var rows []struct {
		Actor, Neighbourhood, Theme, Day int32
	}
	if err := s.db.NewSelect().TableExpr("activity_rollup_firsts").Scan(ctx, &rows); err != nil {
		return 0, fmt.Errorf("roll up: %w", err)
	}
	// firsts may lag the table (another process rolling up): its days are
	// never earlier than the table's, so it only causes extra upserts.
	firsts := make(map[firstKey]int32, len(rows))
	for _, r := range rows {
		firsts[firstKey{r.Actor, r.Neighbourhood, r.Theme}] = r.Day
	}
	total := 0
	for {
		n, err := s.rollUpBatch(ctx, cutoff, firsts)
		total += n
		if err != nil {
			return total, fmt.Errorf("roll up: %w", err)
		}
		if n == 0 {
			return total, nil
		}
	}
}

// rollUpBatch rolls up the waiting rows of at most rollUpDays days, from
// the earliest, in one transaction.
func (s *Service) rollUpBatch(ctx context.Context, cutoff time.Time, firsts map[firstKey]int32) (int, error) {
	var rows []logRow
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Updating the one state row first serialises roll-ups.
		if _, err := tx.NewUpdate().Table("activity_rollup_state").Set("version = version + 1, rolled_at = ?", s.now().UTC()).
			Where("id = 1").Exec(ctx); err != nil {
			return err
		}
		var first []time.Time
		if err := tx.NewSelect().TableExpr(s.waitingLog()).Column("a.created_at").
			Where("NOT a.rolled_up AND a.created_at < ?", cutoff).OrderExpr("a.created_at").Limit(1).
			Scan(ctx, &first); err != nil || len(first) == 0 {
			return err
		}
		end := dayStart(day(first[0]) + rollUpDays)
		if cutoff.Before(end) {
			end = cutoff
		}
		// Marks exactly the rows it returns: a row committed meanwhile
		// stays for the next roll-up.
		if err := tx.NewRaw("UPDATE "+s.waitingLog()+" SET rolled_up = TRUE WHERE NOT a.rolled_up AND a.created_at < ? RETURNING "+
			logRowColumns, end).Scan(ctx, &rows); err != nil {
			return err
		}
		return s.addToRollups(ctx, tx, rows, firsts)
	})
	if err != nil {
		return 0, err
	}
	return len(rows), s.keys.sync(ctx, s.db)
}

// rollupDay is a row of activity_rollup.
type rollupDay struct {
	bun.BaseModel `bun:"table:activity_rollup"`
	Day           int32  `bun:"day,pk"`
	Entries       []byte `bun:"entries"`
	Acts          int    `bun:"acts"`
}

// addToRollups adds rows to their days' rollups (merging with what the
// days hold already), makes ids for new keys, and lowers first days.
func (s *Service) addToRollups(ctx context.Context, tx bun.Tx, rows []logRow, firsts map[firstKey]int32) error {
	if len(rows) == 0 {
		return nil
	}
	if err := s.keys.sync(ctx, tx); err != nil {
		return err
	}
	ks := s.keys.space()
	sums := newDaySums()
	lo, hi := day(rows[0].CreatedAt), day(rows[0].CreatedAt)
	newFirsts := map[firstKey]int32{}
	for _, r := range rows {
		d, info := day(r.CreatedAt), infoOf(r.Kind)
		lo, hi = min(lo, d), max(hi, d)
		e := entryOf(ks, info, r)
		sums.add(d, r.Kind, e, 1)
		if k := (firstKey{e.actor, e.nb, e.theme}); info.action {
			if was, ok := firsts[k]; !ok || d < was {
				firsts[k], newFirsts[k] = d, d
			}
		}
	}
	var existing []rollupDay
	if err := tx.NewSelect().Model(&existing).Where("day >= ? AND day <= ?", lo, hi).Scan(ctx); err != nil {
		return err
	}
	for _, old := range existing {
		var de dayEntries
		if err := decodeDay(old.Entries, int32(ks.size()), &de); err != nil {
			return fmt.Errorf("day %d: %w", old.Day, err)
		}
		for i, e := range de.entries {
			acts := 0
			if i == 0 {
				acts = old.Acts
			}
			sums.add(old.Day, de.kinds[e.kind], e, acts)
		}
	}
	if err := insertKeys(ctx, tx, ks); err != nil {
		return err
	}
	for chunk := range slices.Chunk(sums.days(), 100) {
		if _, err := tx.NewInsert().Model(&chunk).On("CONFLICT (day) DO UPDATE").
			Set("entries = EXCLUDED.entries").Set("acts = EXCLUDED.acts").Exec(ctx); err != nil {
			return err
		}
	}
	return upsertFirsts(ctx, tx, newFirsts)
}

// daySums adds up entries per day, kind and keys.
type daySums struct {
	sums map[daySum]*entry
	acts map[int32]int // log rows per day
}

// daySum is what entries are added up by: the day, the kind and the keys
// of an entry (without its kind index and counts).
type daySum struct {
	day  int32
	kind string
	keys entry
}

func newDaySums() *daySums { return &daySums{sums: map[daySum]*entry{}, acts: map[int32]int{}} }

// add adds e (of acts log rows) to day d.
func (ds *daySums) add(d int32, kind string, e entry, acts int) {
	ds.acts[d] += acts
	k := daySum{day: d, kind: kind, keys: e}
	k.keys.kind, k.keys.n, k.keys.minutes = 0, 0, 0
	if sum, ok := ds.sums[k]; ok {
		sum.n += e.n
		sum.minutes += e.minutes
		return
	}
	ds.sums[k] = &e
}

// days encodes the sums as rows of activity_rollup.
func (ds *daySums) days() []rollupDay {
	byDay := map[int32]*dayEntries{}
	kinds := map[int32]map[string]int32{}
	for k, sum := range ds.sums {
		de, ok := byDay[k.day]
		if !ok {
			de = &dayEntries{}
			byDay[k.day], kinds[k.day] = de, map[string]int32{}
		}
		ki, ok := kinds[k.day][k.kind]
		if !ok {
			ki = int32(len(de.kinds))
			kinds[k.day][k.kind] = ki
			de.kinds = append(de.kinds, k.kind)
		}
		e := *sum
		e.kind = ki
		de.entries = append(de.entries, e)
	}
	out := make([]rollupDay, 0, len(byDay))
	for d, de := range byDay {
		out = append(out, rollupDay{Day: d, Entries: de.encode(), Acts: ds.acts[d]})
	}
	return out
}

// rollupKey is a row of activity_rollup_keys.
type rollupKey struct {
	bun.BaseModel `bun:"table:activity_rollup_keys"`
	ID            int32  `bun:"id,pk"`
	Value         string `bun:"value"`
}

func insertKeys(ctx context.Context, tx bun.Tx, ks *keySpace) error {
	rows := make([]rollupKey, len(ks.fresh))
	for i, v := range ks.fresh {
		rows[i] = rollupKey{ID: ks.base + int32(i) + 1, Value: v}
	}
	for chunk := range slices.Chunk(rows, 1000) {
		if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// rollupFirst is a row of activity_rollup_firsts.
type rollupFirst struct {
	bun.BaseModel `bun:"table:activity_rollup_firsts,alias:fd"`
	Actor         int32 `bun:"actor,pk"`
	Neighbourhood int32 `bun:"neighbourhood,pk"`
	Theme         int32 `bun:"theme,pk"`
	Day           int32 `bun:"day"`
}

func upsertFirsts(ctx context.Context, tx bun.Tx, firsts map[firstKey]int32) error {
	rows := make([]rollupFirst, 0, len(firsts))
	for k, d := range firsts {
		rows = append(rows, rollupFirst{Actor: k.actor, Neighbourhood: k.nb, Theme: k.theme, Day: d})
	}
	for chunk := range slices.Chunk(rows, 1000) {
		if _, err := tx.NewInsert().Model(&chunk).On("CONFLICT (actor, neighbourhood, theme) DO UPDATE").
			Set("day = EXCLUDED.day").Where("EXCLUDED.day < fd.day").Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
