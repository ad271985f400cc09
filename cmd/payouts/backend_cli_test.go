package main_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
)

// onPostgres says the CLI tests run against PostgreSQL
// (PAYOUTS_TEST_BACKEND=postgres, the Makefile's second run): every
// ledger a test names by a file path becomes a fresh database of the
// throwaway cluster (ledgerAt), so the same tests check both backends.
//
// It reads the environment when a test asks, not in a package variable:
// go test caches a package's result keyed on the environment variables its
// tests read, and a read during package initialisation is not recorded, so
// the Makefile's second run took the first run's cached result and never
// ran the CLI on PostgreSQL (TestBackendRunIsNotCached).
func onPostgres() bool { return os.Getenv("PAYOUTS_TEST_BACKEND") == "postgres" }

// sqliteOnly skips a test that is about the ledger file itself (its
// bytes, modes, backups of it, crashes while writing it) on PostgreSQL,
// saying why.
func sqliteOnly(t *testing.T, why string) {
	t.Helper()
	if onPostgres() {
		t.Skip("SQLite only: " + why)
	}
}

var (
	pgMu    sync.Mutex
	pgDBs   = map[string]string{} // ledger path -> database name
	pgRoles = map[string]bool{}   // roles made on the cluster
	pgSeq   int
)

// ledgerAt is what --db names for the ledger a test calls db. On SQLite,
// db itself. On PostgreSQL, a database made at the path's first use and
// kept for the whole test process (a test's subtests share their
// parent's ledger), reached as the role named like the operator the
// command records (--operator, default ops@brand): on PostgreSQL the
// person recorded is the database role, so the histories the tests
// expect stay the same. Each role is a superuser, as the one person of a
// ledger file may do everything; the team tests make their own roles.
// A URL passes as it is.
func ledgerAt(t *testing.T, db string, args []string) string {
	t.Helper()
	if !onPostgres() || db == "" || strings.Contains(db, "://") {
		return db
	}
	c := pgtest.Shared(t)
	pgMu.Lock()
	defer pgMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := sql.Open("pgx", c.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	role := operatorOf(args)
	if !pgRoles[role] {
		q := `DO $$ BEGIN CREATE ROLE ` + quoteIdent(role) + ` LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$`
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatalf("make role %s: %v", role, err)
		}
		pgRoles[role] = true
	}
	name, ok := pgDBs[db]
	if !ok {
		pgSeq++
		name = fmt.Sprintf("cli%d", pgSeq)
		if _, err := c.CreateDatabase(ctx, name); err != nil {
			t.Fatal(err)
		}
		pgDBs[db] = name
	}
	return pgtest.As(strings.Replace(c.AdminURL(), "/postgres?", "/"+name+"?", 1), role)
}

// operatorOf is the operator a command line names (the last --operator),
// else ops@brand, the one payoutsEnv passes first.
func operatorOf(args []string) string {
	op := "ops@brand"
	for i, a := range args {
		if a == "--operator" && i+1 < len(args) {
			op = args[i+1]
		} else if v, ok := strings.CutPrefix(a, "--operator="); ok {
			op = v
		}
	}
	if strings.TrimSpace(op) == "" {
		return "ops@brand"
	}
	return op
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
