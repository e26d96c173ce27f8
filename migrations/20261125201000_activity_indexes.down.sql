CREATE INDEX activity_neighbourhood ON activity (neighbourhood_id, created_at);
--bun:split
CREATE INDEX activity_actor ON activity (actor_key, created_at);
--bun:split
CREATE INDEX activity_theme ON activity (theme_id, created_at);
--bun:split
CREATE INDEX activity_neighbourhood_kind ON activity (neighbourhood_id, kind, created_at, actor_key);
--bun:split
CREATE INDEX activity_kind_created ON activity (kind, created_at, neighbourhood_id, actor_key);
