package export_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// monthLedger is a ledger holding only the month of issue 14 (demo.Month),
// its clock on 2026-12-01.
func monthLedger(tb testing.TB) *ledger.Store {
	tb.Helper()
	s, err := ledger.Open(filepath.Join(tb.TempDir(), "month.payouts"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	s.Operator = "tester"
	if _, err := demo.Month(context.Background(), s); err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return s
}

var november = ledger.ExportFilter{From: "2026-11-01", To: "2026-11-30"}

// rollWant is the November roll-forward of the month, by line: scheduled,
// held, owed, requested, and what is owed to creators (held + owed +
// requested), in cents, worked out by hand from demo.Month.
var rollWant = map[string][5]int64{
	export.RollOpening:                                   {0, 3000, 10000, 0, 13000},
	"Commission earned, in range":                        {0, 1900, 0, 0, 1900},
	"Fixed fees agreed, in range":                        {75000, 0, 0, 0, 0},
	"Fixed fees confirmed (scheduled -> owed), in range": {-50000, 0, 50000, 0, 50000},
	"Fixed fees voided, in range":                        {},
	"Bonuses, in range":                                  {0, 0, 5025, 0, 5025},
	"Bonuses voided, in range":                           {},
	"Refunds and cancellations, in range":                {},
	"Hold released (held -> owed), in range":             {0, -3000, 3000, 0, 0},
	"Payouts requested (owed -> requested), in range":    {0, 0, -40000, 40000, 0},
	"Requests cancelled (requested -> owed), in range":   {},
	"Payments, in range":                                 {0, 0, 0, -40000, -40000},
	"Payments reversed, in range":                        {},
	export.RollClosing:                                   {25000, 1900, 28025, 0, 29925},
	export.RollBalances:                                  {25000, 1900, 28025, 0, 29925},
}

// checkRollForward checks the Summary of the month's November workbook as
// value(row, col) computes it (1-based row, 0-based column): the
// roll-forward's every line, its checks, and the table's figures.
func checkRollForward(t *testing.T, rows [][]string, value func(r, c int) int64, text func(r, c int) string) {
	t.Helper()
	seen := map[string]bool{}
	opening, closing := 0, 0
	for i, r := range rows {
		if len(r) < 2 || r[0] != "USD" {
			continue
		}
		switch r[1] {
		case export.RollOpening:
			opening = i + 1
		case export.RollClosing:
			closing = i + 1
		case export.RollCheck:
			for c := 2; c <= 6; c++ {
				if got := text(i+1, c); got != "OK" {
					t.Errorf("check %s of column %d: got %q, want OK", r[1], c, got)
				}
			}
		case export.RollCommitment:
			if got := value(i+1, 2); got != 25000 {
				t.Errorf("commitment: got %d, want 25000 (the unconfirmed fee)", got)
			}
			seen[r[1]] = true
		case export.RollCommitted:
			if got := value(i+1, 6); got != 54925 {
				t.Errorf("owed and committed: got %d, want 54925", got)
			}
			seen[r[1]] = true
		}
		want, ok := rollWant[r[1]]
		if !ok {
			continue
		}
		seen[r[1]] = true
		for c := 0; c < 5; c++ {
			if got := value(i+1, 2+c); got != want[c] {
				t.Errorf("%s, column %d: got %d, want %d", r[1], 2+c, got, want[c])
			}
		}
	}
	for l := range rollWant {
		if !seen[l] {
			t.Errorf("no roll-forward line %q", l)
		}
	}
	if !seen[export.RollCommitment] || !seen[export.RollCommitted] {
		t.Errorf("no commitment lines")
	}
	// Opening + activity = closing, column by column, from the lines as
	// computed (not only the closing formula's own result).
	if opening == 0 || closing == 0 {
		t.Fatal("no opening or closing line")
	}
	for c := 2; c <= 6; c++ {
		var sum int64
		for r := opening; r < closing; r++ {
			sum += value(r, c)
		}
		if got := value(closing, c); sum != got {
			t.Errorf("column %d: opening + activity = %d, closing %d", c, sum, got)
		}
	}
	// The table: the range's figures and the balances at its end, and the
	// 250.00 fee the old Summary left out, with the 419.25 the month added.
	for c, want := range map[int]int64{2: 1900, 3: 75000, 4: 5025, 5: 40000, 6: 29925, 7: 25000, 8: 54925} {
		if got := value(2, c); got != want {
			t.Errorf("Summary %s: got %d, want %d", rows[0][c], got, want)
		}
	}
	if got := text(2, 9); got != "OK" {
		t.Errorf("Summary roll-forward check: got %q, want OK", got)
	}
	if got := value(2, 8) - value(opening, 6) - value(opening, 2); got != 41925 {
		t.Errorf("November's change in owed and committed: got %d, want 41925 (19.00 + 750.00 + 50.25 - 400.00)", got)
	}
}

func TestWorkbookRollForward(t *testing.T) {
	s := monthLedger(t)
	f, path := writeBook(t, s, export.Options{Filter: november})
	rows, err := f.GetRows(export.SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	cell := func(r, c int) string {
		name, _ := excelize.CoordinatesToCellName(c+1, r)
		return name
	}
	t.Run("Go", func(t *testing.T) {
		text := func(r, c int) string { return calc(t, f, export.SheetSummary, cell(r, c)) }
		value := func(r, c int) int64 {
			v := text(r, c)
			m, err := ledger.ParseAmount(v, ledger.Currency{Code: "USD", Exponent: 2}, true)
			if err != nil {
				t.Fatalf("%s = %q: %v", cell(r, c), v, err)
			}
			return m
		}
		checkRollForward(t, rows, value, text)
	})
	t.Run("Balances", func(t *testing.T) {
		brows, _ := f.GetRows(export.SheetBalances)
		if len(brows) < 2 || brows[1][1] != "Month Fixture" {
			t.Fatalf("Balances: got %v", brows)
		}
		// Closing E..J, then opening K..P.
		for col, want := range map[string]int64{"E": 25000, "F": 1900, "G": 28025, "H": 0, "I": 40000, "J": 29925,
			"K": 0, "L": 3000, "M": 10000, "N": 0, "O": 0, "P": 13000} {
			if got := minor(t, f, export.SheetBalances, col+"2", "USD"); got != want {
				t.Errorf("Balances %s2 (%s): got %d, want %d", col, brows[0][colIndex(col)], got, want)
			}
		}
	})
	t.Run("LibreOffice", func(t *testing.T) {
		soffice := sofficeOrSkip(t)
		sheets := recalcWithLibreOffice(t, soffice, path)
		lo := sheets[export.SheetSummary]
		text := func(r, c int) string {
			if r-1 >= len(lo) || c >= len(lo[r-1]) {
				return ""
			}
			return lo[r-1][c]
		}
		value := func(r, c int) int64 { return loAmount(t, text(r, c), "USD") }
		checkRollForward(t, rows, value, text)
	})
}

func colIndex(col string) int {
	n, _ := excelize.ColumnNameToNumber(col)
	return n - 1
}
