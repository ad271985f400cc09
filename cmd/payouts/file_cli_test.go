package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Commands that only read refuse a path where no ledger exists and create
// nothing; device files and ":memory:" are refused; init creates a ledger
// once.
func TestMissingLedgerRefused(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo", "ledgr.payouts")
	for _, args := range [][]string{{"check"}, {"balances"}, {"creator", "list"}, {"payout", "list"}, {"history", "--deal", "1"}, {"export", "csv", "--kind", "journal"}, {"backup"}, {"backup", "list"}} {
		r := payouts(t, typo, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "no ledger at "+typo) {
			t.Errorf("%v on a missing ledger: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); err == nil {
		t.Fatal("a read-only command created the ledger's folder")
	}
	for _, db := range []string{"/dev/null", ":memory:", dir} {
		r := payouts(t, db, "balances")
		if r.code != 1 || strings.Contains(r.stderr, "internal error") {
			t.Errorf("--db %s: exit %d, stderr %q", db, r.code, r.stderr)
		}
	}
	if _, err := os.Stat("/dev/null-journal"); err == nil {
		t.Error("/dev/null-journal exists")
	}
	p := filepath.Join(dir, "new", "l.payouts")
	if out := ok(t, p, "init"); !strings.Contains(out, "created "+p) {
		t.Fatalf("init printed %q", out)
	}
	if r := payouts(t, p, "init"); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("second init: exit %d, stderr %q", r.code, r.stderr)
	}
	if out := ok(t, p, "check"); !strings.HasPrefix(out, "ok: 0 deals") {
		t.Fatalf("check of a new ledger: %q", out)
	}
}

// backup writes a checked copy and says where; restore brings the ledger
// back to it and keeps the replaced one.
func TestBackupRestoreCLI(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "l.payouts")
	ok(t, p, "creator", "add", "Ana")
	out := ok(t, p, "backup")
	if !strings.Contains(out, filepath.Join(dir, "backups")) || !strings.Contains(out, "integrity check ok") {
		t.Fatalf("backup printed %q", out)
	}
	copyPath := filepath.Join(dir, "copy.payouts")
	ok(t, p, "backup", "--out", copyPath)
	if r := payouts(t, p, "backup", "--out", copyPath); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("backup over a file: exit %d, stderr %q", r.code, r.stderr)
	}
	if list := ok(t, p, "backup", "list"); !strings.Contains(list, "manual") {
		t.Fatalf("backup list: %q", list)
	}
	ok(t, p, "creator", "add", "Bea")
	out = ok(t, p, "restore", copyPath)
	if !strings.Contains(out, "kept at") {
		t.Fatalf("restore printed %q", out)
	}
	if list := ok(t, p, "creator", "list"); strings.Contains(list, "Bea") || !strings.Contains(list, "Ana") {
		t.Fatalf("creators after restore: %q", list)
	}
	if r := payouts(t, p, "restore", filepath.Join(dir, "nope.payouts")); r.code != 1 || !strings.Contains(r.stderr, "no backup at") {
		t.Fatalf("restore of a missing file: exit %d, stderr %q", r.code, r.stderr)
	}
}
