package main_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.payouts")
	ok(t, db, "demo", "--creators", "12")

	t.Run("XLSX", func(t *testing.T) {
		out := filepath.Join(dir, "book.xlsx")
		if got := ok(t, db, "export", "xlsx", "--out", out, "--from", "2026-01-01", "--campaign", "summer glow"); !strings.HasPrefix(got, "wrote "+out) {
			t.Errorf("stdout: got %q", got)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got, want := f.GetSheetList(), []string{"Summary", "Transactions", "Payouts", "Balances", "Creators", "Tax", "Attribution"}; !slices.Equal(got, want) {
			t.Errorf("sheets: got %v, want %v", got, want)
		}
		rows, _ := f.GetRows("Transactions")
		for _, r := range rows[1:] {
			if r[3] != "Summer Glow" {
				t.Fatalf("row %v is not of the campaign", r)
			}
		}
	})
	t.Run("CSV", func(t *testing.T) {
		journal := ok(t, db, "export", "csv", "--kind", "journal")
		if !strings.HasPrefix(journal, "\xEF\xBB\xBFDate,Account,Debit,Credit,Currency,Memo,Reference,Creator") {
			t.Errorf("journal: got %.80q", journal)
		}
		if plain := ok(t, db, "export", "csv", "--kind", "journal", "--no-bom"); !strings.HasPrefix(plain, "Date,") {
			t.Errorf("--no-bom: got %.20q", plain)
		}
		out := filepath.Join(dir, "bank.csv")
		ok(t, db, "export", "csv", "--kind", "bank", "--currency", "USD", "--out", out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "\xEF\xBB\xBFDate,Amount,Payee,Description,Reference\r\n") {
			t.Errorf("bank: got %.80q", b)
		}
	})
	for name, tc := range map[string]struct {
		args []string
		code int
	}{
		"ErrUnknownKind":   {[]string{"export", "csv", "--kind", "ledger"}, 1},
		"ErrBadDate":       {[]string{"export", "csv", "--kind", "journal", "--from", "2026-02-30"}, 1},
		"ErrNoCampaign":    {[]string{"export", "xlsx", "--out", filepath.Join(dir, "x.xlsx"), "--campaign", "nope"}, 1},
		"ErrNotXLSX":       {[]string{"export", "xlsx", "--out", filepath.Join(dir, "x.csv")}, 1},
		"ErrMissingOut":    {[]string{"export", "xlsx"}, 2},
		"ErrTwoCurrencies": {[]string{"export", "csv", "--kind", "bank", "--method", "all"}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			r := payouts(t, db, tc.args...)
			if r.code != tc.code || !strings.HasPrefix(r.stderr, "payouts: ") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 1 {
				t.Errorf("got exit %d, stderr %q; want exit %d and a short message", r.code, r.stderr, tc.code)
			}
		})
	}
}
