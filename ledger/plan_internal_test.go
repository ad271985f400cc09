package ledger

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
)

// queryPlan returns the lines of SQLite's plan of query (EXPLAIN QUERY
// PLAN): the tests that hold a read to an index read them.
func queryPlan(tb testing.TB, s *Store, query string, args ...any) []string {
	tb.Helper()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		out = append(out, detail)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// pgPlan returns the lines of PostgreSQL's plan of query (EXPLAIN), for
// the internal tests that hold a read on the team ledger to a plan.
func pgPlan(tb testing.TB, s *Store, query string, args ...any) []string {
	tb.Helper()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN "+query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			tb.Fatal(err)
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// postgresOnly skips an internal test outside the PostgreSQL run
// (PAYOUTS_TEST_BACKEND=postgres), saying why.
func postgresOnly(tb testing.TB, why string) {
	tb.Helper()
	if !onPostgresRun() {
		tb.Skip("PostgreSQL only (PAYOUTS_TEST_BACKEND=postgres): " + why)
	}
}

// onPostgresRun says whether the tests run on PostgreSQL
// (PAYOUTS_TEST_BACKEND=postgres).
func onPostgresRun() bool { return os.Getenv("PAYOUTS_TEST_BACKEND") == "postgres" }

// openAtTestClock opens the ledger at path (a file or a PostgreSQL
// address) until the test ends, its clock fixed at 2026-11-21 10:00 UTC.
func openAtTestClock(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	return s
}

// testBackendPath is where an internal test's new ledger lives on the
// tests' backend: a file in a temporary folder, or a fresh PostgreSQL
// database of the throwaway cluster.
func testBackendPath(tb testing.TB) string {
	tb.Helper()
	if onPostgresRun() {
		return pgtest.URL(tb)
	}
	return filepath.Join(tb.TempDir(), "test.payouts")
}
