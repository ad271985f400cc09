package ledger_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// TestMoveLedgerToPostgres moves the demo ledger and a generated program of
// 1,000 creators from SQLite files into empty PostgreSQL databases: the
// database then holds every row of every table as the file does (read back
// here with plain SELECTs), check is clean, the file's bytes and time are
// unchanged, and new rows take ids after the copied ones (the identity
// sequences were moved). Then a backup of the PostgreSQL ledger is a SQLite
// ledger file equal to it (and so to the file moved in), which opens and
// checks clean.
func TestMoveLedgerToPostgres(t *testing.T) {
	for _, src := range copySources {
		t.Run(src.name, func(t *testing.T) {
			from, path := newSource(t, src.fill)
			before := stateOf(t, path)
			url := pgtest.URL(t)
			var copied int64
			restore := ledger.SetCopiedInto(func(_ string, rows int64) { copied += rows })
			rep, err := ledger.MoveLedger(ctx, from, url, nil)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if copied != rep.Rows {
				t.Errorf("%d rows went by COPY, %d were copied", copied, rep.Rows)
			}
			t.Logf("copied %d rows into PostgreSQL in %v, verified in %v, checked in %v", rep.Rows, rep.CopyTime.Round(time.Millisecond),
				rep.VerifyTime.Round(time.Millisecond), rep.CheckTime.Round(time.Millisecond))
			if !rep.Verified || len(rep.Problems) > 0 {
				t.Fatalf("verified %v, problems %q", rep.Verified, rep.Problems)
			}
			if stateOf(t, path) != before {
				t.Error("the source file changed")
			}
			to, err := ledger.OpenExisting(url)
			if err != nil {
				t.Fatal(err)
			}
			defer to.Close()
			if to.Backend() != ledger.BackendPostgres {
				t.Fatalf("backend %q", to.Backend())
			}
			MustCheck(t, to)
			want := dumpLedger(t, from)
			compareDumps(t, want, dumpLedger(t, to))

			// The backup of the PostgreSQL ledger: a SQLite file equal to it.
			dest := filepath.Join(t.TempDir(), "backup.payouts")
			b, err := to.Backup(ctx, dest)
			if err != nil {
				t.Fatal(err)
			}
			if b.Path != dest || b.Size == 0 {
				t.Errorf("backup %+v", b)
			}
			bk, err := ledger.OpenWith(dest, ledger.OpenOptions{ReadOnly: true, MustExist: true})
			if err != nil {
				t.Fatal(err)
			}
			defer bk.Close()
			if bk.Backend() != ledger.BackendSQLite {
				t.Fatalf("the backup's backend is %q", bk.Backend())
			}
			MustCheck(t, bk)
			compareDumps(t, want, dumpLedger(t, bk))

			// The moved ledger works on: new rows take ids after the copied
			// ones.
			to.Operator = "tester"
			n := int64(len(want["creators"]))
			id, err := to.AddCreator(ctx, ledger.CreatorInput{Name: "After The Move"})
			if err != nil {
				t.Fatal(err)
			}
			if id <= n {
				t.Errorf("new creator id %d, want above the %d copied", id, n)
			}
		})
	}
}

// TestMoveLedgerToPostgresRefuses: a database that already holds a ledger
// is refused in one line and keeps its rows; a copy that differs rolls back,
// leaving the database empty; one that fails its check is emptied again.
func TestMoveLedgerToPostgresRefuses(t *testing.T) {
	from, _ := newSource(t, copySources[0].fill)
	t.Run("NotEmpty", func(t *testing.T) {
		url := pgtest.URL(t)
		if _, err := ledger.MoveLedger(ctx, from, url, nil); err != nil {
			t.Fatal(err)
		}
		_, err := ledger.MoveLedger(ctx, from, url, nil)
		wantCode(t, err, ledger.ECONFLICT)
		if msg := err.Error(); !strings.Contains(msg, "is not empty") || strings.Contains(msg, "\n") {
			t.Errorf("got %q", msg)
		}
		to, err := ledger.OpenExisting(url)
		if err != nil {
			t.Fatal(err)
		}
		defer to.Close()
		compareDumps(t, dumpLedger(t, from), dumpLedger(t, to))
	})
	t.Run("Differs", func(t *testing.T) {
		url := pgtest.URL(t)
		restore := ledger.SetAfterCopy(func(exec func(string, ...any) error) error {
			return exec(`UPDATE creators SET handle = 'planted' WHERE id = 2`)
		})
		defer restore()
		_, err := ledger.MoveLedger(ctx, from, url, nil)
		if err == nil || !strings.Contains(err.Error(), "creators row id=2, column handle: ") {
			t.Fatalf("got %v", err)
		}
		assertEmpty(t, url)
	})
	t.Run("CheckFails", func(t *testing.T) {
		bad, _ := newSource(t, func(tb testing.TB, s *ledger.Store) {
			deal := MustDeal(tb, s, "Ana", "USD", pct10)
			mustRequest(tb, s, deal, 5000)
			if _, err := s.DB().ExecContext(ctx, `UPDATE deals SET owed = owed + 7`); err != nil {
				tb.Fatal(err)
			}
		})
		url := pgtest.URL(t)
		rep, err := ledger.MoveLedger(ctx, bad, url, nil)
		if err == nil || !strings.Contains(err.Error(), "the copy fails its check") || !strings.Contains(err.Error(), "the copy was removed again") {
			t.Fatalf("got %v", err)
		}
		if !rep.Verified {
			t.Error("not verified")
		}
		assertEmpty(t, url)
	})
}

// assertEmpty fails unless the ledger at url has no rows.
func assertEmpty(t *testing.T, url string) {
	t.Helper()
	s, err := ledger.OpenExisting(url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for table, rows := range dumpLedger(t, s) {
		if len(rows) > 0 {
			t.Errorf("%s: %d rows left", table, len(rows))
		}
	}
}
