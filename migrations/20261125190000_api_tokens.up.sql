-- API tokens for the read-only JSON API (/api/v1/). Only the SHA-256 hash
-- of a token is kept: the token itself is shown once, when it is made, so
-- a copy of the database lets nobody call the API. created_by is NULL for
-- tokens made on the command line (or once their maker's account is gone).
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   {{.Timestamp}} NOT NULL,
    revoked_at   {{.Timestamp}},
    last_used_at {{.Timestamp}}
);
