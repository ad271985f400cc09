package ledger_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// The PostgreSQL schema (migrations_pg) is kept by hand next to SQLite's
// (migrations). These tests hold the two together: same tables, same
// columns in the same order with the same types, NOT NULL and defaults,
// same indexes over the same columns, and a PostgreSQL trigger for every
// SQLite guard trigger, raising the same message. A SQLite migration that
// adds a column, an index or a trigger without its PostgreSQL twin fails
// here.

// sqliteOnlyTriggers have no PostgreSQL twin, and why.
var sqliteOnlyTriggers = map[string]string{
	// SQLite's INSERT OR REPLACE deletes without a trigger; PostgreSQL has
	// none, and a taken ID fails on transfers_pkey.
	"transfers_no_replace": "no INSERT OR REPLACE; the primary key refuses a taken ID",
	// SQLite turns an overflowing integer sum into a REAL; PostgreSQL's
	// BIGINT arithmetic refuses it before a trigger could look.
	"brand_accounts_no_overflow_insert": "bigint overflow is an error",
	"brand_accounts_no_overflow_update": "bigint overflow is an error",
	"deals_no_overflow":                 "bigint overflow is an error",
}

// pgOnlyTriggers matches PostgreSQL triggers with no SQLite twin: TRUNCATE
// guards of the append-only tables (SQLite has no TRUNCATE) and the
// statement triggers that move an identity sequence past explicit IDs.
var pgOnlyTriggers = regexp.MustCompile(`^[a-z_]+_(no_truncate|follow_ids)$`)

// pgOnlyIndexes stand for SQLite's COLLATE NOCASE unique keys (a
// nondeterministic collation cannot be declared on a column that is
// searched with LIKE): unique on lower(x COLLATE "C"), and (name COLLATE
// nocase, id) for the lists' order.
var pgOnlyIndexes = map[string]bool{"creators_name_nocase": true, "campaigns_name_nocase": true, "deal_codes_code_nocase": true,
	"creators_by_name": true, "campaigns_by_name": true}

// sqliteOnlyIndexes have no PostgreSQL twin, and why.
var sqliteOnlyIndexes = map[string]string{
	// The Deals list's indexes on the deal figures (migrations/0010 and
	// 0016), dropped by migrations_pg/0019.
	"deals_by_commission": figureIndex, "deals_by_fees_confirmed": figureIndex, "deals_by_bonuses": figureIndex,
	"deals_by_paid": figureIndex, "deals_by_held": figureIndex, "deals_by_owed": figureIndex,
	"deals_by_requested": figureIndex, "deals_by_remaining": figureIndex, "deals_by_scheduled": figureIndex,
}

const figureIndex = "on PostgreSQL an indexed deal figure makes every update of it add an entry to each index of deals (no HOT update)"

// pgOnlyTables hold what SQLite keeps in the file header.
var pgOnlyTables = map[string]bool{"payouts_meta": true}

// sqliteMigrations lists migrations/NNNN_*.sql by number.
func sqliteMigrations(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("migrations/[0-9][0-9][0-9][0-9]_*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no SQLite migrations: %v", err)
	}
	sort.Strings(names)
	return names
}

func migrationNumber(t *testing.T, path string) int {
	n, err := strconv.Atoi(filepath.Base(path)[:4])
	if err != nil {
		t.Fatalf("migration %s: %v", path, err)
	}
	return n
}

