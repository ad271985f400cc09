package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// The copier (copy.go) reads which tables a ledger has, their columns, keys
// and foreign keys from the database's own catalog, here and only here: a
// column added by a migration is copied and compared without anyone typing
// it into a list.

// copyTable is one table of a ledger as the copier sees it.
type copyTable struct {
	name string
	cols []copyColumn
	// pk are the indexes in cols of the primary key, in key order: rows are
	// copied and compared in this order.
	pk []int
	// parents are the tables this one's foreign keys point at (itself
	// excluded: a transfer that reverses another points at a smaller id,
	// which the key order copies first).
	parents []string
	// identity is the column whose values PostgreSQL generates ("" when
	// none): its sequence is moved past the copied ids.
	identity string
	// target is the same table in the ledger copied into: its column
	// order and kinds may differ (a column added by a migration comes last
	// in SQLite).
	target *copyTable
}

// copyColumn is one column and the kind of value it holds.
type copyColumn struct {
	name string
	kind valueKind
}

// valueKind is what a column holds, the same on both backends.
type valueKind int

const (
	kindInteger valueKind = iota
	kindText
	kindBlob
	kindReal
	// kindBool is a PostgreSQL boolean, an integer 0 or 1 in SQLite.
	kindBool
)

func (k valueKind) String() string {
	return [...]string{"integer", "text", "blob", "real", "boolean"}[k]
}

// sqliteKind is the kind of an SQLite column by its declared type, with
// SQLite's own affinity rules.
func sqliteKind(decl string) valueKind {
	d := strings.ToUpper(decl)
	switch {
	case strings.Contains(d, "INT"):
		return kindInteger
	case strings.Contains(d, "CHAR"), strings.Contains(d, "CLOB"), strings.Contains(d, "TEXT"):
		return kindText
	case d == "", strings.Contains(d, "BLOB"):
		return kindBlob
	}
	return kindReal
}

// pgKind is the kind of a PostgreSQL column by its data type.
func pgKind(typ string) (valueKind, error) {
	switch typ {
	case "bigint", "integer", "smallint":
		return kindInteger, nil
	case "text", "character varying", "character", "name":
		return kindText, nil
	case "bytea":
		return kindBlob, nil
	case "boolean":
		return kindBool, nil
	case "double precision", "real":
		return kindReal, nil
	}
	return 0, fmt.Errorf("column type %s has no SQLite counterpart", typ)
}

// copyMetaTables are tables of the schema's own bookkeeping, not ledger
// data: PostgreSQL keeps the schema version in payouts_meta (SQLite in the
// file header), and each backend writes its own.
var copyMetaTables = map[string]bool{"payouts_meta": true}

// copyTables describes the ledger's tables in an order that copies every
// row after the rows its foreign keys point at.
func (s *Store) copyTables(ctx context.Context, q queryer) ([]copyTable, error) {
	var tables []copyTable
	var err error
	if onPostgres(s) {
		tables, err = pgCopyTables(ctx, q)
	} else {
		tables, err = sqliteCopyTables(ctx, q)
	}
	if err != nil {
		return nil, fmt.Errorf("read the schema of %s: %w", displayName(s), err)
	}
	return foreignKeyOrder(tables)
}

// queryer is a *sql.DB, *sql.Tx or *sql.Conn.
type queryer interface {
	queryRower
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query on q and calls fn for every row; like Store.each, an
// error that ends the rows is returned, never taken for the end.
func eachRow(ctx context.Context, q queryer, query string, fn func(scan scanFunc) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			rows.Close()
			return err
		}
	}
	return closeRows(rows)
}

