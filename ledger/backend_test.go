package ledger_test

import (
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// The ledger's tests run on SQLite, and on PostgreSQL when
// PAYOUTS_TEST_BACKEND=postgres: MustOpen then opens a fresh database of the
// throwaway test cluster, as the role "tester" (the operator every test
// expects). Tests about SQLite files call sqliteOnly.

func TestMain(m *testing.M) { pgtest.Main(m) }

func onPostgres() bool { return os.Getenv("PAYOUTS_TEST_BACKEND") == "postgres" }

// sqliteOnly skips a test that is about SQLite files (crash, damage, file
// modes, backups of the file) when the tests run on PostgreSQL.
func sqliteOnly(tb testing.TB) {
	tb.Helper()
	if onPostgres() {
		tb.Skip("about the SQLite file")
	}
}

// testLedgerPath is where a test's new ledger lives: a file in a temporary
// folder, or a fresh PostgreSQL database.
func testLedgerPath(tb testing.TB) string {
	tb.Helper()
	if !onPostgres() {
		return filepath.Join(tb.TempDir(), "test.payouts")
	}
	return testerURL(tb, pgtest.URL(tb))
}

// testerURL makes the role tester the owner of the database at admin (a
// superuser's URL) and returns the URL that connects to it as tester.
func testerURL(tb testing.TB, admin string) string {
	tb.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	u, _ := url.Parse(admin)
	name := strings.TrimPrefix(u.Path, "/")
	for _, q := range []string{
		`DO $$ BEGIN CREATE ROLE tester LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
		`ALTER DATABASE ` + name + ` OWNER TO tester`,
		`ALTER SCHEMA public OWNER TO tester`,
	} {
		if _, err := db.Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
	u.User = url.User("tester")
	return u.String()
}

// as returns the ledger of s as operator name records it: on SQLite s
// itself with Operator set; on PostgreSQL, where the operator is the
// database role, a second store on the same database connected as the
// role name (a member of tester, so with its rights), on s's clock.
func as(tb testing.TB, s *ledger.Store, name string) *ledger.Store {
	tb.Helper()
	if s.Backend() != ledger.BackendPostgres {
		s.Operator = name
		return s
	}
	db, err := sql.Open("pgx", pgtest.As(s.Path(), pgtest.Superuser))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	role := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	for _, q := range []string{
		`DO $$ BEGIN CREATE ROLE ` + role + ` LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
		`GRANT tester TO ` + role,
	} {
		if _, err := db.Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
	o, err := ledger.Open(pgtest.As(s.Path(), name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { o.Close() })
	o.Now = s.Now
	return o
}

// tamper runs statements behind the ledger's back, as someone with the
// database's keys could: on SQLite on one connection of the store (so a
// PRAGMA foreign_keys = OFF holds for the statements after it); on
// PostgreSQL as the superuser with triggers and foreign keys off
// (session_replication_role = replica), a PRAGMA skipped, DROP TRIGGER
// given its table, and ? placeholders numbered.
func tamper(tb testing.TB, s *ledger.Store, queries []string, args ...any) {
	tb.Helper()
	if s.Backend() != ledger.BackendPostgres {
		conn, err := s.DB().Conn(ctx)
		if err != nil {
			tb.Fatal(err)
		}
		defer conn.Close()
		for _, q := range queries {
			if _, err := conn.ExecContext(ctx, q, args...); err != nil {
				tb.Fatalf("%s: %v", q, err)
			}
		}
		conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
		return
	}
	db, err := sql.Open("pgx", pgtest.As(s.Path(), pgtest.Superuser))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET session_replication_role = replica`); err != nil {
		tb.Fatal(err)
	}
	for _, q := range queries {
		if strings.HasPrefix(q, "PRAGMA ") {
			continue
		}
		if name, ok := strings.CutPrefix(q, "DROP TRIGGER "); ok {
			var table string
			if err := conn.QueryRowContext(ctx, `SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = $1`, name).Scan(&table); err != nil {
				tb.Fatalf("%s: %v", q, err)
			}
			q += " ON " + table
		}
		n := 0
		for strings.Contains(q, "?") {
			n++
			q = strings.Replace(q, "?", "$"+strconv.Itoa(n), 1)
		}
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}
