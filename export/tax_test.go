package export_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// fxLedger: home currency USD; Ana paid $100.00 and €250.00 (the bank
// debited $271.83), Bo ¥20,000 ($132.45). Ana's tax data is on file.
func fxLedger(t *testing.T) (*ledger.Store, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	s, err := ledger.Open(filepath.Join(t.TempDir(), "fx.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return fixedNow }
	if err := s.SetHomeCurrency(ctx, "USD"); err != nil {
		t.Fatal(err)
	}
	camp, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Launch"})
	if err != nil {
		t.Fatal(err)
	}
	ana, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Ana", Email: "ana@example.com", PayoutDetails: "IBAN A", Tax: &ledger.TaxInfo{
		LegalName: "Ana Silva", TaxID: "123-45-6789", Address: "1 Main St\nSpringfield, IL", Country: "US", Form: "W-9", FormReceived: "2026-01-05"}})
	if err != nil {
		t.Fatal(err)
	}
	bo, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "=Bo", PayoutDetails: "IBAN B"})
	if err != nil {
		t.Fatal(err)
	}
	deals := map[string]int64{}
	for _, d := range []struct {
		key string
		cr  int64
		cur string
	}{{"ana-usd", ana, "USD"}, {"ana-eur", ana, "EUR"}, {"bo-jpy", bo, "JPY"}} {
		id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: d.cr, CampaignID: camp, Currency: d.cur, Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: id, Amount: 10_000_000}); err != nil {
			t.Fatal(err)
		}
		deals[d.key] = id
	}
	fxPay(t, s, deals["ana-usd"], 10000, "2026-11-02", 0)
	fxPay(t, s, deals["ana-eur"], 25000, "2026-11-03", 27183)
	fxPay(t, s, deals["bo-jpy"], 20000, "2026-11-04", 13245)
	return s, deals
}

func fxPay(t *testing.T, s *ledger.Store, deal, amount int64, date string, home int64) {
	t.Helper()
	ctx := context.Background()
	req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: amount, Date: date})
	if err != nil {
		t.Fatal(err)
	}
	in := ledger.PayInput{RequestID: req, Reference: "REF-" + date, Date: date, HomeAmount: home}
	if home != 0 {
		in.HomeCurrency = "USD"
	}
	if err := s.PayOffline(ctx, in); err != nil {
		t.Fatal(err)
	}
}

