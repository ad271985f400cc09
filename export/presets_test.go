package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// The vendors' published column lists, as read on 2026-12-02 with the
// search tool (stored copies of their help pages):
//
// Xero: help.xero.com/nz/ManualJournalsImport ("Enter multiple manual
// journals using an import template"): Narration, Date, Description,
// AccountCode, TaxRate, Amount (mandatory but Description), then
// TrackingName1, TrackingOption1, TrackingName2, TrackingOption2 (optional);
// "You can import up to 300 lines in one template file"; dates dd/mm/yyyy or
// dd mmm yyyy; a positive amount is a debit, a negative one a credit.
var xeroPublished = []string{"Narration", "Date", "Description", "AccountCode", "TaxRate", "Amount",
	"TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2"}

// QuickBooks Online: Intuit's "Import journal entries" help
// (quickbooks.intuit.com/learn-support/en-au/help-article/import-export-files/
// import-journal-entries-quickbooks-online/L4tQBwbs7_AU_en_AU) lists Journal
// No., Journal Date, Account Name, Description, Debits, Credits, and a Name
// column (a supplier or customer, required on A/P and A/R lines). Currency
// is not on that page: it is the journal entry's currency in Intuit's API
// (CurrencyRef) and a column of third-party QuickBooks Online importers
// (Transaction Pro's journal entry fields); it could not be confirmed in
// Intuit's own import template. The page states no row limit.
var quickBooksPublished = []string{"Journal No.", "Journal Date", "Account Name", "Description", "Debits", "Credits", "Name"}

// TestPresetHeaders: the presets' headers are the vendors' columns, with
// every mandatory one, spelled as published.
func TestPresetHeaders(t *testing.T) {
	if got, want := export.XeroHeader, xeroPublished[:6]; !slices.Equal(got, want) {
		t.Errorf("Xero header: got %v, want the template's mandatory columns %v", got, want)
	}
	for _, col := range quickBooksPublished {
		if !slices.Contains(export.QuickBooksHeader, col) {
			t.Errorf("QuickBooks header %v lacks %q", export.QuickBooksHeader, col)
		}
	}
	for _, col := range export.QuickBooksHeader {
		if !slices.Contains(quickBooksPublished, col) && col != "Currency" {
			t.Errorf("QuickBooks header has %q, which is not a published column", col)
		}
	}
	if export.XeroMaxLines != 300 {
		t.Errorf("XeroMaxLines: got %d, want Xero's 300", export.XeroMaxLines)
	}
}

func TestPresetGolden(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	if err := s.MapAccount(ctx, ledger.MapAccountInput{Account: "bank_cash", Currency: "USD", Code: "1011", Name: "Chase checking"}); err != nil {
		t.Fatal(err)
	}
	rng := ledger.ExportFilter{From: "2026-11-10", To: "2026-11-21"}
	for _, tc := range []struct {
		name, format string
		opt          export.CSVOptions
	}{
		{"xero_usd.csv", export.FormatXero, export.CSVOptions{Filter: ledger.ExportFilter{From: "2026-11-10", To: "2026-11-20"}, Currency: "USD"}},
		{"xero_kwd_dmy.csv", export.FormatXero, export.CSVOptions{Filter: rng, Currency: "KWD", DateFormat: export.DateDMY, TaxRate: "No VAT"}},
		{"quickbooks.csv", export.FormatQuickBooks, export.CSVOptions{Filter: rng}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.WriteJournalFormat(ctx, s, &buf, tc.format, tc.opt); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())
			checkBalanced(t, tc.format, buf.Bytes())
		})
	}
}

// checkBalanced reads a preset back: every journal (Xero: narration and
// date; QuickBooks: journal number) balances, in one currency, and has
// two lines.
func checkBalanced(t *testing.T, format string, b []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sums, lines := map[string]int64{}, map[string]int{}
	for _, r := range rows[1:] {
		var key string
		var v int64
		switch format {
		case export.FormatXero:
			key = r[0] + "|" + r[1]
			// Xero's amounts have no currency column: parse with three
			// decimals, which reads every currency's amounts exactly.
			v, err = ledger.ParseAmount(r[5], ledger.Currency{Code: "KWD", Exponent: 3}, true)
		default:
			key = r[0]
			cur, _ := ledger.LookupCurrency(r[7])
			var d, c int64
			if r[3] != "" {
				d, err = ledger.ParseAmount(r[3], cur, false)
			}
			if err == nil && r[4] != "" {
				c, err = ledger.ParseAmount(r[4], cur, false)
			}
			if (r[3] == "") == (r[4] == "") {
				t.Fatalf("row %v: want a debit or a credit", r)
			}
			v = d - c
		}
		if err != nil {
			t.Fatalf("row %v: %v", r, err)
		}
		sums[key] += v
		lines[key]++
	}
	if len(sums) == 0 {
		t.Fatal("no journals")
	}
	for k, v := range sums {
		if v != 0 || lines[k] != 2 {
			t.Errorf("journal %s: %d lines summing to %d, want 2 lines summing to 0", k, lines[k], v)
		}
	}
}

