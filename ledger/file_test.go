package ledger_test

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// Paths that are not a ledger file are refused before SQLite sees them, and
// commands that only read never create a ledger behind a mistyped path.
func TestOpenPaths(t *testing.T) {
	dir := t.TempDir()
	t.Run("ErrMissingMustExist", func(t *testing.T) {
		p := filepath.Join(dir, "typo", "ledgr.payouts")
		_, err := ledger.OpenExisting(p)
		wantCode(t, err, ledger.ENOTFOUND)
		if msg := ledger.ErrorMessage(err); !strings.Contains(msg, "no ledger at "+p) {
			t.Fatalf("message = %q", msg)
		}
		if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("the folder was created (stat err %v)", err)
		}
	})
	t.Run("ErrMemory", func(t *testing.T) {
		_, err := ledger.Open(":memory:")
		wantCode(t, err, ledger.EINVALID)
	})
	t.Run("ErrFolder", func(t *testing.T) {
		_, err := ledger.Open(dir)
		wantCode(t, err, ledger.EINVALID)
	})
	t.Run("ErrDevice", func(t *testing.T) {
		if _, err := os.Stat("/dev/null"); err != nil {
			t.Skip("no /dev/null here")
		}
		if _, err := os.Stat("/dev/null-journal"); err == nil {
			t.Skip("/dev/null-journal exists already; cannot tell whether Open made it")
		}
		for _, open := range []func(string) (*ledger.Store, error){ledger.Open, ledger.OpenExisting} {
			_, err := open("/dev/null")
			wantCode(t, err, ledger.EINVALID)
			if !strings.Contains(ledger.ErrorMessage(err), "not a regular file") {
				t.Fatalf("message = %q", ledger.ErrorMessage(err))
			}
		}
		for _, side := range []string{"/dev/null-journal", "/dev/null-wal", "/dev/null-shm"} {
			if _, err := os.Stat(side); err == nil {
				t.Fatalf("%s was created", side)
			}
		}
	})
	t.Run("MissingCreated", func(t *testing.T) {
		p := filepath.Join(dir, "new", "deeper", "l.payouts")
		s, err := ledger.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		s, err = ledger.OpenExisting(p)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	})
}

// Two programs opening one new or old ledger at the same moment both end
// with the current schema: the version is read again under the write lock.
func TestConcurrentOpenMigrates(t *testing.T) {
	rounds := 6
	if testing.Short() {
		rounds = 3
	}
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, p string)
	}{
		{"NewFile", func(t *testing.T, p string) {}},
		{"Version1", func(t *testing.T, p string) {
			// A file of the first release: migration 1 only, applied by hand.
			body, err := os.ReadFile(filepath.Join("migrations", "0001_init.sql"))
			if err != nil {
				t.Fatal(err)
			}
			db, _ := sql.Open("sqlite", p)
			defer db.Close()
			for _, q := range []string{string(body), `PRAGMA user_version = 1`, `PRAGMA application_id = 0x5041594F`,
				`INSERT INTO creators (id, name, created_at) VALUES (1, 'Ana', 0)`} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for round := 0; round < rounds; round++ {
				p := filepath.Join(t.TempDir(), "race.payouts")
				tc.prepare(t, p)
				const openers = 6
				var wg sync.WaitGroup
				errs := make(chan error, openers)
				start := make(chan struct{})
				for i := 0; i < openers; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						s, err := ledger.Open(p)
						if err != nil {
							errs <- err
							return
						}
						_, err = s.Deals(ctx, ledger.DealQuery{})
						s.Close()
						errs <- err
					}()
				}
				close(start)
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatalf("round %d: %v", round, err)
					}
				}
				db, _ := sql.Open("sqlite", p)
				var version int
				db.QueryRow(`PRAGMA user_version`).Scan(&version)
				db.Close()
				if version != ledger.SchemaVersion() {
					t.Fatalf("round %d: version %d, want %d", round, version, ledger.SchemaVersion())
				}
			}
		})
	}
}

// A ledger opened read-only reads, backs up, and refuses every change with a
// message that says why, without writing to the file.
func TestReadOnlyLedger(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ro.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	s.Close()
	before, _ := os.ReadFile(p)

	ro, err := ledger.OpenWith(p, ledger.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ro.ReadOnly() == "" {
		t.Fatal("ReadOnly() is empty for a read-only ledger")
	}
	if _, err := ro.Deal(ctx, deal); err != nil {
		t.Fatalf("read: %v", err)
	}
	_, err = ro.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100})
	wantCode(t, err, ledger.EUNAVAILABLE)
	if msg := ledger.ErrorMessage(err); !strings.Contains(msg, "read-only") {
		t.Fatalf("message = %q", msg)
	}
	if _, err := ro.Release(ctx, ""); ledger.ErrorCode(err) != ledger.EUNAVAILABLE || !strings.Contains(ledger.ErrorMessage(err), "cannot save changes") {
		t.Fatalf("release on a read-only ledger: %v", err)
	}
	if _, err := ro.BackupNow(ctx, "manual"); err != nil {
		t.Fatalf("backup of a read-only ledger: %v", err)
	}
	after, _ := os.ReadFile(p)
	if string(before) != string(after) {
		t.Fatal("the read-only ledger was changed")
	}
}

// A ledger in a folder this user cannot write opens read-only by itself.
// Root writes anywhere, so this runs only as an ordinary user.
func TestReadOnlyFolderOpens(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write a read-only folder")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	p := filepath.Join(dir, "l.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	s.Close()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	ro, err := ledger.Open(p)
	if err != nil {
		t.Fatalf("open in a read-only folder: %v", err)
	}
	defer ro.Close()
	if !strings.Contains(ro.ReadOnly(), "read-only") {
		t.Fatalf("ReadOnly() = %q", ro.ReadOnly())
	}
	if _, err := ro.Deal(ctx, deal); err != nil {
		t.Fatalf("read: %v", err)
	}
	_, err = ro.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1})
	wantCode(t, err, ledger.EUNAVAILABLE)
}

// A read-only ledger file in a writable folder opens read-only by itself
// too (ordinary users only, as above).
func TestReadOnlyFileOpens(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write a read-only file")
	}
	p := filepath.Join(t.TempDir(), "l.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	s.Close()
	os.Chmod(p, 0o400)
	defer os.Chmod(p, 0o600)
	ro, err := ledger.Open(p)
	if err != nil {
		t.Fatalf("open a read-only file: %v", err)
	}
	defer ro.Close()
	if !strings.Contains(ro.ReadOnly(), "read-only") {
		t.Fatalf("ReadOnly() = %q", ro.ReadOnly())
	}
	if _, err := ro.Deal(ctx, deal); err != nil {
		t.Fatalf("read: %v", err)
	}
	if _, err := ro.Release(ctx, ""); ledger.ErrorCode(err) != ledger.EUNAVAILABLE {
		t.Fatalf("release on a read-only file: %v", err)
	}
}