func TestPayoutsHomeCurrency(t *testing.T) {
	s, deals := fxLedger(t)
	f, _ := writeBook(t, s, export.Options{})
	rows, err := f.GetRows(export.SheetPayouts)
	if err != nil {
		t.Fatal(err)
	}
	if h := rows[0]; len(h) != 15 || h[11] != "Home amount" || h[12] != "Home currency" || h[13] != "Implied rate" || h[14] != "Reversed" {
		t.Fatalf("header %v", h)
	}
	// Rates by hand: 100.00/100.00 = 1; 271.83/250.00 = 1.08732;
	// 132.45/20000 = 0.0066225, half up to six places 0.006623.
	for i, w := range []struct {
		cur  string
		home int64
		rate string
	}{{"USD", 10000, "1"}, {"EUR", 27183, "1.08732"}, {"JPY", 13245, "0.006623"}} {
		r := i + 2
		if got := raw(t, f, export.SheetPayouts, cellName("E", r)); got != w.cur {
			t.Fatalf("row %d currency %s, want %s", r, got, w.cur)
		}
		if got := minor(t, f, export.SheetPayouts, cellName("L", r), "USD"); got != w.home {
			t.Errorf("L%d = %d, want %d", r, got, w.home)
		}
		if got := raw(t, f, export.SheetPayouts, cellName("M", r)); got != "USD" {
			t.Errorf("M%d = %q", r, got)
		}
		if got := raw(t, f, export.SheetPayouts, cellName("N", r)); got != w.rate {
			t.Errorf("N%d = %q, want %s", r, got, w.rate)
		}
		if got := numFmt(t, f, export.SheetPayouts, cellName("N", r)); got != "#,##0.000000" {
			t.Errorf("N%d format %q", r, got)
		}
	}
	// The total: 100.00 + 271.83 + 132.45 = 504.28 USD, below a blank row.
	if got := raw(t, f, export.SheetPayouts, "A6"); !strings.Contains(got, "Total in USD") {
		t.Errorf("A6 = %q", got)
	}
	if got := calc(t, f, export.SheetPayouts, "L6"); got != "504.28" {
		t.Errorf("L6 = %s, want 504.28", got)
	}
	if got := raw(t, f, export.SheetPayouts, "M6"); got != "USD" {
		t.Errorf("M6 = %q", got)
	}

	t.Run("OneLacking", func(t *testing.T) {
		fxPay(t, s, deals["ana-eur"], 1000, "2026-11-05", 0)
		f, _ := writeBook(t, s, export.Options{})
		if got := raw(t, f, export.SheetPayouts, "A7"); got != "No total in USD, the home currency: 1 of 4 payments have no home amount" {
			t.Errorf("A7 = %q", got)
		}
		if got := raw(t, f, export.SheetPayouts, "L7"); got != "" {
			t.Errorf("L7 = %q, want no total", got)
		}
		if got := raw(t, f, export.SheetPayouts, "L5"); got != "" {
			t.Errorf("L5 = %q for a payment without a home amount", got)
		}
	})
	t.Run("Reversed", func(t *testing.T) {
		paid, _ := s.Requests(context.Background(), ledger.RequestQuery{Status: ledger.StatusPaid})
		for _, r := range paid {
			if r.Reference == "REF-2026-11-03" {
				if err := s.ReversePayment(context.Background(), ledger.ReverseInput{RequestID: r.ID, Reason: "returned"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		f, _ := writeBook(t, s, export.Options{})
		if got := raw(t, f, export.SheetPayouts, "O3"); got != "Reversed" {
			t.Errorf("O3 = %q, want the EUR payment marked Reversed", got)
		}
		if got := raw(t, f, export.SheetPayouts, "O2"); got != "" {
			t.Errorf("O2 = %q", got)
		}
	})
	t.Run("NoHomeCurrency", func(t *testing.T) {
		if err := s.SetHomeCurrency(context.Background(), ""); err != nil {
			t.Fatal(err)
		}
		f, _ := writeBook(t, s, export.Options{})
		rows, _ := f.GetRows(export.SheetPayouts)
		if len(rows) != 5 { // header + 4 payments, no total line
			t.Errorf("%d rows without a home currency: %v", len(rows), rows)
		}
		if got := raw(t, f, export.SheetPayouts, "L3"); got != "271.83" { // recorded, still shown
			t.Errorf("L3 = %q", got)
		}
	})
}

func TestTaxSheetAndCSV(t *testing.T) {
	s, _ := fxLedger(t)
	f, _ := writeBook(t, s, export.Options{})
	rows, err := f.GetRows(export.SheetTax)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Creator", "Legal name", "Tax ID", "Address", "Country", "Tax form", "Form received", "Email", "Creator ID"},
		{"=Bo", "", "", "", "", "none", "", "", "2"},
		{"Ana", "Ana Silva", "123-45-6789", "1 Main St, Springfield, IL", "US", "W-9", "2026-01-05", "ana@example.com", "1"},
	}
	if len(rows) != len(want) {
		t.Fatalf("Tax rows %v", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("Tax row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
	if typ := numFmt(t, f, export.SheetTax, "G3"); typ != "yyyy-mm-dd" {
		t.Errorf("G3 format %q, want a date", typ)
	}
	if got := raw(t, f, export.SheetTax, "A2"); got != "=Bo" {
		t.Errorf("A2 = %q: a name like a formula stays text", got)
	}
	var buf bytes.Buffer
	if err := export.WriteCSV(context.Background(), s, &buf, export.KindTax, export.CSVOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	wantCSV := "Creator ID,Creator,Legal name,Tax ID,Address,Country,Tax form,Form received,Email\r\n" +
		"2,'=Bo,,,,,none,,\r\n" +
		"1,Ana,Ana Silva,'123-45-6789,\"1 Main St, Springfield, IL\",US,W-9,2026-01-05,ana@example.com\r\n"
	if buf.String() != wantCSV {
		t.Errorf("tax CSV:\n%q\nwant:\n%q", buf.String(), wantCSV)
	}
	buf.Reset()
	if err := export.WriteCSV(context.Background(), s, &buf, export.KindTax, export.CSVOptions{}); err != nil || !strings.HasPrefix(buf.String(), "\xEF\xBB\xBF") {
		t.Errorf("tax CSV without NoBOM: no byte-order mark (%v)", err)
	}
}
