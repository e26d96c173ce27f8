DROP TABLE activity_rollup_state;
--bun:split
DROP TABLE activity_rollup_firsts;
--bun:split
DROP TABLE activity_rollup;
--bun:split
DROP TABLE activity_rollup_keys;
--bun:split
DROP INDEX activity_not_rolled_up;
--bun:split
ALTER TABLE activity DROP COLUMN rolled_up;
