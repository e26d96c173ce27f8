DROP TABLE dashboard_presets;
--bun:split
DROP INDEX initiatives_status_updated;
--bun:split
DROP INDEX idea_status_changes_status;
--bun:split
DROP INDEX activity_idea;
--bun:split
DROP INDEX activity_actor;
--bun:split
DROP INDEX activity_theme;
--bun:split
DROP INDEX activity_neighbourhood_kind;
--bun:split
DROP INDEX activity_kind_created;
