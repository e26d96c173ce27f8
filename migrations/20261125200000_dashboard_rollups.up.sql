-- Daily rollups of the activity log for the dashboard. At a million log
-- rows the report's aggregates straight on the log took seconds (the
-- year's figures read both years' rows, several times over); now a report
-- reads one row per day of its span plus the few log rows not yet rolled
-- up, and counts in Go (package dashboard, rollup.go).
--
-- rolled_up marks the log rows that have been added into a day's rollup,
-- so every row is counted exactly once: in its day's rollup or, until the
-- next roll-up, straight from the log. The write path only inserts with the
-- default (and one entry in the small partial index of rows not yet rolled
-- up); the dashboard rolls up complete days lazily, in one transaction
-- that marks the rows it adds (UPDATE ... RETURNING), so rows committed
-- late or with a past created_at are picked up the next time.
ALTER TABLE activity ADD COLUMN rolled_up {{.Bool}} NOT NULL DEFAULT FALSE;
--bun:split
CREATE INDEX activity_not_rolled_up ON activity (created_at) WHERE NOT rolled_up;
--bun:split
-- Compact integer ids for the keys in the rollups (actor keys,
-- neighbourhood, theme, initiative and idea ids): a day's entries are
-- small, and counting distinct people is counting distinct integers.
CREATE TABLE activity_rollup_keys (
    id    INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
);
--bun:split
-- One row per UTC day (days since 1970-01-01): the day's rolled-up log
-- rows, counted per kind, neighbourhood, theme, actor, initiative and idea,
-- encoded as varints (a blob is a few kilobytes; a row per combination
-- would be nearly as many rows as the log).
CREATE TABLE activity_rollup (
    day     INTEGER PRIMARY KEY,
    entries {{if eq .Name "pg"}}BYTEA{{else}}BLOB{{end}} NOT NULL,
    acts    INTEGER NOT NULL
);
{{if eq .Name "pg"}}
--bun:split
-- Varints hardly compress: store them as they are, without pglz.
ALTER TABLE activity_rollup ALTER COLUMN entries SET STORAGE EXTERNAL;
{{end}}
--bun:split
-- The first day each actor took part in each neighbourhood and theme (0
-- for none): "new participants" are those with no first day in the
-- selection before the period.
CREATE TABLE activity_rollup_firsts (
    actor         INTEGER NOT NULL,
    neighbourhood INTEGER NOT NULL,
    theme         INTEGER NOT NULL,
    day           INTEGER NOT NULL,
    PRIMARY KEY (actor, neighbourhood, theme)
);
--bun:split
CREATE INDEX activity_rollup_firsts_day ON activity_rollup_firsts (day, neighbourhood, theme, actor);
--bun:split
-- One row whose update serialises roll-ups (of several web processes);
-- version counts them, so that a report can tell that one committed while
-- it read (and read again).
CREATE TABLE activity_rollup_state (
    id        INTEGER PRIMARY KEY,
    version   INTEGER NOT NULL DEFAULT 0,
    rolled_at {{.Timestamp}}
);
--bun:split
INSERT INTO activity_rollup_state (id) VALUES (1);
