package ledger_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// copySources are the ledgers the copier is tested with: the demo program
// with a row in every table, and a generated program of 1,000 creators.
var copySources = []struct {
	name string
	fill func(tb testing.TB, s *ledger.Store)
}{
	{"Demo", func(tb testing.TB, s *ledger.Store) {
		if err := demo.Fill(ctx, s, demo.Options{Seed: 7}); err != nil {
			tb.Fatal(err)
		}
		fillEveryTable(tb, s)
	}},
	{"Large1000", func(tb testing.TB, s *ledger.Store) {
		start := time.Now()
		res, err := demo.FillLarge(ctx, s, copyLarge(), nil)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Logf("generated %d creators, %d deals, %d orders, %d transfers in %v", res.Creators, res.Deals, res.Orders, res.Transfers, time.Since(start).Round(time.Millisecond))
	}},
}

// copyLarge is the generated program of 1,000 creators: a tenth of the
// benchmarks' (100,000 orders), fewer orders under the race detector.
func copyLarge() demo.Large {
	l := demo.DefaultLarge().Scaled(0.1)
	if raceEnabled {
		l.Orders = 5000
	}
	return l
}

// fillEveryTable adds to a ledger what the demo does not write, so that
// every table has rows to copy: settings, tax data and its history, a
// payment with its home amount, a message with the requests it covers,
// Stripe accounts and a link, a closed period.
func fillEveryTable(tb testing.TB, s *ledger.Store) {
	tb.Helper()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(s.SetHomeCurrency(ctx, "USD"))
	tax := ledger.TaxInfo{LegalName: "Zoë Extra GmbH", TaxID: "DE123456789", Country: "DE", Form: "W-8BEN-E", FormReceived: "2026-02-01"}
	in := ledger.CreatorInput{Name: "Zoë Extra", Email: "zoe@example.com", PayoutDetails: "IBAN DE00 1234", Tax: &tax}
	cr, err := s.AddCreator(ctx, in)
	must(err)
	tax.Address = "Torstraße 1\n10119 Berlin"
	must(s.UpdateCreator(ctx, cr, in))
	ca, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Copy Campaign"})
	must(err)
	deal, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "EUR", Rule: pct10, Codes: []string{"ZOE10"}, HoldDays: 30})
	must(err)
	_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 9000})
	must(err)
	_, err = s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: 2500, Reference: "WIRE-COPY", Date: "2026-11-01",
		HomeAmount: 2712, HomeCurrency: "USD"})
	must(err)
	r1, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1000})
	must(err)
	r2, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1500})
	must(err)
	_, err = s.RecordMessage(ctx, ledger.OutboxInput{Kind: ledger.MessageRequest, To: "zoe@example.com", ToName: "Zoë", Subject: "Payment request",
		CreatorID: cr, DealID: deal, RequestID: r1, Requests: []int64{r2}, Message: []byte("Subject: Payment request\r\n\r\n\x00\xffbinary\r\n")})
	must(err)
	must(s.AddCreatorAccount(ctx, "", cr, "acct_zoe0001"))
	must(s.SetPayeeStatus(ctx, ledger.PayeeStatus{Account: "acct_zoe0001", Name: "Zoë", DetailsSubmitted: true, PayoutsEnabled: true}))
	must(s.LinkPayee(ctx, "", deal, "acct_agency01", "agency"))
	must(s.ClosePeriod(ctx, "", "2026-10-31"))
}

// newSource makes a ledger file filled by fill, closes it and opens it
// read-only, as payouts team migrate does.
func newSource(tb testing.TB, fill func(testing.TB, *ledger.Store)) (*ledger.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "source.payouts")
	s, err := ledger.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	s.Operator = "tester"
	fill(tb, s)
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
	ro, err := ledger.OpenWith(path, ledger.OpenOptions{ReadOnly: true, MustExist: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ro.Close() })
	return ro, path
}

// fileState is what must not change in a file that is only read.
type fileState struct {
	sum   [32]byte
	mtime time.Time
	size  int64
}

func stateOf(tb testing.TB, path string) fileState {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fileState{sum: sha256.Sum256(b), mtime: fi.ModTime(), size: fi.Size()}
}

