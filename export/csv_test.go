package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./export -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\ngot  %q\nwant %q", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: got %d lines, want %d", name, len(gl), len(wl))
	}
}

func TestCSVGolden(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		kind string
		opt  export.CSVOptions
	}{
		{"journal.csv", export.KindJournal, export.CSVOptions{Filter: ledger.ExportFilter{From: "2026-11-10", To: "2026-11-21"}}},
		{"bank_usd.csv", export.KindBank, export.CSVOptions{Currency: "USD"}},
		{"bank_kwd_dmy.csv", export.KindBank, export.CSVOptions{Currency: "kwd", DateFormat: export.DateDMY}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.WriteCSV(ctx, s, &buf, tc.kind, tc.opt); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())
		})
	}
}

// TestJournalBalances reads the journal back: every entry (reference) has
// one debit and one credit line of equal amount, and the debits sum, per
// currency, to what the ledger's accounts moved.
func TestJournalBalances(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	var buf bytes.Buffer
	if err := export.WriteJournal(ctx, s, &buf, export.CSVOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != strings.Join(export.JournalHeader, ",") {
		t.Fatalf("header: got %s", got)
	}
	entries := map[string]int64{}
	debits := map[string]int64{}
	for _, r := range rows[1:] {
		c, err := ledger.LookupCurrency(r[4])
		if err != nil {
			t.Fatal(err)
		}
		if (r[2] == "") == (r[3] == "") {
			t.Fatalf("line %v: want exactly one of debit and credit", r)
		}
		if r[2] != "" {
			v, err := ledger.ParseAmount(r[2], c, false)
			if err != nil {
				t.Fatal(err)
			}
			entries[r[6]] += v
			debits[r[4]] += v
		} else {
			v, err := ledger.ParseAmount(r[3], c, false)
			if err != nil {
				t.Fatal(err)
			}
			entries[r[6]] -= v
		}
	}
	for ref, v := range entries {
		if v != 0 {
			t.Errorf("entry %s: debits and credits differ by %d", ref, v)
		}
	}
	snap, _ := s.Snapshot(ctx, ledger.ExportFilter{})
	totals, err := s.AccountTotals(ctx, snap)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, a := range totals {
		want[a.Currency] += a.Debits
	}
	for cur, v := range want {
		if debits[cur] != v {
			t.Errorf("%s debits: got %d, want %d", cur, debits[cur], v)
		}
	}
}

func TestBankStatement(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	t.Run("ErrSeveralCurrencies", func(t *testing.T) {
		err := export.WriteBankStatement(ctx, s, &bytes.Buffer{}, export.CSVOptions{})
		if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "one currency") {
			t.Errorf("got %v, want an invalid error asking for one currency", err)
		}
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		if err := export.WriteCSV(ctx, s, &bytes.Buffer{}, "ledger", export.CSVOptions{}); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("got %v, want invalid", err)
		}
	})
	t.Run("FormulaTextQuoted", func(t *testing.T) {
		var buf bytes.Buffer
		if err := export.WriteBankStatement(ctx, s, &buf, export.CSVOptions{Currency: "JPY"}); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("got %d rows, want a header and 2 JPY payouts", len(rows))
		}
		for _, r := range rows[1:] {
			if !strings.HasPrefix(r[1], "-") {
				t.Errorf("amount %q: want negative (money out)", r[1])
			}
			for _, field := range []string{r[2], r[3], r[4]} {
				if strings.ContainsAny(field[:1], "=+-@") {
					t.Errorf("field %q would be evaluated by a spreadsheet", field)
				}
			}
			if !strings.HasPrefix(r[2], "'") || !strings.HasPrefix(r[4], "'-REF") {
				t.Errorf("payee %q, reference %q: want a leading apostrophe", r[2], r[4])
			}
		}
	})
}
