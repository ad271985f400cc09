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
	sqliteOnly(t, "about paths where no ledger file exists")
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo", "ledgr.payouts")
	for _, args := range [][]string{{"check"}, {"balances"}, {"creator", "list"}, {"payout", "list"}, {"history", "--deal", "1"}, {"export", "csv", "--kind", "journal"}, {"backup"}, {"backup", "list"},
		{"deal", "list"}, {"deal", "show", "1"}, {"creator", "show", "1"}, {"campaign", "show", "1"}, {"campaign", "list"}, {"report"}} {
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
	sqliteOnly(t, "backs up and restores the ledger file (on PostgreSQL backups are the server's, pg_dump)")
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

// A ledger with a page overwritten: check says it is damaged, in the same
// words as every later command, and no later write is accepted.
func TestDamagedLedgerCLI(t *testing.T) {
	sqliteOnly(t, "overwrites a page of the ledger file")
	p := filepath.Join(t.TempDir(), "l.payouts")
	ok(t, p, "demo")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	for i := 5 * page; i < 6*page && i < len(b); i++ {
		b[i] = 0x5A
	}
	os.WriteFile(p, b, 0o600)
	r := payouts(t, p, "check")
	if r.code != 1 || !strings.Contains(r.stderr, "is damaged") || !strings.Contains(r.stderr, "restore") {
		t.Fatalf("check: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, args := range [][]string{{"bonus", "add", "--deal", "1", "--amount", "5"}, {"creator", "add", "Zed"}, {"balances"}} {
		r := payouts(t, p, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "is damaged") {
			t.Errorf("%v on a damaged ledger: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// An export to a full disk exits 1 saying the disk is full, and leaves the
// device a device.
func TestExportToFullDiskCLI(t *testing.T) {
	if fi, err := os.Stat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/full character device here")
	}
	p := filepath.Join(t.TempDir(), "l.payouts")
	ok(t, p, "demo")
	r := payouts(t, p, "export", "csv", "--kind", "journal", "--out", "/dev/full")
	if r.code != 1 || !strings.Contains(r.stderr, "disk is full") {
		t.Fatalf("export to /dev/full: exit %d, stderr %q", r.code, r.stderr)
	}
	if fi, err := os.Stat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatal("/dev/full is no longer a device")
	}
}