// TestCopyLedger moves the demo ledger and a generated program of 1,000
// creators into new SQLite files: every table is copied, the copy compares
// equal row by row (read back here independently of the copier), check is
// clean, and the source file's bytes and modification time do not change.
func TestCopyLedger(t *testing.T) {
	for _, src := range copySources {
		t.Run(src.name, func(t *testing.T) {
			from, path := newSource(t, src.fill)
			before := stateOf(t, path)
			dest := filepath.Join(t.TempDir(), "copy.payouts")
			var calls int
			rep, err := ledger.MoveLedger(ctx, from, dest, func(table string, rows int64) { calls++ })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("copied %d rows in %v, verified in %v, checked in %v", rep.Rows, rep.CopyTime.Round(time.Millisecond),
				rep.VerifyTime.Round(time.Millisecond), rep.CheckTime.Round(time.Millisecond))
			if !rep.Verified || len(rep.Problems) > 0 {
				t.Fatalf("verified %v, problems %q", rep.Verified, rep.Problems)
			}
			if after := stateOf(t, path); after != before {
				t.Errorf("the source changed: %+v, want %+v", after, before)
			}
			want := dumpLedger(t, from)
			if len(rep.Tables) != len(want) || calls < len(want) {
				t.Errorf("copied %d tables with %d progress calls, the ledger has %d", len(rep.Tables), calls, len(want))
			}
			var total int64
			for _, tc := range rep.Tables {
				if int64(len(want[tc.Name])) != tc.Rows {
					t.Errorf("%s: copied %d rows, the source has %d", tc.Name, tc.Rows, len(want[tc.Name]))
				}
				if tc.Rows == 0 && src.name == "Demo" {
					t.Errorf("%s: no rows in the source, so its copy is not tested", tc.Name)
				}
				total += tc.Rows
			}
			if total != rep.Rows {
				t.Errorf("rows %d, tables sum to %d", rep.Rows, total)
			}
			to, err := ledger.OpenExisting(dest)
			if err != nil {
				t.Fatal(err)
			}
			defer to.Close()
			MustCheck(t, to)
			compareDumps(t, want, dumpLedger(t, to))
			// The copy is a working ledger: the next id follows the copied ones.
			id, err := to.AddCreator(ctx, ledger.CreatorInput{Name: "After The Move"})
			if err != nil {
				t.Fatal(err)
			}
			if n := int64(len(want["creators"])); id <= n {
				t.Errorf("new creator id %d, want above the %d copied", id, n)
			}
		})
	}
}

// dumpLedger reads every table of a ledger, SQLite or PostgreSQL, as text
// lines, sorted, with its own queries (not the copier's), so the comparison
// does not trust the code it tests. Integers print alike whatever their
// width; blobs in hex.
func dumpLedger(tb testing.TB, s *ledger.Store) map[string][]string {
	tb.Helper()
	db := s.DB()
	list := `SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`
	if s.Backend() == ledger.BackendPostgres {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' AND table_name <> 'payouts_meta' ORDER BY table_name`
	}
	rows, err := db.QueryContext(ctx, list)
	if err != nil {
		tb.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		lines := []string{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			// Columns by name: a column a migration added comes last in
			// SQLite, in its place elsewhere.
			fields := make([]string, len(cols))
			for i, c := range cols {
				v := vals[i]
				switch x := v.(type) {
				case []byte:
					v = fmt.Sprintf("blob:%x", x)
				case int32:
					v = int64(x)
				case int16:
					v = int64(x)
				}
				fields[i] = fmt.Sprintf("%s=%T:%v", c, v, v)
			}
			sort.Strings(fields)
			lines = append(lines, strings.Join(fields, "|"))
		}
		if err := rows.Err(); err != nil {
			tb.Fatal(err)
		}
		rows.Close()
		sort.Strings(lines)
		out[table] = lines
	}
	return out
}

func compareDumps(tb testing.TB, want, got map[string][]string) {
	tb.Helper()
	for table, w := range want {
		g, ok := got[table]
		if !ok {
			tb.Errorf("%s: missing from the copy", table)
			continue
		}
		if len(g) != len(w) {
			tb.Errorf("%s: %d rows in the copy, %d in the source", table, len(g), len(w))
			continue
		}
		for i := range w {
			if g[i] != w[i] {
				tb.Errorf("%s: row differs:\n got %s\nwant %s", table, g[i], w[i])
				break
			}
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			tb.Errorf("%s: in the copy only", table)
		}
	}
}

