package ledger

import "testing"

func TestPgSQL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE id = ? AND b = ?`, `SELECT a FROM t WHERE id = $1 AND b = $2`},
		{`SELECT ?1, ?2, ?1, ?`, `SELECT $1, $2, $1, $3`},
		{`SELECT '?', "a?", ? -- what?
			/* ? */ FROM t`, `SELECT '?', "a?", $1 -- what?
			/* ? */ FROM t`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{`INSERT OR FAIL INTO transfers (a) VALUES (?)`, `INSERT INTO transfers (a) VALUES ($1)`},
		{`UPDATE OR FAIL deals SET held = ? WHERE id = ?`, `UPDATE deals SET held = $1 WHERE id = $2`},
		{`insert or fail into t (a) values (?)`, `insert into t (a) values ($1)`},
		{`INSERT INTO t SELECT 1 WHERE a OR b`, `INSERT INTO t SELECT 1 WHERE a OR b`},
		{`SELECT coalesce((SELECT group_concat(code, ',') FROM dc), '')`, `SELECT coalesce((SELECT string_agg(CAST(code AS TEXT), ',') FROM dc), '')`},
		{`SELECT group_concat(id)`, `SELECT string_agg(CAST(id AS TEXT), ',')`},
		{`SELECT group_concat(DISTINCT id)`, `SELECT string_agg(DISTINCT CAST(id AS TEXT), ',')`},
		{`WHERE name LIKE ?1 ESCAPE '\' OR x NOT LIKE 'LIKE'`, `WHERE name ILIKE $1 ESCAPE '\' OR x NOT ILIKE 'LIKE'`},
		{`SELECT coalesce(max(max(abs(held)), max(abs(owed))), 0), max(id), min(a, b), MAX(x,y)`,
			`SELECT coalesce(greatest(max(abs(held)), max(abs(owed))), 0), max(id), least(a, b), greatest(x,y)`},
		{`SELECT max_amount, maximum(a, b) FROM t`, `SELECT max_amount, maximum(a, b) FROM t`},
		{`SELECT CAST(substr(t.date, 1, 4) AS INTEGER), ifnull(a, 0)`, `SELECT CAST(substr(t.date, 1, 4) AS BIGINT), coalesce(a, 0)`},
		{`ORDER BY cr.name COLLATE NOCASE`, `ORDER BY cr.name COLLATE NOCASE`},
		{`SELECT count(*) FROM t`, `SELECT count(*) FROM t`},
		{`trim(cr.x, ' ' || char(9, 10))`, `trim(cr.x, ' ' || (chr(9) || chr(10)))`},
	} {
		if got := pgSQL(c.in); got != c.want {
			t.Errorf("pgSQL(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}