// pgMigrations lists the PostgreSQL migrations to apply to an empty
// database, checking the twin rule: the first is 0016_schema.sql (the whole
// schema at version 16), then one twin for each later SQLite migration.
func pgMigrations(t *testing.T) []string {
	t.Helper()
	lite := sqliteMigrations(t)
	pg, err := filepath.Glob("migrations_pg/[0-9][0-9][0-9][0-9]_*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pg)
	if len(pg) == 0 || filepath.Base(pg[0]) != "0016_schema.sql" {
		t.Fatalf("migrations_pg starts with %v, want 0016_schema.sql", pg)
	}
	var want []int
	for _, m := range lite {
		if n := migrationNumber(t, m); n > 16 {
			want = append(want, n)
		}
	}
	var got []int
	for _, m := range pg[1:] {
		got = append(got, migrationNumber(t, m))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("PostgreSQL twins of the SQLite migrations after 0016: have %v, want %v (a SQLite migration NNNN needs migrations_pg/NNNN_*.sql)", got, want)
	}
	return pg
}

// pgSchemaDB is a fresh PostgreSQL database with migrations_pg applied.
func pgSchemaDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, m := range pgMigrations(t) {
		body, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	}
	return db
}

// sqliteSchemaDB is a fresh SQLite ledger, opened as a plain database.
func sqliteSchemaDB(t *testing.T) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "schema.payouts")
	s, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)") // as the store opens it
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func strings1(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// column is what both schemas must agree on for a column.
type column struct {
	Name, Type string // Type: integer, text or blob
	NotNull    bool
	Default    string // normalized literal, "" for none
}

func (c column) String() string {
	return fmt.Sprintf("%s %s notnull=%v default=%q", c.Name, c.Type, c.NotNull, c.Default)
}

func sqliteColumns(t *testing.T, db *sql.DB, table string) []column {
	t.Helper()
	rows, err := db.Query(`SELECT name, type, "notnull", coalesce(dflt_value, ''), pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		var pk int
		if err := rows.Scan(&c.Name, &c.Type, &c.NotNull, &c.Default, &pk); err != nil {
			t.Fatal(err)
		}
		c.Type = strings.ToLower(c.Type)
		// A primary key is NOT NULL on PostgreSQL; on SQLite only in
		// name for INTEGER PRIMARY KEY (the rowid) and WITHOUT ROWID.
		if pk > 0 {
			c.NotNull = true
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var pgTypes = map[string]string{"bigint": "integer", "integer": "integer", "text": "text", "bytea": "blob"}

func pgColumns(t *testing.T, db *sql.DB, table string) []column {
	t.Helper()
	rows, err := db.Query(`SELECT column_name, data_type, is_nullable = 'NO', coalesce(column_default, '')
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	cast := regexp.MustCompile(`::[a-z ]+$`)
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.Name, &c.Type, &c.NotNull, &c.Default); err != nil {
			t.Fatal(err)
		}
		if ty, ok := pgTypes[c.Type]; ok {
			c.Type = ty
		}
		c.Default = cast.ReplaceAllString(c.Default, "")
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// index is an index's columns ("<expr>" for an expression), uniqueness and
// whether it is partial.
type index struct {
	Columns         []string
	Unique, Partial bool
}

func (ix index) String() string {
	return fmt.Sprintf("(%s) unique=%v partial=%v", strings.Join(ix.Columns, ", "), ix.Unique, ix.Partial)
}

func sqliteIndexes(t *testing.T, db *sql.DB) map[string]index {
	t.Helper()
	out := map[string]index{}
	for _, name := range strings1(t, db, `SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'`) {
		var ix index
		var def string
		if err := db.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = ?`, name).Scan(&def); err != nil {
			t.Fatal(err)
		}
		ix.Unique = strings.HasPrefix(strings.ToUpper(def), "CREATE UNIQUE")
		ix.Partial = strings.Contains(strings.ToUpper(def), " WHERE ")
		for _, c := range strings1(t, db, `SELECT coalesce(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno`, name) {
			ix.Columns = append(ix.Columns, c)
		}
		out[name] = ix
	}
	return out
}

// pgIndexes are the schema's indexes but those PostgreSQL makes for a
// PRIMARY KEY or UNIQUE constraint (SQLite's sqlite_autoindex_*).
func pgIndexes(t *testing.T, db *sql.DB) map[string]index {
	t.Helper()
	out := map[string]index{}
	names := strings1(t, db, `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`)
	for _, name := range names {
		var ix index
		if err := db.QueryRow(`SELECT i.indisunique, i.indpred IS NOT NULL FROM pg_index i
			WHERE i.indexrelid = (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = current_schema() AND c.relname = $1)`, name).Scan(&ix.Unique, &ix.Partial); err != nil {
			t.Fatal(err)
		}
		ix.Columns = strings1(t, db, `SELECT coalesce(a.attname, '<expr>') FROM pg_index i
			CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
			LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
			WHERE i.indexrelid = (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = current_schema() AND c.relname = $1)
			ORDER BY k.ord`, name)
		out[name] = ix
	}
	return out
}

func TestPostgresSchemaMatchesSQLite(t *testing.T) {
	pg := pgSchemaDB(t)
	lite := sqliteSchemaDB(t)

	liteTables := strings1(t, lite, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	pgTables := strings1(t, pg, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	pgTables = slices.DeleteFunc(pgTables, func(s string) bool { return pgOnlyTables[s] })
	if !slices.Equal(liteTables, pgTables) {
		t.Errorf("tables:\nSQLite     %v\nPostgreSQL %v", liteTables, pgTables)
	}

	for _, table := range liteTables {
		lc, pc := sqliteColumns(t, lite, table), pgColumns(t, pg, table)
		if len(lc) != len(pc) {
			t.Errorf("%s: SQLite has %d columns, PostgreSQL %d:\nSQLite     %v\nPostgreSQL %v", table, len(lc), len(pc), lc, pc)
			continue
		}
		for i := range lc {
			l, p := lc[i], pc[i]
			// An identity column has no literal default; a rowid alias none.
			if strings.HasPrefix(p.Default, "nextval(") {
				p.Default = ""
			}
			if l != p {
				t.Errorf("%s column %d:\nSQLite     %v\nPostgreSQL %v", table, i+1, l, p)
			}
		}
	}

	li, pi := sqliteIndexes(t, lite), pgIndexes(t, pg)
	for name, l := range li {
		p, ok := pi[name]
		if _, lite := sqliteOnlyIndexes[name]; lite {
			if ok {
				t.Errorf("index %s %v is on PostgreSQL too: %s", name, p, sqliteOnlyIndexes[name])
			}
			continue
		}
		if !ok {
			t.Errorf("index %s %v: no PostgreSQL twin", name, l)
			continue
		}
		if !slices.Equal(l.Columns, p.Columns) || l.Unique != p.Unique || l.Partial != p.Partial {
			t.Errorf("index %s:\nSQLite     %v\nPostgreSQL %v", name, l, p)
		}
	}
	for name, p := range pi {
		if _, ok := li[name]; !ok && !pgOnlyIndexes[name] {
			t.Errorf("index %s %v is on PostgreSQL only", name, p)
		}
	}
	for name := range pgOnlyIndexes {
		if _, ok := pi[name]; !ok {
			t.Errorf("index %s (for a NOCASE key) missing on PostgreSQL", name)
		}
	}

	liteTriggers := strings1(t, lite, `SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`)
	pgTriggers := strings1(t, pg, `SELECT DISTINCT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT t.tgisinternal ORDER BY 1`)
	for _, name := range liteTriggers {
		if _, ok := sqliteOnlyTriggers[name]; ok {
			continue
		}
		if !slices.Contains(pgTriggers, name) {
			t.Errorf("trigger %s: no PostgreSQL twin", name)
		}
	}
	for _, name := range pgTriggers {
		if !slices.Contains(liteTriggers, name) && !pgOnlyTriggers.MatchString(name) {
			t.Errorf("trigger %s is on PostgreSQL only", name)
		}
	}

	var version string
	if err := pg.QueryRow(`SELECT value FROM payouts_meta WHERE key = 'schema_version'`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if want := strconv.Itoa(len(sqliteMigrations(t))); version != want {
		t.Errorf("payouts_meta schema_version %s, want %s (the SQLite migrations)", version, want)
	}
}
