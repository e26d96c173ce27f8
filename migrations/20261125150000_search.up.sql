-- The embedded search index: one row per public document (initiative,
-- idea, activity, task). `doc` holds the document as JSON for display;
-- the other columns are what queries filter, sort and facet on.
-- Diacritics are folded (in Go for PostgreSQL, by the tokenizer on
-- SQLite) so that "café" finds "cafe".
{{if eq .Name "pg"}}
CREATE TABLE search_index (
    key              TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,
    neighbourhood_id TEXT NOT NULL,
    themes           TEXT NOT NULL,
    status           TEXT NOT NULL,
    initiative_id    TEXT NOT NULL,
    supports         INTEGER NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    doc              TEXT NOT NULL,
    -- Dutch stems and exact words (for prefix queries) of the folded title
    -- (weight A) and body (weight B).
    tsv              TSVECTOR NOT NULL
);
--bun:split
CREATE INDEX search_index_tsv ON search_index USING GIN (tsv);
--bun:split
CREATE INDEX search_index_neighbourhood ON search_index (neighbourhood_id, created_at);
--bun:split
CREATE INDEX search_index_initiative ON search_index (initiative_id, kind);
--bun:split
CREATE INDEX search_index_kind ON search_index (kind, created_at);
--bun:split
-- Every word ever indexed, for correcting typos in queries.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY
)
{{else}}
-- FTS5 with Unicode folding and prefix indexes. The tags column holds
-- filter tokens (nb<neighbourhood>, k<kind>, in<initiative>, hex without
-- dashes) so that filters are answered from the full-text index too.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, tags,
    key UNINDEXED, kind UNINDEXED, neighbourhood_id UNINDEXED, themes UNINDEXED,
    status UNINDEXED, initiative_id UNINDEXED, supports UNINDEXED, created_at UNINDEXED, doc UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
--bun:split
-- The index's vocabulary, for correcting typos in queries.
CREATE VIRTUAL TABLE search_vocab USING fts5vocab('search_index', 'row')
{{end}}
