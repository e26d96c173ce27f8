-- The audit log: who did what, when and why, for moderation actions, role
-- changes and account deletions. The application only ever inserts. The
-- actor is kept by id, not by name, so that deleting an account leaves no
-- name here; the foreign key then forgets the id as well.
CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    actor_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    actor_role   TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject_kind TEXT NOT NULL DEFAULT '',
    subject_id   TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    created_at   {{.Timestamp}} NOT NULL
);
--bun:split
CREATE INDEX audit_log_created ON audit_log (created_at, id);
--bun:split
CREATE INDEX audit_log_actor ON audit_log (actor_id);
--bun:split

-- A blocked user can still log in and read, but not write (enforced in one
-- place, the web layer's access check). The reason is shown to them.
ALTER TABLE users ADD COLUMN blocked_at {{.Timestamp}};
--bun:split
ALTER TABLE users ADD COLUMN blocked_reason TEXT NOT NULL DEFAULT '';
--bun:split

-- Accounts inactive for ACCOUNT_RETENTION_DAYS are deleted; a row here
-- records that the user was warned, and when. Activity after the warning
-- removes the row.
CREATE TABLE retention_warnings (
    user_id   TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    warned_at {{.Timestamp}} NOT NULL
);
--bun:split

-- Where residents turn with privacy questions (an e-mail address or a web
-- address), shown with the privacy statement; set in the console.
ALTER TABLE municipality_settings ADD COLUMN privacy_contact TEXT NOT NULL DEFAULT '';
