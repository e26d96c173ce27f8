-- Users: residents, municipality staff and administrators. Only what the
-- product needs is kept from a login provider: a name, an avatar URL and a
-- verified e-mail address. Never tokens.
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    display_name        TEXT NOT NULL,
    avatar_url          TEXT NOT NULL DEFAULT '',
    email               TEXT,
    neighbourhood_id    TEXT REFERENCES neighbourhoods (id) ON DELETE SET NULL,
    neighbourhood_asked {{.Bool}} NOT NULL DEFAULT FALSE,
    role                TEXT NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'staff', 'admin')),
    email_consent       {{.Bool}} NOT NULL DEFAULT FALSE,
    created_at          {{.Timestamp}} NOT NULL,
    updated_at          {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX users_email ON users (email);
--bun:split
CREATE INDEX users_role ON users (role);
--bun:split

-- Identities link a user to an account at a login provider, keyed on the
-- provider's subject: never on e-mail, so no provider can take over another
-- provider's account.
CREATE TABLE identities (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    created_at    {{.Timestamp}} NOT NULL,
    last_login_at {{.Timestamp}} NOT NULL,
    UNIQUE (provider, subject)
);
--bun:split
CREATE INDEX identities_user ON identities (user_id);
--bun:split

-- Sessions are server-side; the cookie holds a random 256-bit token and the
-- table only its SHA-256, so a copy of the database cannot log anyone in.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   {{.Timestamp}} NOT NULL,
    last_seen_at {{.Timestamp}} NOT NULL,
    expires_at   {{.Timestamp}} NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX sessions_user ON sessions (user_id);
