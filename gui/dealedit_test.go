package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestEditDeal changes a deal's codes and hold days from its page; a code
// of another deal is refused with the ledger's message and nothing changes.
func TestEditDeal(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	ctx := context.Background()
	id := setup(t, s, "Ana", "IBAN 1", 0)
	ben := setup(t, s, "Ben", "IBAN 2", 0)
	if err := s.SetDealCodes(ctx, "", ben, []string{"BEN10"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDealCodes(ctx, "", id, []string{"ANA10"}); err != nil {
		t.Fatal(err)
	}
	u.openDeal(id)
	p := u.dealPage
	test.Tap(findButton(t, u.body, "Edit"))
	f := p.editForm
	if f == nil || dialogsOpen(u) != 1 {
		t.Fatalf("Edit: form %v, %d dialogs open", f, dialogsOpen(u))
	}
	if f.codes.Text != "ANA10" || f.holdDays.Text != "30" {
		t.Errorf("form prefilled with codes %q, hold days %q", f.codes.Text, f.holdDays.Text)
	}

	// A code of Ben's deal: refused whole, the hold days too.
	f.codes.SetText("ANA20, ben10")
	f.holdDays.SetText("14")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("a conflicting code: %d dialogs open, want the form and the error", dialogsOpen(u))
	}
	if d := mustDeal(t, s, id); strings.Join(d.Codes, ",") != "ANA10" || d.HoldDays != 30 {
		t.Fatalf("after a refused edit: codes %v, hold %d", d.Codes, d.HoldDays)
	}
	for u.closeTopDialog() {
	}

	test.Tap(findButton(t, u.body, "Edit"))
	f = p.editForm
	f.codes.SetText("ana20; ANA30 ana20")
	f.holdDays.SetText("14")
	test.Tap(f.dlg.submit)
	test.Tap(f.dlg.submit) // a double click saves once
	if dialogsOpen(u) != 0 {
		t.Fatalf("edit form: %d dialogs still open", dialogsOpen(u))
	}
	d := mustDeal(t, s, id)
	if strings.Join(d.Codes, ",") != "ANA20,ANA30" || d.HoldDays != 14 {
		t.Errorf("after the edit: codes %v, hold %d", d.Codes, d.HoldDays)
	}
	if got := p.codes.Text; got != "Codes: ANA20, ANA30" {
		t.Errorf("codes on the page: %q", got)
	}
	if got := p.rule.Text; !strings.Contains(got, "hold 14 days") {
		t.Errorf("rule on the page: %q", got)
	}

	// Empty codes remove them all.
	test.Tap(findButton(t, u.body, "Edit"))
	p.editForm.codes.SetText("")
	test.Tap(p.editForm.dlg.submit)
	if d := mustDeal(t, s, id); len(d.Codes) != 0 || p.codes.Text != "No discount codes" {
		t.Errorf("after removing the codes: %v, page says %q", d.Codes, p.codes.Text)
	}
	if _, err := s.DealByCode(ctx, "BEN10"); err != nil {
		t.Errorf("Ben's code: %v", err)
	}
	wantClean(t, s)
}
