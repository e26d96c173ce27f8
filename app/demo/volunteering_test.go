package demo_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
	"github.com/buurtboost/buurtboost/app/demo"
)

// The demo has a planned activity with tasks, one of them with a waiting
// list, with exact counters; seeding again adds nothing.
func TestSeedAllPlansVolunteering(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		ctx := context.Background()
		for range 2 {
			seedAll(t, bdb)
			if err := demo.SeedVolunteering(ctx, bdb, seedTime); err != nil {
				t.Fatal(err)
			}
		}
		for what, want := range map[string]int{
			"SELECT count(*) FROM activities WHERE status = 'planned'":          1,
			"SELECT count(*) FROM volunteer_tasks":                              3,
			"SELECT count(*) FROM volunteer_tasks WHERE activity_id IS NULL":    1,
			"SELECT count(*) FROM signups WHERE state = 'waiting'":              1,
			"SELECT count(*) FROM rsvps WHERE state = 'going'":                  5,
			"SELECT count(*) FROM activity WHERE kind IN ('rsvp', 'signed_up')": 11,
			`SELECT count(*) FROM volunteer_tasks AS t WHERE t.signed_count <>
				(SELECT count(*) FROM signups AS s WHERE s.task_id = t.id AND s.state = 'confirmed')`: 0,
		} {
			var got int
			if err := bdb.NewRaw(what).Scan(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s: %d, want %d", what, got, want)
			}
		}
	})
}
