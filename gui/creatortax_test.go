package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// TestCreatorTaxData: the Tax data form of a creator's page saves the tax
// data; the page shows the tax ID masked until Show is tapped (and masked
// again by Hide); each change is in the Changes tab; bad input keeps the
// form open and changes nothing.
func TestCreatorTaxData(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 10000)
	ana, err := s.CreatorByName(ctx, "Ana")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s)
	u.openCreator(ana.ID)
	p := u.creators.profile
	if got := p.tax.label.Text; !strings.HasPrefix(got, "No tax form on file") || p.tax.reveal.Visible() {
		t.Errorf("before: %q, Show visible %v", got, p.tax.reveal.Visible())
	}
	if got := p.changes.line(0); got != "No changes since the creator was added." {
		t.Errorf("changes before: %q", got)
	}

	test.Tap(findButton(t, u.creators.right, "Tax data"))
	f := u.creators.taxForm
	test.Type(f.fields.country, "XX")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 { // the form and the error over it
		t.Fatalf("%d dialogs after a bad country, want the form and its error", dialogsOpen(u))
	}
	if tax, _ := s.CreatorTax(ctx, ana.ID); tax.Country != "" {
		t.Fatalf("a refused form saved %+v", tax)
	}
	u.closeTopDialog()
	f.fields.country.SetText("us")
	test.Type(f.fields.legalName, "Ana Silva")
	test.Type(f.fields.taxID, "123-45-6789")
	test.Type(f.fields.address, "1 Main St")
	f.fields.form.SetSelected(ledger.TaxFormW9)
	f.fields.received.SetText("2026-01-05")
	test.Tap(f.dlg.submit)
	want := ledger.TaxInfo{LegalName: "Ana Silva", TaxID: "123-45-6789", Address: "1 Main St", Country: "US", Form: "W-9", FormReceived: "2026-01-05"}
	if got, err := s.CreatorTax(ctx, ana.ID); err != nil || got != want {
		t.Fatalf("saved %+v, %v; want %+v", got, err, want)
	}
	if c, _ := s.Creator(ctx, ana.ID); c.PayoutDetails != "IBAN A" {
		t.Errorf("the tax form changed the payout details: %q", c.PayoutDetails)
	}

	p = u.creators.profile
	masked := "Tax form W-9, received 2026-01-05 · legal name Ana Silva · tax ID •••• 6789 · US · 1 Main St"
	if got := p.tax.label.Text; got != masked {
		t.Errorf("profile: %q, want %q", got, masked)
	}
	test.Tap(p.tax.reveal)
	if got := p.tax.label.Text; !strings.Contains(got, "tax ID 123-45-6789") || p.tax.reveal.Text != "Hide" {
		t.Errorf("after Show: %q, button %q", got, p.tax.reveal.Text)
	}
	test.Tap(p.tax.reveal)
	if got := p.tax.label.Text; got != masked {
		t.Errorf("after Hide: %q", got)
	}

	var lines []string
	for i := 0; i < len(p.changes.events); i++ {
		lines = append(lines, p.changes.line(i))
	}
	all := strings.Join(lines, "\n")
	if len(lines) != 6 || !strings.Contains(all, "Tess · tax ID: (empty) → •••• 6789") || !strings.Contains(all, "tax form: none → W-9") ||
		strings.Contains(all, "123-45") {
		t.Errorf("changes:\n%s", all)
	}
}
