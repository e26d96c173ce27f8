DROP TABLE themes;
--bun:split
DROP TABLE neighbourhoods;
--bun:split
DROP TABLE municipality_settings;
