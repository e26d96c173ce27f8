-- An idea's neighbourhood is its initiative's, copied onto the idea so that
-- the newest and most supported ideas of a neighbourhood come straight from
-- an index instead of from sorting all ideas of its initiatives. It is a
-- copy, so it has no foreign key of its own (and can be dropped again). The
-- initiative service moves its ideas along when an initiative changes
-- neighbourhood.
ALTER TABLE ideas ADD COLUMN neighbourhood_id TEXT;

--bun:split

UPDATE ideas SET neighbourhood_id = (SELECT ini.neighbourhood_id FROM initiatives AS ini WHERE ini.id = ideas.initiative_id);

--bun:split

CREATE INDEX ideas_neighbourhood_created ON ideas (neighbourhood_id, created_at, id);

--bun:split

CREATE INDEX ideas_neighbourhood_supported ON ideas (neighbourhood_id, supports_count, id);
