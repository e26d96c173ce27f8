package demo_test

import (
	"testing"

	"github.com/uptrace/bun"

	"github.com/buurtboost/buurtboost/app/db/dbtest"
)

// Every counter the seed sets equals the rows it counts, for every idea and
// initiative: one query per counter finds the ones that differ.
func TestSeededCountersAreExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		seedAll(t, bdb)
		for what, query := range map[string]string{
			"ideas whose supports_count is off": `SELECT count(*) FROM ideas AS d
				WHERE d.supports_count <> (SELECT count(*) FROM supports AS s WHERE s.idea_id = d.id)`,
			"ideas whose comments_count is off": `SELECT count(*) FROM ideas AS d
				WHERE d.comments_count <> (SELECT count(*) FROM comments AS c
					WHERE c.idea_id = d.id AND c.deleted_at IS NULL AND c.hidden_reason = '')`,
			"initiatives whose ideas_count is off": `SELECT count(*) FROM initiatives AS i
				WHERE i.ideas_count <> (SELECT count(*) FROM ideas AS d WHERE d.initiative_id = i.id)`,
			"initiatives whose followers_count is off": `SELECT count(*) FROM initiatives AS i
				WHERE i.followers_count <> (SELECT count(*) FROM follows AS f WHERE f.initiative_id = i.id)`,
		} {
			assertQuery(t, bdb, what, 0, query)
		}
		// The checks above must be able to fail: there are counters to check.
		assertAtLeast(t, bdb, "ideas with supports and comments", 51,
			`SELECT count(*) FROM ideas WHERE supports_count > 0 AND comments_count > 0`)
		assertAtLeast(t, bdb, "concealed comments left out of the count", 1,
			`SELECT count(*) FROM comments WHERE deleted_at IS NOT NULL OR hidden_reason <> ''`)
	})
}

// Every act has its activity-log row, by the actor's key, at the act's
// time, with the neighbourhood, initiative, idea and theme it concerns.
func TestSeededActivityMatchesTheActs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, bdb *bun.DB) {
		seedAll(t, bdb)
		for what, query := range map[string]string{
			"initiatives without their initiative_created row": `SELECT count(*) FROM initiatives AS i
				WHERE NOT EXISTS (SELECT 1 FROM activity AS a JOIN activity_keys AS k ON k.actor_key = a.actor_key
					JOIN initiative_themes AS it ON it.initiative_id = i.id AND it.theme_id = a.theme_id
					WHERE a.kind = 'initiative_created' AND a.initiative_id = i.id AND k.user_id = i.created_by
					AND a.neighbourhood_id = i.neighbourhood_id AND a.created_at = i.created_at AND a.idea_id IS NULL)`,
			"ideas without their idea_created row": `SELECT count(*) FROM ideas AS d JOIN initiatives AS i ON i.id = d.initiative_id
				WHERE NOT EXISTS (SELECT 1 FROM activity AS a JOIN activity_keys AS k ON k.actor_key = a.actor_key
					WHERE a.kind = 'idea_created' AND a.idea_id = d.id AND k.user_id = d.author_id
					AND a.initiative_id = i.id AND a.neighbourhood_id = i.neighbourhood_id AND a.created_at = d.created_at
					AND (a.theme_id = d.theme_id OR a.theme_id IS NULL AND d.theme_id IS NULL))`,
			"supports without their support_given row": `SELECT count(*) FROM supports AS s JOIN ideas AS d ON d.id = s.idea_id
				WHERE NOT EXISTS (SELECT 1 FROM activity AS a JOIN activity_keys AS k ON k.actor_key = a.actor_key
					WHERE a.kind = 'support_given' AND a.idea_id = s.idea_id AND k.user_id = s.user_id
					AND a.initiative_id = d.initiative_id AND a.created_at = s.created_at
					AND (a.theme_id = d.theme_id OR a.theme_id IS NULL AND d.theme_id IS NULL))`,
			"comments without their comment_posted row": `SELECT count(*) FROM comments AS c
				WHERE NOT EXISTS (SELECT 1 FROM activity AS a JOIN activity_keys AS k ON k.actor_key = a.actor_key
					WHERE a.kind = 'comment_posted' AND a.idea_id = c.idea_id AND k.user_id = c.author_id
					AND a.created_at = c.created_at)`,
			"follows without their followed row": `SELECT count(*) FROM follows AS f
				WHERE NOT EXISTS (SELECT 1 FROM activity AS a JOIN activity_keys AS k ON k.actor_key = a.actor_key
					WHERE a.kind = 'followed' AND a.initiative_id = f.initiative_id AND k.user_id = f.user_id
					AND a.created_at = f.created_at)`,
			"updates without their update_posted row": `SELECT count(*) FROM updates AS u
				WHERE NOT EXISTS (SELECT 1 FROM activity AS a JOIN activity_keys AS k ON k.actor_key = a.actor_key
					WHERE a.kind = 'update_posted' AND a.initiative_id = u.initiative_id AND k.user_id = u.author_id
					AND a.created_at = u.created_at)`,
			"activity in another neighbourhood than its initiative": `SELECT count(*) FROM activity AS a
				JOIN initiatives AS i ON i.id = a.initiative_id WHERE a.neighbourhood_id <> i.neighbourhood_id`,
			"ideas whose supports differ from given minus withdrawn": `SELECT count(*) FROM ideas AS d
				WHERE d.supports_count <> (SELECT count(*) FROM activity AS a WHERE a.idea_id = d.id AND a.kind = 'support_given')
					- (SELECT count(*) FROM activity AS a WHERE a.idea_id = d.id AND a.kind = 'support_withdrawn')`,
		} {
			assertQuery(t, bdb, what, 0, query)
		}
		// One row per act: no more log rows than acts.
		assertQuery(t, bdb, "log rows that are not acts", 0, `SELECT (SELECT count(*) FROM activity) - (
			(SELECT count(*) FROM initiatives) + (SELECT count(*) FROM ideas) + (SELECT count(*) FROM comments)
			+ (SELECT count(*) FROM follows) + (SELECT count(*) FROM updates)
			+ (SELECT count(*) FROM activity WHERE kind IN ('support_given', 'support_withdrawn')))`)
		assertAtLeast(t, bdb, "withdrawn supports in the log", 1,
			`SELECT count(*) FROM activity WHERE kind = 'support_withdrawn'`)
	})
}
