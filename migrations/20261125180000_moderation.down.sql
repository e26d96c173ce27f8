DROP TABLE appeals;
--bun:split
ALTER TABLE updates DROP COLUMN hidden_at;
--bun:split
ALTER TABLE updates DROP COLUMN hidden_by;
--bun:split
ALTER TABLE updates DROP COLUMN hidden_reason;
--bun:split
ALTER TABLE ideas DROP COLUMN hidden_at;
--bun:split
ALTER TABLE ideas DROP COLUMN hidden_by;
--bun:split
ALTER TABLE ideas DROP COLUMN hidden_reason;
--bun:split
ALTER TABLE initiatives DROP COLUMN hidden_at;
--bun:split
ALTER TABLE initiatives DROP COLUMN hidden_by;
--bun:split
ALTER TABLE initiatives DROP COLUMN hidden_reason;
