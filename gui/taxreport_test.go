package gui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

func taxYearCol(title string) int {
	for i, c := range taxYearColumns {
		if c.title == title {
			return i
		}
	}
	return -1
}

// TestTaxYearTab: the Reports screen's Tax year tab shows last year's
// figures per creator and currency, with tax IDs masked unless "Show tax
// IDs" is ticked, and flags that follow the threshold set in Settings.
func TestTaxYearTab(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t) // the clock is in 2026: the tab opens on 2025
	deal := setup(t, s, "Ana", "IBAN A", 100000)
	ana, _ := s.CreatorByName(ctx, "Ana")
	if err := s.UpdateCreator(ctx, ana.ID, ledger.CreatorInput{Name: "Ana", PayoutDetails: "IBAN A",
		Tax: &ledger.TaxInfo{TaxID: "123-45-6789", Country: "US"}}); err != nil {
		t.Fatal(err)
	}
	// 2025: bank 650.00 and PayPal 100.00; direct 650.00 is over 600.00.
	for i, p := range []struct {
		method string
		amount int64
	}{{ledger.MethodBank, 65000}, {ledger.MethodPayPal, 10000}} {
		if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: p.amount, Date: "2025-06-0" + string(rune('1'+i)),
			Method: p.method, Reference: "R" + string(rune('1'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := newTestUI(t, s)
	u.showScreen(screenReports)
	tab := u.reports.taxYear
	if tab.year.Selected != "2025" || len(tab.rows) != 1 {
		t.Fatalf("year %s, %d rows", tab.year.Selected, len(tab.rows))
	}
	cell := func(title string) string { return tableText(tab.table, 0, taxYearCol(title)) }
	for title, want := range map[string]string{"Creator": "Ana", "Tax ID": "•••• 6789", "Bank": "$650.00", "PayPal": "$100.00",
		"Processor": "$100.00", "Direct": "$650.00", "Paid": "$750.00", "Threshold": "$600.00", "Flags": "Over threshold · Form missing"} {
		if got := cell(title); got != want {
			t.Errorf("%s = %q, want %q", title, got, want)
		}
	}
	test.Tap(tab.whole)
	if got := cell("Tax ID"); got != "123-45-6789" {
		t.Errorf("with Show tax IDs: %q", got)
	}
	test.Tap(tab.whole)
	if got := cell("Tax ID"); got != "•••• 6789" {
		t.Errorf("unticked: %q", got)
	}

	// Settings: USD 700.00 lifts the flag; the home currency is saved too.
	u.showScreen(screenSettings)
	ts := u.settings.tax
	ts.home.SetSelected("EUR")
	ts.thCur.SetSelected("USD")
	ts.thAmount.SetText("700")
	ts.onSave()
	if th, _ := s.TaxThresholds(ctx); th["USD"] != 70000 {
		t.Errorf("thresholds %v", th)
	}
	if h, _ := s.HomeCurrency(ctx); h != "EUR" {
		t.Errorf("home currency %q", h)
	}
	u.showScreen(screenReports)
	if got := cell("Flags"); got != "Form missing" {
		t.Errorf("after USD 700.00: flags %q", got)
	}
	ts.thAmount.SetText("0")
	ts.onSave()
	if dialogsOpen(u) != 1 {
		t.Errorf("a zero threshold: %d dialogs, want its error", dialogsOpen(u))
	}
	if th, _ := s.TaxThresholds(ctx); th["USD"] != 70000 {
		t.Errorf("a refused threshold changed them: %v", th)
	}
}
