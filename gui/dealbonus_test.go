package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

func addBonus(tb testing.TB, s *ledger.Store, dealID, amount int64, comment string) int64 {
	tb.Helper()
	id, err := s.AddBonus(context.Background(), ledger.BonusInput{DealID: dealID, Amount: amount, Comment: comment})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// TestVoidBonus voids a bonus from the deal page, then one of which part is
// already requested: owed goes negative, and the page and the ledger agree.
func TestVoidBonus(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 0)
	u.openDeal(id)
	if p := u.dealPage; p.bonuses.card.Visible() {
		t.Fatal("Bonuses card shown on a deal without bonuses")
	}
	big := addBonus(t, s, id, 40000, "Top creator")
	wrong := addBonus(t, s, id, 5000, "Meant for Ben")
	request(t, s, id, 30000)
	u.openDeal(id)
	p := u.dealPage
	b := p.bonuses
	wantFigures(t, p, map[string]string{figBonuses: "$450.00", figOwed: "$150.00", figRequested: "$300.00", figRemaining: "$450.00"})
	if !b.card.Visible() || len(b.voidButtons) != 2 {
		t.Fatalf("Bonuses card visible %v with %d Void buttons, want 2", b.card.Visible(), len(b.voidButtons))
	}

	// The $50.00 bonus, with a reason; a double click voids it once.
	test.Tap(b.voidButtons[wrong])
	vf := b.voidForm
	if vf == nil || dialogsOpen(u) != 1 {
		t.Fatalf("Void: form %v, %d dialogs open, want 1", vf, dialogsOpen(u))
	}
	if note := vf.note.Text; !strings.Contains(note, "Void the $50.00 bonus (Meant for Ben)") || strings.Contains(note, "below zero") {
		t.Errorf("void dialog says %q", note)
	}
	test.Type(vf.comment, "Wrong deal")
	test.Tap(vf.dlg.submit)
	test.Tap(vf.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("void form: %d dialogs still open", dialogsOpen(u))
	}
	b = p.bonuses
	wantFigures(t, p, map[string]string{figBonuses: "$400.00", figOwed: "$100.00", figRequested: "$300.00", figRemaining: "$400.00"})
	if _, ok := b.voidButtons[big]; !ok || len(b.voidButtons) != 1 || !b.bonuses[0].Voided {
		t.Errorf("after voiding: Void buttons %v, bonuses %+v; want Void on bonus %d only", b.voidButtons, b.bonuses, big)
	}
	h := p.history
	if got := tableText(h.table, 0, historyCol(h, "Kind")); got != "Bonus voided" {
		t.Errorf("newest history line: got %q, want Bonus voided", got)
	}
	if got := tableText(h.table, 0, historyCol(h, "Comment")); got != "Wrong deal" {
		t.Errorf("void comment in history: got %q, want Wrong deal", got)
	}
	wantClean(t, s)

	// The $400.00 bonus: $300.00 of it is in the queue, so owed ends at -$300.00.
	test.Tap(b.voidButtons[big])
	vf = b.voidForm
	if note := vf.note.Text; !strings.Contains(note, "owed goes below zero") {
		t.Errorf("void dialog for a requested bonus says %q", note)
	}
	test.Tap(vf.dlg.submit)
	wantFigures(t, p, map[string]string{figBonuses: "$0.00", figOwed: "-$300.00", figRequested: "$300.00", figRemaining: "$0.00"})
	if len(p.bonuses.voidButtons) != 0 {
		t.Errorf("Void buttons on voided bonuses: got %d, want 0", len(p.bonuses.voidButtons))
	}
	if d := mustDeal(t, s, id); d.Bonuses != 0 || d.Owed != -30000 || d.Requested != 30000 {
		t.Errorf("after voiding both: got %+v", d.Balances)
	}
	wantClean(t, s)
}

// TestVoidBonusStale voids a bonus that another window voided meanwhile:
// the ledger's message shows over the form, and nothing changes.
func TestVoidBonusStale(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 0)
	bonus := addBonus(t, s, id, 5000, "")
	u.openDeal(id)
	b := u.dealPage.bonuses
	test.Tap(b.voidButtons[bonus])
	if err := s.VoidBonus(context.Background(), "", bonus, "elsewhere"); err != nil {
		t.Fatal(err)
	}
	test.Tap(b.voidForm.dlg.submit)
	if got := dialogsOpen(u); got != 2 {
		t.Errorf("dialogs open after a refused void: got %d, want 2 (form and error)", got)
	}
	if d := mustDeal(t, s, id); d.Bonuses != 0 || d.Owed != 0 {
		t.Errorf("balances after a refused second void: got %+v", d.Balances)
	}
	wantClean(t, s)
}
