ALTER TABLE municipality_settings DROP COLUMN privacy_contact;
--bun:split
DROP TABLE retention_warnings;
--bun:split
ALTER TABLE users DROP COLUMN blocked_reason;
--bun:split
ALTER TABLE users DROP COLUMN blocked_at;
--bun:split
DROP TABLE audit_log;
