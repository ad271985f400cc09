package gui

import (
	"context"
	"testing"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// The Chart of accounts card of Settings shows the defaults, saves changed
// rows as one operation (a bad row: nothing saved, an error shown), maps
// one currency apart from all, and resets.
func TestChartSettings(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	u.showScreen(screenSettings)
	c := u.settings.chart
	ctx := context.Background()
	row := func(acc string) int {
		for i, a := range c.accounts {
			if a.Account == acc {
				return i
			}
		}
		t.Fatalf("no row for %s", acc)
		return -1
	}
	owed, held := row(ledger.AccOwed), row(ledger.AccHeld)
	if c.codes[owed].Text != "2120" || c.names[owed].Text != "Creators - owed" {
		t.Fatalf("owed shown as %q %q, want the default", c.codes[owed].Text, c.names[owed].Text)
	}

	c.codes[owed].SetText("2200")
	c.names[held].SetText("Held: commissions")
	c.onSave()
	if len(u.dialogs) == 0 {
		t.Fatal(`a name with ":" was accepted`)
	}
	chart, _ := s.Chart(ctx)
	if a := chart.For(ledger.AccOwed, "USD"); a.Mapped {
		t.Fatalf("owed saved with a bad row beside it: %+v", a)
	}

	c.names[held].SetText("Held commissions")
	c.onSave()
	chart, _ = s.Chart(ctx)
	if a, b := chart.For(ledger.AccOwed, "EUR"), chart.For(ledger.AccHeld, "EUR"); a.Code != "2200" || b.Name != "Held commissions" {
		t.Fatalf("saved: got %+v and %+v", a, b)
	}
	if c.saved.Text != "Saved." {
		t.Errorf("saved label: %q", c.saved.Text)
	}

	// USD apart: the entries show what applies to USD, a change maps USD only.
	c.currency.SetSelected("USD")
	if c.codes[owed].Text != "2200" {
		t.Fatalf("USD owed shows %q, want the all-currency 2200", c.codes[owed].Text)
	}
	c.codes[owed].SetText("2201")
	c.onSave()
	chart, _ = s.Chart(ctx)
	if a, b := chart.For(ledger.AccOwed, "USD"), chart.For(ledger.AccOwed, "EUR"); a.Code != "2201" || b.Code != "2200" {
		t.Fatalf("USD mapping: got USD %+v, EUR %+v", a, b)
	}
	c.onReset()
	chart, _ = s.Chart(ctx)
	if a := chart.For(ledger.AccOwed, "USD"); a.Code != "2200" || c.codes[owed].Text != "2200" {
		t.Fatalf("after reset: got %+v, shown %q; want the all-currency 2200", a, c.codes[owed].Text)
	}

	// The Xero tax rate is the ledger's setting the Xero export reads.
	if c.taxRate.Text != export.XeroTaxRate {
		t.Fatalf("tax rate shown: %q", c.taxRate.Text)
	}
	c.taxRate.SetText("No GST")
	c.onSaveTaxRate()
	if v, _ := export.XeroTaxRateOf(ctx, s); v != "No GST" || c.taxSaved.Text != "Saved." {
		t.Errorf("tax rate saved: %q, label %q", v, c.taxSaved.Text)
	}
}
