-- The transactional outbox: side effects (e-mail, search indexing) written
-- in the same transaction as the change that causes them, delivered by the
-- worker with retries. A delivered message is deleted. One pending message
-- per topic and key; "again" records that the message was added once more
-- while a worker had it in hand, so it is delivered again afterwards.
CREATE TABLE outbox (
{{- if eq .Name "pg"}}
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
{{- else}}
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
{{- end}}
    topic      TEXT NOT NULL,
    msg_key    TEXT NOT NULL,
    payload    {{.JSON}} NOT NULL,
    not_before {{.Timestamp}} NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    again      {{.Bool}} NOT NULL DEFAULT FALSE,
    created_at {{.Timestamp}} NOT NULL,
    UNIQUE (topic, msg_key)
);
--bun:split
CREATE INDEX outbox_due ON outbox (topic, not_before, id);
--bun:split
-- Notifications: in-app (the bell) and, through the outbox, e-mail.
-- notif_key makes queueing idempotent per user. A notification shows from
-- send_at on unless it was cancelled; emailed_at is set once its e-mail was
-- sent (or deliberately not sent), so a redelivered outbox message never
-- sends it twice.
CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    notif_key    TEXT NOT NULL,
    params       {{.JSON}} NOT NULL,
    link         TEXT NOT NULL DEFAULT '',
    created_at   {{.Timestamp}} NOT NULL,
    send_at      {{.Timestamp}} NOT NULL,
    read_at      {{.Timestamp}},
    cancelled_at {{.Timestamp}},
    emailed_at   {{.Timestamp}},
    UNIQUE (user_id, notif_key)
);
--bun:split
CREATE INDEX notifications_user ON notifications (user_id, send_at);
--bun:split
-- E-mail opt-outs per user and kind (one-click unsubscribe, settings page).
-- In-app notifications are always kept.
CREATE TABLE notification_optouts (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at {{.Timestamp}} NOT NULL,
    PRIMARY KEY (user_id, kind)
);
--bun:split
-- The language a user's e-mails are written in (Dutch unless they chose).
CREATE TABLE notification_settings (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL DEFAULT 'nl',
    updated_at {{.Timestamp}} NOT NULL
);
