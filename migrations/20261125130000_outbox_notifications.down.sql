DROP TABLE notification_settings;
--bun:split
DROP TABLE notification_optouts;
--bun:split
DROP TABLE notifications;
--bun:split
DROP TABLE outbox;
