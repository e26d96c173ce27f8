DROP TABLE sessions;
--bun:split
DROP TABLE identities;
--bun:split
DROP TABLE users;
