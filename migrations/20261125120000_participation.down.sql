DROP TABLE activity;
--bun:split
DROP TABLE activity_keys;
--bun:split
DROP TABLE reports;
--bun:split
DROP TABLE comments;
--bun:split
DROP TABLE supports;
--bun:split
DROP TABLE idea_status_changes;
--bun:split
DROP TABLE ideas;
--bun:split
DROP TABLE updates;
--bun:split
DROP TABLE follows;
--bun:split
DROP TABLE organiser_invites;
--bun:split
DROP TABLE organisers;
--bun:split
DROP TABLE initiative_themes;
--bun:split
DROP TABLE initiative_slugs;
--bun:split
DROP TABLE initiatives;
