package main_test

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
)

// fileSum is what must not change in a file that is only read.
type fileSum struct {
	sum   [32]byte
	mtime time.Time
}

func sumOf(t *testing.T, path string) fileSum {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileSum{sha256.Sum256(b), fi.ModTime()}
}

// migrateTarget is where a test moves a ledger: a new file, or (with the
// PostgreSQL tests) an empty database.
type migrateTarget struct {
	name string
	url  func(t *testing.T) string
}

var migrateTargets = []migrateTarget{
	{"File", func(t *testing.T) string { return filepath.Join(t.TempDir(), "moved.payouts") }},
	{"PostgreSQL", func(t *testing.T) string { return pgtest.URL(t) }},
}

// TestTeamMigrateCLI moves the demo ledger with payouts team migrate: it
// prints every table's count, the comparison and the check; the copy
// answers as the ledger does; the ledger file does not change; moving into
// the same target again is refused in one line; so is no --to.
func TestTeamMigrateCLI(t *testing.T) {
	sqliteOnly(t, "its source is a ledger file (its target is PostgreSQL in both runs)")
	db := filepath.Join(t.TempDir(), "ledger.payouts")
	ok(t, db, "demo")
	before := sumOf(t, db)
	for _, target := range migrateTargets {
		t.Run(target.name, func(t *testing.T) {
			to := target.url(t)
			out := ok(t, db, "team", "migrate", "--from", db, "--to", to)
			for _, want := range []string{"creators", "40 rows", "transfers", "verified: ", "rows of 19 tables compared equal", "check: no problems", "was not changed"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if sumOf(t, db) != before {
				t.Error("the ledger file changed")
			}
			for _, args := range [][]string{{"balances"}, {"payout", "list"}, {"report", "--by", "deal"}, {"history", "--deal", "3"}} {
				if got, want := ok(t, to, args...), ok(t, db, args...); got != want {
					t.Errorf("%s: the copy answers\n%s\nthe ledger\n%s", strings.Join(args, " "), got, want)
				}
			}
			if strings.HasPrefix(to, "postgres") {
				// payouts backup of the PostgreSQL ledger: a SQLite file
				// that answers as the ledger does, and the pg_dump line.
				dest := filepath.Join(t.TempDir(), "backup.payouts")
				out := ok(t, to, "backup", "--out", dest)
				if !strings.Contains(out, "backed up to "+dest) || !strings.Contains(out, "pg_dump -Fc") {
					t.Errorf("backup: %s", out)
				}
				if got, want := ok(t, dest, "balances"), ok(t, db, "balances"); got != want {
					t.Errorf("the backup answers\n%s\nthe ledger\n%s", got, want)
				}
			}
			r := payouts(t, db, "team", "migrate", "--to", to)
			if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stdout != "" ||
				!(strings.Contains(r.stderr, "already exists") || strings.Contains(r.stderr, "is not empty")) {
				t.Errorf("again: exit %d, stdout %q, stderr %q; want exit 1 and one line", r.code, r.stdout, r.stderr)
			}
		})
	}
	r := payouts(t, db, "team", "migrate")
	if r.code != 1 || !strings.Contains(r.stderr, "--to required") {
		t.Errorf("no --to: exit %d, stderr %q", r.code, r.stderr)
	}
}
