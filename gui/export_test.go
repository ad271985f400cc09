package gui

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// runExport taps Export and waits for the flow to finish writing.
func runExport(t *testing.T, f *exportFlow) error {
	t.Helper()
	test.Tap(f.exportBtn)
	select {
	case err := <-f.result:
		return err
	case <-time.After(time.Minute):
		t.Fatal("export did not finish")
		return nil
	}
}

func TestExportFlow(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 12)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	dir := t.TempDir()

	t.Run("Workbook", func(t *testing.T) {
		f := newExportFlow(a, w, s)
		var opened *url.URL
		f.openURL = func(u *url.URL) error { opened = u; return nil }
		f.Show()
		if f.kind.Selected != exportWorkbook || !strings.HasSuffix(f.path.Text, ".xlsx") || !f.currency.Disabled() {
			t.Fatalf("defaults: got kind %q, path %q, currency enabled %v", f.kind.Selected, f.path.Text, !f.currency.Disabled())
		}
		path := filepath.Join(dir, "book.xlsx")
		f.path.SetText(path)
		f.from.SetText("2026-01-01")
		f.campaign.SetSelected("Summer Glow")
		if err := runExport(t, f); err != nil {
			t.Fatalf("export: %v", err)
		}
		if f.progress.Value != 1 {
			t.Errorf("progress: got %v, want 1 at the end", f.progress.Value)
		}
		if f.done == nil || f.openFolder == nil {
			t.Fatal("no done dialog with an Open folder button")
		}
		book, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatalf("the workbook: %v", err)
		}
		defer book.Close()
		rows, _ := book.GetRows("Transactions")
		for _, r := range rows[1:] {
			if r[3] != "Summer Glow" {
				t.Fatalf("row %v: not of the chosen campaign", r)
			}
		}
		test.Tap(f.openFolder)
		if opened == nil || opened.Scheme != "file" || opened.Path != filepath.ToSlash(dir) {
			t.Errorf("open folder: got %v, want file://%s", opened, dir)
		}
	})

	t.Run("BankStatement", func(t *testing.T) {
		f := newExportFlow(a, w, s)
		f.Show()
		f.kind.SetSelected(exportBank)
		if f.currency.Disabled() || !strings.HasSuffix(f.path.Text, "-bank.csv") {
			t.Fatalf("bank: got currency enabled %v, path %q", !f.currency.Disabled(), f.path.Text)
		}
		path := filepath.Join(dir, "bank.csv")
		f.path.SetText(path)
		f.currency.SetSelected("USD")
		if err := runExport(t, f); err != nil {
			t.Fatalf("export: %v", err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "\xEF\xBB\xBFDate,Amount,Payee,Description,Reference") || strings.Contains(string(b), ",EUR") {
			t.Errorf("bank CSV: got %.120q", b)
		}
		if strings.Contains(string(b), "(PayPal)") {
			t.Errorf("bank CSV holds PayPal payments: %q", b)
		}
	})

	// The statement's payment method is a choice: bank by default, PayPal
	// gives PayPal's statement.
	t.Run("BankStatementPayPal", func(t *testing.T) {
		f := newExportFlow(a, w, s)
		f.Show()
		f.kind.SetSelected(exportBank)
		if f.method.Disabled() || f.method.Selected != ledger.MethodLabel(ledger.MethodBank) {
			t.Fatalf("method: enabled %v, selected %q; want enabled, Bank", !f.method.Disabled(), f.method.Selected)
		}
		path := filepath.Join(dir, "paypal.csv")
		f.path.SetText(path)
		f.currency.SetSelected("USD")
		f.method.SetSelected(ledger.MethodLabel(ledger.MethodPayPal))
		if err := runExport(t, f); err != nil {
			t.Fatalf("export: %v", err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\r\n")
		if len(lines) < 2 {
			t.Fatalf("PayPal statement: got %q, want payments", b)
		}
		for _, l := range lines[1:] {
			if !strings.Contains(l, "(PayPal)") {
				t.Errorf("line %q is not a PayPal payment", l)
			}
		}
		f.kind.SetSelected(exportJournal)
		if !f.method.Disabled() {
			t.Errorf("method enabled for the journal")
		}
	})

	// The journal as Xero's and QuickBooks' imports and as plain text.
	t.Run("Formats", func(t *testing.T) {
		for _, tc := range []struct {
			kind, file, head string
		}{
			{exportXero, "xero.csv", "\xEF\xBB\xBFNarration,Date,Description,AccountCode,TaxRate,Amount\r\n"},
			{exportQBO, "qbo.csv", "\xEF\xBB\xBFJournal No.,Journal Date,Account Name,Debits,Credits,Description,Name,Currency\r\n"},
			{exportLedger, "books.journal", "; Payouts journal"},
			{exportTax, "tax.csv", "\xEF\xBB\xBFCreator ID,Creator,Legal name,Tax ID,Address,Country,Tax form,Form received,Email\r\n"},
		} {
			f := newExportFlow(a, w, s)
			f.Show()
			f.kind.SetSelected(tc.kind)
			if (tc.kind == exportXero) == f.currency.Disabled() {
				t.Errorf("%s: currency enabled %v", tc.kind, !f.currency.Disabled())
			}
			path := filepath.Join(dir, tc.file)
			f.path.SetText(path)
			f.currency.SetSelected("USD")
			if err := runExport(t, f); err != nil {
				t.Fatalf("%s: %v", tc.kind, err)
			}
			if tc.kind == exportXero {
				// Longer than Xero's 300 lines: written as xero-1.csv...
				path = filepath.Join(dir, "xero-1.csv")
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), tc.head) || len(b) < 500 {
				t.Errorf("%s: got %.120q", tc.kind, b)
			}
			if tc.kind == exportXero && strings.Contains(string(b), "EUR") {
				t.Errorf("xero: EUR entries in a USD journal")
			}
		}
	})

	t.Run("ErrBadDate", func(t *testing.T) {
		f := newExportFlow(a, w, s)
		f.Show()
		path := filepath.Join(dir, "bad.xlsx")
		f.path.SetText(path)
		f.to.SetText("2026-13-45") // no such day, in any way of writing dates
		test.Tap(f.exportBtn)
		if !f.errLabel.Visible() || !strings.Contains(f.errLabel.Text, "YYYY-MM-DD") {
			t.Errorf("error: got visible %v, %q", f.errLabel.Visible(), f.errLabel.Text)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("a file was written: %v", err)
		}
	})

	t.Run("ErrCannotWrite", func(t *testing.T) {
		f := newExportFlow(a, w, s)
		f.Show()
		f.path.SetText(filepath.Join(dir, "missing", "x.xlsx"))
		if err := runExport(t, f); err == nil {
			t.Fatal("got no error writing into a missing folder")
		}
		if !f.errLabel.Visible() || !strings.Contains(f.errLabel.Text, "cannot write") {
			t.Errorf("error: got visible %v, %q", f.errLabel.Visible(), f.errLabel.Text)
		}
	})
}