// TestCopyLedgerVerifyFails plants a difference in the target after the
// rows are copied and before they are compared: the comparison names the
// table, the row and the column, and the target is left as it was (empty).
func TestCopyLedgerVerifyFails(t *testing.T) {
	sqliteOnly(t) // reads sqlite_schema of the ledgers MustOpen makes
	from, _ := newSource(t, copySources[0].fill)
	for _, tc := range []struct {
		name  string
		plant []string
		want  string
	}{
		{"Value", []string{`UPDATE creators SET email = 'changed@example.com' WHERE id = 3`},
			`creators row id=3, column email: "`},
		{"Balance", []string{`UPDATE deals SET owed = owed + 1 WHERE id = 5`}, "deals row id=5, column owed: "},
		{"Null", []string{`UPDATE requests SET reference = NULL WHERE id = (SELECT min(id) FROM requests WHERE reference IS NOT NULL)`},
			"column reference: "},
		{"Blob", []string{`UPDATE outbox SET message = ?`}, "column message: "},
		{"CompositeKey", []string{`UPDATE brand_accounts SET balance = balance + 1 WHERE kind = (SELECT min(kind) FROM brand_accounts) AND currency = 'USD'`},
			"brand_accounts row kind="},
		{"Missing", []string{`DELETE FROM deal_codes WHERE code = (SELECT max(code) FROM deal_codes)`}, "is missing from the copy"},
		{"Extra", []string{`INSERT INTO settings (key, value) VALUES ('zz.planted', '1')`},
			"settings row key=zz.planted is in the copy but not in the source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			to, _ := MustOpen(t)
			restore := ledger.SetAfterCopy(func(exec func(string, ...any) error) error {
				for _, q := range tc.plant {
					var args []any
					if strings.Contains(q, "?") {
						args = append(args, []byte{0})
					}
					if err := exec(q, args...); err != nil {
						return err
					}
				}
				return nil
			})
			defer restore()
			rep, err := ledger.CopyLedger(ctx, from, to, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was copied") {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message of more than one line: %q", err)
			}
			if rep.Verified {
				t.Error("report says verified")
			}
			for table, rows := range dumpLedger(t, to) {
				if len(rows) > 0 {
					t.Errorf("%s: %d rows left in the target", table, len(rows))
				}
			}
		})
	}
}

// TestMoveLedgerRefuses: a target that is not empty, a file that exists,
// a schema that differs and a copy that fails its check are refused in one
// line, and the target is as it was.
func TestMoveLedgerRefuses(t *testing.T) {
	sqliteOnly(t) // reads sqlite_schema of the ledgers MustOpen makes
	from, path := newSource(t, func(tb testing.TB, s *ledger.Store) {
		MustDeal(tb, s, "Ana", "USD", pct10)
	})
	t.Run("NotEmpty", func(t *testing.T) {
		to, _ := MustOpen(t)
		MustDeal(t, to, "Ben", "EUR", pct10)
		before := dumpLedger(t, to)
		_, err := ledger.CopyLedger(ctx, from, to, nil)
		wantCode(t, err, ledger.ECONFLICT)
		if !strings.Contains(err.Error(), "is not empty (its table campaigns has rows)") {
			t.Errorf("got %q", err)
		}
		compareDumps(t, before, dumpLedger(t, to))
	})
	t.Run("FileExists", func(t *testing.T) {
		dest := filepath.Join(t.TempDir(), "there.payouts")
		os.WriteFile(dest, []byte("keep me"), 0o600)
		_, err := ledger.MoveLedger(ctx, from, dest, nil)
		wantCode(t, err, ledger.ECONFLICT)
		if b, _ := os.ReadFile(dest); string(b) != "keep me" {
			t.Errorf("the file was changed: %q", b)
		}
	})
	t.Run("Itself", func(t *testing.T) {
		_, err := ledger.CopyLedger(ctx, from, from, nil)
		wantCode(t, err, ledger.EINVALID)
	})
	t.Run("SchemaDiffers", func(t *testing.T) {
		to, _ := MustOpen(t)
		if _, err := to.DB().ExecContext(ctx, `ALTER TABLE creators ADD COLUMN planted TEXT`); err != nil {
			t.Fatal(err)
		}
		_, err := ledger.CopyLedger(ctx, from, to, nil)
		wantCode(t, err, ledger.EINVALID)
		if !strings.Contains(err.Error(), "the target's table creators has a column planted the source does not have") {
			t.Errorf("got %q", err)
		}
	})
	t.Run("CheckFails", func(t *testing.T) {
		// A source whose cached balance disagrees with its transfers copies
		// equal, and the copy fails its check: it is removed again.
		bad, badPath := newSource(t, func(tb testing.TB, s *ledger.Store) {
			deal := MustDeal(tb, s, "Ana", "USD", pct10)
			mustRequest(tb, s, deal, 5000)
			if _, err := s.DB().ExecContext(ctx, `UPDATE deals SET owed = owed + 7`); err != nil {
				tb.Fatal(err)
			}
		})
		before := stateOf(t, badPath)
		dest := filepath.Join(t.TempDir(), "copy.payouts")
		rep, err := ledger.MoveLedger(ctx, bad, dest, nil)
		if err == nil || !strings.Contains(err.Error(), "the copy fails its check") || !strings.Contains(err.Error(), "the copy was removed again") {
			t.Fatalf("got %v", err)
		}
		if !rep.Verified || len(rep.Problems) == 0 {
			t.Errorf("report %+v, want verified with problems", rep)
		}
		if _, err := os.Stat(dest); !os.IsNotExist(err) {
			t.Errorf("the copy is still there: %v", err)
		}
		if stateOf(t, badPath) != before {
			t.Error("the source changed")
		}
	})
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
