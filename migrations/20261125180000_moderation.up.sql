-- Moderators (an initiative's organisers, administrators) and the
-- three-reports rule hide initiatives, ideas and updates as they already
-- hide comments: hidden_reason is shown in the item's place to everyone but
-- its authors and moderators; hidden_by is the moderator, NULL when
-- reports hid it pending review. Hidden items leave every list, feed and
-- the search index; their rows stay, so that restoring them loses nothing.
ALTER TABLE initiatives ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE initiatives ADD COLUMN hidden_by TEXT REFERENCES users (id) ON DELETE SET NULL;
--bun:split
ALTER TABLE initiatives ADD COLUMN hidden_at {{.Timestamp}};
--bun:split
ALTER TABLE ideas ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE ideas ADD COLUMN hidden_by TEXT REFERENCES users (id) ON DELETE SET NULL;
--bun:split
ALTER TABLE ideas ADD COLUMN hidden_at {{.Timestamp}};
--bun:split
ALTER TABLE updates ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE updates ADD COLUMN hidden_by TEXT REFERENCES users (id) ON DELETE SET NULL;
--bun:split
ALTER TABLE updates ADD COLUMN hidden_at {{.Timestamp}};
--bun:split

-- An author's appeal against the hiding of their content, decided by an
-- administrator: restored (shown again) or upheld (stays hidden), with a
-- reason the author sees. One open appeal per item.
CREATE TABLE appeals (
    id              TEXT PRIMARY KEY,
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('initiative', 'idea', 'comment', 'update')),
    target_id       TEXT NOT NULL,
    appellant_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    created_at      {{.Timestamp}} NOT NULL,
    decision        TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'restored', 'upheld')),
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_by      TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_at      {{.Timestamp}}
);
--bun:split
CREATE UNIQUE INDEX appeals_open ON appeals (target_kind, target_id) WHERE decided_at IS NULL;
--bun:split
CREATE INDEX appeals_target ON appeals (target_kind, target_id, created_at);
--bun:split
CREATE INDEX appeals_appellant ON appeals (appellant_id);
