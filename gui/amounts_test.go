package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// formTexts is every text drawn in the newest dialog: its labels, and the
// hint or error line under each field.
func formTexts(u *ui) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if t, ok := o.(*canvas.Text); ok && t.Visible() {
			b.WriteString(t.Text + "\n")
		}
	}
	return b.String()
}

// TestAmountsAsTyped: amount fields read what people type, as their
// number format writes it, and say what is wrong beside the field at each
// key rather than only in a dialog after submitting.
func TestAmountsAsTyped(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	old := osGetenv
	osGetenv = func(string) string { return "" }
	t.Cleanup(func() { osGetenv = old })
	id := setup(t, s, "Ana", "IBAN 1", 0)
	u.openDeal(id)
	p := u.dealPage
	for i, tt := range []struct {
		name, format, typed string
		want                int64  // the fee added, in cents; 0 when refused
		msg                 string // what the form says under the field
	}{
		{"EnglishDollar", "", "$1,250", 125000, ""},
		{"EnglishDecimals", "1,234.56", "1,250.50", 125050, ""},
		{"GermanEuroText", "1.234,56", "1.250,00", 125000, ""},
		{"FrenchSpaces", "1 234,56", "1 250,5 USD", 125050, ""},
		{"OtherCurrency", "", "€12,50", 0, "Invalid amount \"€12,50\": the amount is in USD, not €"},
		{"Ambiguous", "1 234,56", "1.250", 0, "Invalid amount \"1.250\": ambiguous, write 1250 for a whole amount or 1,25"},
		{"TooManyDecimals", "", "12.505", 0, "USD has at most 2 decimals"},
		{"NotANumber", "", "12x", 0, "not an amount; write it like 1,234.50"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u.app.Preferences().SetString(prefNumberFormat, tt.format)
			before := mustDeal(t, s, id).Fees
			p.onAddFee()
			f := p.feeForm
			u.win.Canvas().Focus(f.amount)
			test.Type(f.amount, tt.typed)
			err := f.amount.Validate()
			texts := formTexts(u)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("typed %q: %v", tt.typed, err)
				}
			} else {
				if err == nil || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("typed %q: validation %v, want %q", tt.typed, err, tt.msg)
				}
				if !strings.Contains(texts, tt.msg) {
					t.Fatalf("typed %q: the form does not show %q beside the field; it shows:\n%s", tt.typed, tt.msg, texts)
				}
			}
			test.Tap(f.dlg.submit)
			got := mustDeal(t, s, id).Fees - before
			if got != tt.want {
				t.Fatalf("typed %q (case %d): fee added %d, want %d", tt.typed, i, got, tt.want)
			}
			for dialogsOpen(u) > 0 {
				u.closeTopDialog()
			}
		})
	}

	// A field that turns right again drops its message.
	u.app.Preferences().SetString(prefNumberFormat, "")
	p.onAddFee()
	f := p.feeForm
	u.win.Canvas().Focus(f.amount)
	test.Type(f.amount, "12x")
	if !strings.Contains(formTexts(u), "not an amount") {
		t.Fatalf("no message under 12x:\n%s", formTexts(u))
	}
	f.amount.SetText("12")
	if texts := formTexts(u); strings.Contains(texts, "not an amount") {
		t.Fatalf("message stays after the amount was corrected:\n%s", texts)
	}
	u.closeTopDialog()
}

// TestAmountPrefillFollowsFormat: the amount a form fills in is written as
// the user types amounts, and submitting it unchanged requests exactly
// what is owed.
func TestAmountPrefillFollowsFormat(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 123456)
	u.app.Preferences().SetString(prefNumberFormat, ledger.FormatCommaDecimal.String())
	u.openDeal(id)
	p := u.dealPage
	p.onPayout()
	if got := p.payoutForm.amount.Text; got != "1.234,56" {
		t.Fatalf("payout prefill: got %q, want 1.234,56", got)
	}
	if got := p.payoutForm.amount.PlaceHolder; got != "e.g. 1.250,00" {
		t.Errorf("placeholder: got %q", got)
	}
	test.Tap(p.payoutForm.dlg.submit)
	if d := mustDeal(t, s, id); d.Requested != 123456 {
		t.Fatalf("requested %d, want 123456", d.Requested)
	}
}

// TestNewDealTypedRate: the new-deal form reads a per-order amount with
// the currency's symbol and a rate with the user's decimal mark, and
// checks the field as the rule chosen reads it.
func TestNewDealTypedRate(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	setup(t, s, "Ana", "IBAN 1", 0)
	u.app.Preferences().SetString(prefNumberFormat, ledger.FormatCommaDecimal.String())
	u.onNewDeal()
	f := u.newDeal
	f.creator.SetText("Ana")
	f.campaign.SetText("Launch")
	f.currency.SetSelected("JPY")
	f.rule.SetSelected(rulePerOrderLabel)
	u.win.Canvas().Focus(f.value)
	test.Type(f.value, "¥1.500")
	if err := f.value.Validate(); err != nil {
		t.Fatalf("¥1.500 per order: %v", err)
	}
	f.rule.SetSelected(rulePercentLabel)
	if err := f.value.Validate(); err == nil {
		t.Fatal("¥1.500 accepted as a percent")
	}
	f.value.SetText("12,5")
	if err := f.value.Validate(); err != nil {
		t.Fatalf("12,5 %%: %v", err)
	}
	test.Tap(f.dlg.submit)
	if u.dealPage == nil {
		t.Fatal("the new deal did not open")
	}
	if r := u.dealPage.deal.Rule; r.Kind != ledger.RulePercent || r.Value != 1250 {
		t.Fatalf("rule: got %+v, want 12.5%%", r)
	}
}
