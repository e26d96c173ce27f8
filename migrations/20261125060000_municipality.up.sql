-- The municipality's own settings: a single row (id = 1).
CREATE TABLE municipality_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name          TEXT NOT NULL,
    logo_url      TEXT NOT NULL DEFAULT '',
    primary_color TEXT NOT NULL DEFAULT '',
    accent_color  TEXT NOT NULL DEFAULT '',
    updated_at    {{.Timestamp}} NOT NULL
);
--bun:split

-- Neighbourhoods (buurten): the unit every figure and page is organised by.
CREATE TABLE neighbourhoods (
    id              TEXT PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    cbs_code        TEXT UNIQUE,
    population      INTEGER CHECK (population >= 0),
    outline_geojson {{.JSON}},
    created_at      {{.Timestamp}} NOT NULL,
    updated_at      {{.Timestamp}} NOT NULL
);
--bun:split

-- Themes tag initiatives and ideas; labels in both interface languages.
CREATE TABLE themes (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    label_nl   TEXT NOT NULL,
    label_en   TEXT NOT NULL,
    created_at {{.Timestamp}} NOT NULL
);
