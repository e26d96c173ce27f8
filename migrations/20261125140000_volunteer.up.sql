-- Activities on an initiative: a street dinner, a clean-up. Times are
-- stored in UTC and shown in Europe/Amsterdam. going_count and
-- waiting_count are kept exact in the same transaction as the RSVPs they
-- count; next_seq numbers RSVPs so that a waiting list keeps its order.
CREATE TABLE activities (
    id             TEXT PRIMARY KEY,
    initiative_id  TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    starts_at      {{.Timestamp}} NOT NULL,
    ends_at        {{.Timestamp}} NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    attendee_limit INTEGER CHECK (attendee_limit IS NULL OR attendee_limit >= 1),
    status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled', 'held')),
    cancel_reason  TEXT NOT NULL DEFAULT '',
    going_count    INTEGER NOT NULL DEFAULT 0 CHECK (going_count >= 0),
    waiting_count  INTEGER NOT NULL DEFAULT 0 CHECK (waiting_count >= 0),
    next_seq       INTEGER NOT NULL DEFAULT 1,
    sequence       INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at     {{.Timestamp}} NOT NULL,
    updated_at     {{.Timestamp}} NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (attendee_limit IS NULL OR going_count <= attendee_limit)
);
--bun:split
CREATE INDEX activities_initiative ON activities (initiative_id, starts_at);
--bun:split
CREATE INDEX activities_starts ON activities (starts_at);
--bun:split
CREATE TABLE rsvps (
    activity_id TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state       TEXT NOT NULL CHECK (state IN ('going', 'waiting', 'not_going')),
    seq         INTEGER NOT NULL,
    created_at  {{.Timestamp}} NOT NULL,
    updated_at  {{.Timestamp}} NOT NULL,
    PRIMARY KEY (activity_id, user_id)
);
--bun:split
CREATE INDEX rsvps_queue ON rsvps (activity_id, state, seq);
--bun:split
CREATE INDEX rsvps_user ON rsvps (user_id);
--bun:split

-- Volunteer tasks, on an activity or standalone, with a capacity. The
-- counters are exact and the CHECK makes overfilling impossible even for
-- a bug: a transaction that would exceed capacity fails.
CREATE TABLE volunteer_tasks (
    id            TEXT PRIMARY KEY,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    activity_id   TEXT REFERENCES activities (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    bring         TEXT NOT NULL DEFAULT '',
    starts_at     {{.Timestamp}} NOT NULL,
    ends_at       {{.Timestamp}} NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    cancel_reason TEXT NOT NULL DEFAULT '',
    signed_count  INTEGER NOT NULL DEFAULT 0 CHECK (signed_count >= 0),
    waiting_count INTEGER NOT NULL DEFAULT 0 CHECK (waiting_count >= 0),
    next_seq      INTEGER NOT NULL DEFAULT 1,
    sequence      INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at    {{.Timestamp}} NOT NULL,
    updated_at    {{.Timestamp}} NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (signed_count <= capacity)
);
--bun:split
CREATE INDEX volunteer_tasks_initiative ON volunteer_tasks (initiative_id, starts_at);
--bun:split
CREATE INDEX volunteer_tasks_activity ON volunteer_tasks (activity_id);
--bun:split
CREATE INDEX volunteer_tasks_starts ON volunteer_tasks (starts_at);
--bun:split
CREATE TABLE signups (
    id             TEXT PRIMARY KEY,
    task_id        TEXT NOT NULL REFERENCES volunteer_tasks (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state          TEXT NOT NULL CHECK (state IN ('confirmed', 'waiting', 'removed')),
    seq            INTEGER NOT NULL,
    removed_reason TEXT NOT NULL DEFAULT '',
    rejoined       {{.Bool}} NOT NULL DEFAULT FALSE,
    attendance     TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', 'showed_up', 'no_show')),
    created_at     {{.Timestamp}} NOT NULL,
    updated_at     {{.Timestamp}} NOT NULL,
    UNIQUE (task_id, user_id)
);
--bun:split
CREATE INDEX signups_queue ON signups (task_id, state, seq);
--bun:split
CREATE INDEX signups_user ON signups (user_id);
--bun:split

-- A user's private calendar feed: only the SHA-256 of the token is kept;
-- making a new link or revoking deletes the old row.
CREATE TABLE calendar_tokens (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at {{.Timestamp}} NOT NULL
);
--bun:split

-- Volunteer hours for the dashboard: an "attended" row carries the task's
-- minutes (negative when an attendance is taken back).
ALTER TABLE activity ADD COLUMN minutes INTEGER NOT NULL DEFAULT 0;
