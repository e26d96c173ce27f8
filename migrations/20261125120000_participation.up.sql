-- Initiatives: what residents start. The slug is the readable address;
-- earlier slugs stay in initiative_slugs and redirect.
CREATE TABLE initiatives (
    id               TEXT PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    description      TEXT NOT NULL,
    neighbourhood_id TEXT NOT NULL REFERENCES neighbourhoods (id),
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'completed', 'archived')),
    cover_image      TEXT NOT NULL DEFAULT '',
    website_url      TEXT NOT NULL DEFAULT '',
    facebook_url     TEXT NOT NULL DEFAULT '',
    instagram_url    TEXT NOT NULL DEFAULT '',
    x_url            TEXT NOT NULL DEFAULT '',
    whatsapp_url     TEXT NOT NULL DEFAULT '',
    created_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    followers_count  INTEGER NOT NULL DEFAULT 0 CHECK (followers_count >= 0),
    ideas_count      INTEGER NOT NULL DEFAULT 0 CHECK (ideas_count >= 0),
    created_at       {{.Timestamp}} NOT NULL,
    updated_at       {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX initiatives_neighbourhood ON initiatives (neighbourhood_id, created_at);
--bun:split
CREATE INDEX initiatives_created ON initiatives (created_at);
--bun:split
CREATE INDEX initiatives_status ON initiatives (status, created_at);
--bun:split
CREATE INDEX initiatives_creator ON initiatives (created_by, created_at);
--bun:split
CREATE TABLE initiative_slugs (
    slug          TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    created_at    {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX initiative_slugs_initiative ON initiative_slugs (initiative_id);
--bun:split
CREATE TABLE initiative_themes (
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    theme_id      TEXT NOT NULL REFERENCES themes (id),
    PRIMARY KEY (initiative_id, theme_id)
);
--bun:split
CREATE INDEX initiative_themes_theme ON initiative_themes (theme_id);
--bun:split
CREATE TABLE organisers (
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    {{.Timestamp}} NOT NULL,
    PRIMARY KEY (initiative_id, user_id)
);
--bun:split
CREATE INDEX organisers_user ON organisers (user_id);
--bun:split
-- One-time invitations to become co-organiser; only the token's hash is kept.
CREATE TABLE organiser_invites (
    id            TEXT PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    {{.Timestamp}} NOT NULL,
    expires_at    {{.Timestamp}} NOT NULL,
    used_at       {{.Timestamp}},
    used_by       TEXT REFERENCES users (id) ON DELETE SET NULL
);
--bun:split
CREATE INDEX organiser_invites_initiative ON organiser_invites (initiative_id);
--bun:split
CREATE TABLE follows (
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    {{.Timestamp}} NOT NULL,
    PRIMARY KEY (initiative_id, user_id)
);
--bun:split
CREATE INDEX follows_user ON follows (user_id);
--bun:split
CREATE TABLE updates (
    id            TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    author_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    created_at    {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX updates_initiative ON updates (initiative_id, created_at);
--bun:split

-- Ideas on an initiative, with exact counters kept in the same transaction
-- as the rows they count.
CREATE TABLE ideas (
    id              TEXT PRIMARY KEY,
    initiative_id   TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    author_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    theme_id        TEXT REFERENCES themes (id),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'considering', 'planned', 'done', 'not_now')),
    status_reason   TEXT NOT NULL DEFAULT '',
    first_status_at {{.Timestamp}},
    supports_count  INTEGER NOT NULL DEFAULT 0 CHECK (supports_count >= 0),
    comments_count  INTEGER NOT NULL DEFAULT 0 CHECK (comments_count >= 0),
    removed_at      {{.Timestamp}},
    created_at      {{.Timestamp}} NOT NULL,
    updated_at      {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX ideas_initiative_created ON ideas (initiative_id, created_at, id);
--bun:split
CREATE INDEX ideas_initiative_supports ON ideas (initiative_id, supports_count, id);
--bun:split
CREATE INDEX ideas_author ON ideas (author_id, created_at);
--bun:split
CREATE INDEX ideas_created ON ideas (created_at, id);
--bun:split
CREATE INDEX ideas_supported ON ideas (supports_count, id);
--bun:split
CREATE TABLE idea_status_changes (
    id         TEXT PRIMARY KEY,
    idea_id    TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    changed_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX idea_status_changes_idea ON idea_status_changes (idea_id, created_at);
--bun:split
CREATE TABLE supports (
    idea_id    TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at {{.Timestamp}} NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);
--bun:split
CREATE INDEX supports_user ON supports (user_id);
--bun:split
CREATE INDEX supports_recent ON supports (idea_id, created_at);
--bun:split
CREATE TABLE comments (
    id            TEXT PRIMARY KEY,
    idea_id       TEXT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    parent_id     TEXT REFERENCES comments (id) ON DELETE CASCADE,
    author_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    hidden_reason TEXT NOT NULL DEFAULT '',
    hidden_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    deleted_at    {{.Timestamp}},
    created_at    {{.Timestamp}} NOT NULL,
    updated_at    {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX comments_idea ON comments (idea_id, created_at);
--bun:split
CREATE INDEX comments_parent ON comments (parent_id);
--bun:split
-- Reports of content; handled by the moderation work, stored from now on.
CREATE TABLE reports (
    id          TEXT PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('initiative', 'idea', 'comment', 'update')),
    target_id   TEXT NOT NULL,
    reporter_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('spam', 'insult', 'personal_data', 'other')),
    text        TEXT NOT NULL DEFAULT '',
    created_at  {{.Timestamp}} NOT NULL,
    resolved_at {{.Timestamp}},
    UNIQUE (target_kind, target_id, reporter_id)
);
--bun:split

-- The activity log: what happened where, by a pseudonymous key. The
-- dashboard reads only this. activity_keys links a user to their key;
-- deleting that row (account deletion) unlinks the log from the person.
CREATE TABLE activity_keys (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    actor_key  TEXT NOT NULL UNIQUE,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split
CREATE TABLE activity (
    id               TEXT PRIMARY KEY,
    actor_key        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    neighbourhood_id TEXT,
    initiative_id    TEXT,
    idea_id          TEXT,
    theme_id         TEXT,
    created_at       {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX activity_created ON activity (created_at);
--bun:split
CREATE INDEX activity_neighbourhood ON activity (neighbourhood_id, created_at);
