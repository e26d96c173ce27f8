{{if eq .Name "pg"}}
DROP TABLE IF EXISTS search_index_next;
--bun:split
DROP TABLE search_terms;
--bun:split
DROP TABLE search_index
{{else}}
DROP TABLE search_vocab;
--bun:split
DROP TABLE IF EXISTS search_index_next;
--bun:split
DROP TABLE search_index
{{end}}
