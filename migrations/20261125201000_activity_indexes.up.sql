-- The dashboard reads the log through its daily rollups now
-- (20261125200000_dashboard_rollups), so the indexes that served its
-- aggregates straight on the log only cost every write of an act (each
-- support toggle wrote nine index entries, now four). The log keeps its
-- primary key, activity_created (periods that do not start at midnight
-- are still counted on the log), activity_idea (the idea's edit window)
-- and activity_not_rolled_up.
DROP INDEX activity_kind_created;
--bun:split
DROP INDEX activity_neighbourhood_kind;
--bun:split
DROP INDEX activity_theme;
--bun:split
DROP INDEX activity_actor;
--bun:split
DROP INDEX activity_neighbourhood;