func sqliteCopyTables(ctx context.Context, q queryer) ([]copyTable, error) {
	var names []string
	err := eachRow(ctx, q, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`, func(scan scanFunc) error {
		var n string
		err := scan(&n)
		names = append(names, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	var tables []copyTable
	for _, name := range names {
		if copyMetaTables[name] {
			continue
		}
		t := copyTable{name: name}
		type pkCol struct{ col, order int }
		var pks []pkCol
		err := eachRow(ctx, q, `SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, func(scan scanFunc) error {
			var col, decl string
			var pk int
			if err := scan(&col, &decl, &pk); err != nil {
				return err
			}
			if pk > 0 {
				pks = append(pks, pkCol{len(t.cols), pk})
			}
			t.cols = append(t.cols, copyColumn{name: col, kind: sqliteKind(decl)})
			return nil
		}, name)
		if err != nil {
			return nil, err
		}
		sort.Slice(pks, func(i, j int) bool { return pks[i].order < pks[j].order })
		for _, p := range pks {
			t.pk = append(t.pk, p.col)
		}
		err = eachRow(ctx, q, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, func(scan scanFunc) error {
			var parent string
			err := scan(&parent)
			t.parents = append(t.parents, parent)
			return err
		}, name)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

func pgCopyTables(ctx context.Context, q queryer) ([]copyTable, error) {
	byName := map[string]*copyTable{}
	var order []string
	err := eachRow(ctx, q, `SELECT c.table_name, c.column_name, c.data_type, c.is_identity = 'YES' OR coalesce(c.column_default, '') LIKE 'nextval(%'
		FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`, func(scan scanFunc) error {
		var table, col, typ string
		var identity bool
		if err := scan(&table, &col, &typ, &identity); err != nil {
			return err
		}
		if copyMetaTables[table] {
			return nil
		}
		kind, err := pgKind(typ)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", table, col, err)
		}
		t := byName[table]
		if t == nil {
			t = &copyTable{name: table}
			byName[table] = t
			order = append(order, table)
		}
		if identity {
			t.identity = col
		}
		t.cols = append(t.cols, copyColumn{name: col, kind: kind})
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Primary keys in key order, and the tables foreign keys point at.
	err = eachRow(ctx, q, `SELECT rel.relname, a.attname, k.ord, con.contype, coalesce(ref.relname, '')
		FROM pg_constraint con
		JOIN pg_class rel ON rel.oid = con.conrelid
		JOIN pg_namespace n ON n.oid = rel.relnamespace AND n.nspname = current_schema()
		LEFT JOIN pg_class ref ON ref.oid = con.confrelid
		CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
		WHERE con.contype IN ('p', 'f')
		ORDER BY rel.relname, con.contype, k.ord`, func(scan scanFunc) error {
		var table, col, typ, parent string
		var ord int
		if err := scan(&table, &col, &ord, &typ, &parent); err != nil {
			return err
		}
		t := byName[table]
		if t == nil {
			return nil // a meta table
		}
		if typ == "f" {
			t.parents = append(t.parents, parent)
			return nil
		}
		for i, c := range t.cols {
			if c.name == col {
				t.pk = append(t.pk, i)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	tables := make([]copyTable, 0, len(order))
	for _, name := range order {
		tables = append(tables, *byName[name])
	}
	return tables, nil
}

// foreignKeyOrder sorts tables so that every table comes after the tables
// its foreign keys point at, by name among those free to go next (so the
// order is the same on both backends).
func foreignKeyOrder(tables []copyTable) ([]copyTable, error) {
	byName := map[string]copyTable{}
	for _, t := range tables {
		if len(t.pk) == 0 {
			return nil, fmt.Errorf("table %s has no primary key: its rows cannot be compared in order", t.name)
		}
		byName[t.name] = t
	}
	done := map[string]bool{}
	var out []copyTable
	for len(out) < len(tables) {
		var next []string
		for _, t := range tables {
			if done[t.name] {
				continue
			}
			ready := true
			for _, p := range t.parents {
				if p != t.name && !done[p] {
					if _, ok := byName[p]; !ok {
						return nil, fmt.Errorf("table %s points at a table %s the schema does not have", t.name, p)
					}
					ready = false
				}
			}
			if ready {
				next = append(next, t.name)
			}
		}
		if len(next) == 0 {
			return nil, fmt.Errorf("the tables' foreign keys form a cycle")
		}
		sort.Strings(next)
		for _, n := range next {
			done[n] = true
			out = append(out, byName[n])
		}
	}
	return out, nil
}

// sameTables says how two ledgers' tables differ, "" when they have the same
// tables with the same columns (by name) of the same kinds. A boolean and
// an integer are the same kind: SQLite keeps booleans as 0 and 1.
func sameTables(from, to []copyTable) string {
	toByName := map[string]copyTable{}
	for _, t := range to {
		toByName[t.name] = t
	}
	fromNames := map[string]bool{}
	for _, f := range from {
		fromNames[f.name] = true
		t, ok := toByName[f.name]
		if !ok {
			return fmt.Sprintf("the target has no table %s", f.name)
		}
		tcols := map[string]valueKind{}
		for _, c := range t.cols {
			tcols[c.name] = c.kind
		}
		for _, c := range f.cols {
			k, ok := tcols[c.name]
			if !ok {
				return fmt.Sprintf("the target's table %s has no column %s", f.name, c.name)
			}
			if !compatibleKinds(c.kind, k) {
				return fmt.Sprintf("%s.%s is %s in the source and %s in the target", f.name, c.name, c.kind, k)
			}
			delete(tcols, c.name)
		}
		for name := range tcols {
			return fmt.Sprintf("the target's table %s has a column %s the source does not have", f.name, name)
		}
		if f.pkNames() != t.pkNames() {
			return fmt.Sprintf("the primary key of %s is (%s) in the source and (%s) in the target", f.name, f.pkNames(), t.pkNames())
		}
	}
	for _, t := range to {
		if !fromNames[t.name] {
			return fmt.Sprintf("the target has a table %s the source does not have", t.name)
		}
	}
	return ""
}

func compatibleKinds(a, b valueKind) bool {
	norm := func(k valueKind) valueKind {
		if k == kindBool {
			return kindInteger
		}
		return k
	}
	return norm(a) == norm(b)
}

func (t copyTable) pkNames() string {
	var names []string
	for _, i := range t.pk {
		names = append(names, t.cols[i].name)
	}
	return strings.Join(names, ", ")
}

// column returns the index of the column called name, or -1.
func (t copyTable) column(name string) int {
	for i, c := range t.cols {
		if c.name == name {
			return i
		}
	}
	return -1
}
