package ledger

import (
	"context"
	"fmt"
	"strings"
)

// pgForeignKeyCheck is PRAGMA foreign_key_check on PostgreSQL: one query
// over every foreign key of the schema, a row (table, the key's value,
// parent, 0) for each row whose parent is missing. The server enforces the
// keys, but someone with the database's keys can switch them off
// (session_replication_role), as PRAGMA foreign_keys = OFF does on SQLite.
func (s *Store) pgForeignKeyCheck(ctx context.Context) (string, error) {
	var parts []string
	err := s.each(ctx, "foreign keys", pgRaw+`SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
			(SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(num, n)
				JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num),
			(SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(num, n)
				JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num)
		FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
		WHERE c.contype = 'f' AND n.nspname = current_schema() ORDER BY 1, 2`, func(scan scanFunc) error {
		var child, parent, cols, pcols string
		if err := scan(&child, &parent, &cols, &pcols); err != nil {
			return err
		}
		cs, ps := strings.Split(cols, ","), strings.Split(pcols, ",")
		var notNull, join, shown []string
		for i := range cs {
			notNull = append(notNull, "t."+cs[i]+" IS NOT NULL")
			join = append(join, "p."+ps[i]+" = t."+cs[i])
			shown = append(shown, fmt.Sprintf("'%s ' || t.%s", strings.Trim(cs[i], `"`), cs[i]))
		}
		parts = append(parts, fmt.Sprintf(`(SELECT '%s', %s, '%s', 0 FROM %s t WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s) LIMIT 20)`,
			child, strings.Join(shown, " || ', ' || "), parent, child, strings.Join(notNull, " AND "), parent, strings.Join(join, " AND ")))
		return nil
	})
	if err != nil {
		return "", err
	}
	if len(parts) == 0 {
		return pgRaw + `SELECT '', '', '', 0 WHERE false`, nil
	}
	return pgRaw + strings.Join(parts, " UNION ALL "), nil
}
