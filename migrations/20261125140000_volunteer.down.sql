ALTER TABLE activity DROP COLUMN minutes;
--bun:split
DROP TABLE calendar_tokens;
--bun:split
DROP TABLE signups;
--bun:split
DROP TABLE volunteer_tasks;
--bun:split
DROP TABLE rsvps;
--bun:split
DROP TABLE activities;
