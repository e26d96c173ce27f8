DROP INDEX ideas_neighbourhood_supported;

--bun:split

DROP INDEX ideas_neighbourhood_created;

--bun:split

ALTER TABLE ideas DROP COLUMN neighbourhood_id;