// TestXeroSplit: a Xero journal over 300 lines is written as several
// files of at most 300 lines, each journal whole in one file, together
// every entry of the currency once.
func TestXeroSplit(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	opt := export.CSVOptions{Currency: "USD"}
	var all bytes.Buffer
	if err := export.WriteJournalFormat(ctx, s, &all, export.FormatQuickBooks, opt); err != nil {
		t.Fatal(err)
	}
	want := strings.Count(all.String(), "\n") - 1
	if want <= export.XeroMaxLines {
		t.Fatalf("fixture has %d USD lines; the test needs more than %d", want, export.XeroMaxLines)
	}
	var one bytes.Buffer
	if err := export.WriteJournalFormat(ctx, s, &one, export.FormatXero, opt); ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "--out") {
		t.Errorf("to one stream: got %v, want a refusal that asks for --out", err)
	}
	path := filepath.Join(t.TempDir(), "books.csv")
	files, err := export.WriteJournalFiles(ctx, s, path, export.FormatXero, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 || files[0] != filepath.Join(filepath.Dir(path), "books-1.csv") {
		t.Fatalf("files: got %v, want books-1.csv, books-2.csv...", files)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists beside its parts", path)
	}
	got := 0
	seen := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkBalanced(t, export.FormatXero, b)
		rows, _ := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
		if n := len(rows) - 1; n > export.XeroMaxLines || n == 0 {
			t.Errorf("%s: %d lines, want 1 to %d", f, n, export.XeroMaxLines)
		}
		for _, r := range rows[1:] {
			if other, ok := seen[r[0]]; ok && other != f {
				t.Errorf("journal %s is in %s and %s", r[0], other, f)
			}
			seen[r[0]] = f
		}
		got += len(rows) - 1
	}
	if got != want {
		t.Errorf("lines in all files: got %d, want %d", got, want)
	}
}

// TestXeroTaxRateSetting: the ledger's Xero tax rate is every line's
// TaxRate; --tax-rate overrides it for one export.
func TestXeroTaxRateSetting(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	rng := ledger.ExportFilter{From: "2026-11-10", To: "2026-11-12"}
	taxRates := func(opt export.CSVOptions) map[string]bool {
		t.Helper()
		var buf bytes.Buffer
		opt.Filter, opt.Currency, opt.NoBOM = rng, "USD", true
		if err := export.WriteJournalFormat(ctx, s, &buf, export.FormatXero, opt); err != nil {
			t.Fatal(err)
		}
		rows, _ := csv.NewReader(&buf).ReadAll()
		out := map[string]bool{}
		for _, r := range rows[1:] {
			out[r[4]] = true
		}
		return out
	}
	if got := taxRates(export.CSVOptions{}); len(got) != 1 || !got[export.XeroTaxRate] {
		t.Errorf("default: got %v", got)
	}
	if err := export.SetXeroTaxRate(ctx, s, " No VAT "); err != nil {
		t.Fatal(err)
	}
	if got := taxRates(export.CSVOptions{}); len(got) != 1 || !got["No VAT"] {
		t.Errorf("setting: got %v, want No VAT", got)
	}
	if got := taxRates(export.CSVOptions{TaxRate: "BAS Excluded"}); len(got) != 1 || !got["BAS Excluded"] {
		t.Errorf("override: got %v, want BAS Excluded", got)
	}
	if err := export.SetXeroTaxRate(ctx, s, "No\nVAT"); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("two lines: got %v, want EINVALID", err)
	}
	if err := export.SetXeroTaxRate(ctx, s, ""); err != nil {
		t.Fatal(err)
	}
	if v, _ := export.XeroTaxRateOf(ctx, s); v != export.XeroTaxRate {
		t.Errorf("cleared: got %q", v)
	}
}

func TestPresetErrors(t *testing.T) {
	s := mustLedger(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, format string
		opt          export.CSVOptions
		want         string
	}{
		{"ErrXeroCurrencies", export.FormatXero, export.CSVOptions{}, "choose one with --currency"},
		{"ErrXeroDate", export.FormatXero, export.CSVOptions{Currency: "USD", DateFormat: export.DateMDY}, "dd/mm/yyyy"},
		{"ErrCurrency", export.FormatQuickBooks, export.CSVOptions{Currency: "XXQ"}, "currency"},
		{"ErrFormat", "sage", export.CSVOptions{}, "unknown journal format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := export.WriteJournalFormat(ctx, s, &buf, tc.format, tc.opt)
			if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want EINVALID containing %q", err, tc.want)
			}
		})
	}
}
