//go:build unix

package ledger_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// Under umask 022 the data folder Payouts creates is 0700 and the ledger, its
// -wal, -shm and backups 0600; a ledger an older Payouts left 0644 is made
// private when opened.
func TestPrivateModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	mode := func(p string) os.FileMode {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}
	dir := filepath.Join(t.TempDir(), "payouts")
	p := filepath.Join(dir, "ledger.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	MustDeal(t, s, "Ana", "USD", pct10) // the -wal and -shm exist now
	b, err := s.BackupNow(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want os.FileMode
	}{
		{dir, 0o700}, {p, 0o600}, {p + "-wal", 0o600}, {p + "-shm", 0o600},
		{ledger.BackupDir(p), 0o700}, {b.Path, 0o600},
	} {
		if got := mode(c.path); got != c.want {
			t.Errorf("%s: mode %o, want %o", c.path, got, c.want)
		}
	}
	s.Close()

	// Opened again after something made them readable by others.
	for _, f := range []string{p, p + "-wal", p + "-shm"} {
		os.Chmod(f, 0o644)
	}
	s, err = ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []string{p, p + "-wal", p + "-shm"} {
		if _, err := os.Stat(f); err != nil {
			continue // closed ledgers drop their -wal
		}
		if got := mode(f); got != 0o600 {
			t.Errorf("%s after reopen: mode %o, want 600", f, got)
		}
	}
	os.Chmod(dir, 0o755)
	ledger.FixFolderMode(dir)
	if got := mode(dir); got != 0o700 {
		t.Errorf("FixFolderMode: %o, want 700", got)
	}
}

// A ledger this user may not read says "permission denied", not "unable to
// open database file (14)". Root reads anything, so this runs only as an
// ordinary user.
func TestUnreadableLedger(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read a 0000 file")
	}
	p := filepath.Join(t.TempDir(), "l.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.Chmod(p, 0)
	defer os.Chmod(p, 0o600)
	_, err = ledger.OpenExisting(p)
	if msg := ledger.ErrorMessage(err); !strings.Contains(msg, "permission denied") {
		t.Fatalf("message = %q", msg)
	}
}
