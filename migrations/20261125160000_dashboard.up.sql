-- The municipality's dashboard reads the activity log by period, kind,
-- neighbourhood, theme and actor; these indexes keep its aggregates to
-- index range scans instead of reading the whole log. The first two also
-- carry the actor key and neighbourhood, so that counting people and acts
-- per week and per neighbourhood reads the index alone.
CREATE INDEX activity_kind_created ON activity (kind, created_at, neighbourhood_id, actor_key);
--bun:split
CREATE INDEX activity_neighbourhood_kind ON activity (neighbourhood_id, kind, created_at, actor_key);
--bun:split
CREATE INDEX activity_theme ON activity (theme_id, created_at);
--bun:split
-- "New participants": has this key acted before the period?
CREATE INDEX activity_actor ON activity (actor_key, created_at);
--bun:split
CREATE INDEX activity_idea ON activity (idea_id, kind, created_at);
--bun:split
-- Ideas marked planned in a period (online to offline).
CREATE INDEX idea_status_changes_status ON idea_status_changes (status, created_at);
--bun:split
-- Initiatives completed in a period.
CREATE INDEX initiatives_status_updated ON initiatives (status, updated_at);
--bun:split
-- Staff's own saved dashboard filters: a name and the filter's query string
-- (neighbourhood and theme ids, period); nothing about residents.
CREATE TABLE dashboard_presets (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at {{.Timestamp}} NOT NULL,
    UNIQUE (user_id, name)
);
