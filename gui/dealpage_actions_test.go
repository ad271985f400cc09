package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// addFee agrees a fee on a deal, confirmed or not, straight in the ledger.
func addFee(tb testing.TB, s *ledger.Store, dealID, amount int64, comment string, confirm bool) int64 {
	tb.Helper()
	id, err := s.AddFee(context.Background(), ledger.FeeInput{DealID: dealID, Amount: amount, Comment: comment, Confirm: confirm})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func wantClean(t *testing.T, s *ledger.Store) {
	t.Helper()
	if problems, err := s.Check(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("ledger check: %v %v", problems, err)
	}
}

// feeStatuses is the status each fee row shows, newest first.
func feeStatuses(p *dealPage) string {
	var out []string
	for _, f := range p.fees {
		out = append(out, feeStatusLabel(f.Status))
	}
	return strings.Join(out, ", ")
}

// TestVoidFee voids a scheduled fee, then a confirmed one of which part is
// already requested: owed goes negative, and the page and the ledger agree.
func TestVoidFee(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 0)
	scheduled := addFee(t, s, id, 50000, "Launch video", false)
	confirmed := addFee(t, s, id, 30000, "Stories", true)
	request(t, s, id, 20000)
	u.openDeal(id)
	p := u.dealPage
	wantFigures(t, p, map[string]string{figFees: "$800.00", figScheduled: "$500.00", figConfirmed: "$300.00",
		figOwed: "$100.00", figRequested: "$200.00", figRemaining: "$300.00"})
	if got := len(p.voidButtons); got != 2 {
		t.Fatalf("Void buttons: got %d, want 2", got)
	}

	// The scheduled fee, with a reason; a double click voids it once.
	test.Tap(p.voidButtons[scheduled])
	vf := p.voidForm
	if vf == nil || dialogsOpen(u) != 1 {
		t.Fatalf("Void: form %v, %d dialogs open, want 1", vf, dialogsOpen(u))
	}
	note := vf.note.Text
	if !strings.Contains(note, "The fee is reversed; history keeps both lines") || !strings.Contains(note, "$500.00") {
		t.Errorf("void dialog says %q", note)
	}
	test.Type(vf.comment, "Video cancelled")
	test.Tap(vf.dlg.submit)
	test.Tap(vf.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("void form: %d dialogs still open", dialogsOpen(u))
	}
	wantFigures(t, p, map[string]string{figFees: "$300.00", figScheduled: "$0.00", figConfirmed: "$300.00",
		figOwed: "$100.00", figRequested: "$200.00", figRemaining: "$300.00"})
	if got, want := feeStatuses(p), "Confirmed, Voided"; got != want {
		t.Errorf("fee statuses: got %q, want %q", got, want)
	}
	if _, ok := p.voidButtons[scheduled]; ok || len(p.voidButtons) != 1 || len(p.confirmButtons) != 0 {
		t.Errorf("after voiding: Void buttons %v, Confirm buttons %v, want Void on fee %d only", p.voidButtons, p.confirmButtons, confirmed)
	}
	h := p.history
	if got := tableText(h.table, 0, historyCol(h, "Kind")); got != "Fee voided" {
		t.Errorf("newest history line: got %q, want Fee voided", got)
	}
	if got := tableText(h.table, 0, historyCol(h, "Comment")); got != "Video cancelled" {
		t.Errorf("void comment in history: got %q, want Video cancelled", got)
	}
	d := mustDeal(t, s, id)
	if d.Fees != 30000 || d.Scheduled != 0 || d.Owed != 10000 || d.Requested != 20000 {
		t.Errorf("after voiding the scheduled fee: got %+v", d.Balances)
	}
	wantClean(t, s)

	// The confirmed fee: taken back from owed, of which $200.00 is in the
	// queue already, so owed ends at -$200.00.
	test.Tap(p.voidButtons[confirmed])
	vf = p.voidForm
	if note := vf.note.Text; !strings.Contains(note, "taken back from what the deal is owed") {
		t.Errorf("void dialog for a confirmed fee says %q", note)
	}
	test.Tap(vf.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("void form: %d dialogs still open", dialogsOpen(u))
	}
	wantFigures(t, p, map[string]string{figFees: "$0.00", figConfirmed: "$0.00", figOwed: "-$200.00",
		figRequested: "$200.00", figRemaining: "$0.00"})
	if got, want := feeStatuses(p), "Voided, Voided"; got != want {
		t.Errorf("fee statuses: got %q, want %q", got, want)
	}
	if len(p.voidButtons) != 0 {
		t.Errorf("Void buttons on voided fees: got %d, want 0", len(p.voidButtons))
	}
	if !p.payoutButton.Disabled() {
		t.Error("Payout enabled on a deal that owes back")
	}
	d = mustDeal(t, s, id)
	if d.Fees != 0 || d.Owed != -20000 || d.Requested != 20000 || d.Remaining() != 0 {
		t.Errorf("after voiding the confirmed fee: got %+v", d.Balances)
	}
	wantClean(t, s)
}

// TestVoidFeeStale voids a fee that another window voided meanwhile: the
// ledger's message shows over the form, which stays open.
func TestVoidFeeStale(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 0)
	fee := addFee(t, s, id, 50000, "Launch video", false)
	u.openDeal(id)
	p := u.dealPage
	test.Tap(p.voidButtons[fee])
	if err := s.VoidFee(context.Background(), "", fee, "elsewhere"); err != nil {
		t.Fatal(err)
	}
	test.Tap(p.voidForm.dlg.submit)
	if got := dialogsOpen(u); got != 2 {
		t.Errorf("dialogs open after a refused void: got %d, want 2 (form and error)", got)
	}
	if d := mustDeal(t, s, id); d.Fees != 0 || d.Scheduled != 0 {
		t.Errorf("balances after a refused second void: got %+v", d.Balances)
	}
	wantClean(t, s)
}

// TestCancelRequestFromDeal cancels open requests from the deal page: each
// amount goes back to owed, and the section goes once none is left.
func TestCancelRequestFromDeal(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 50000)
	first := request(t, s, id, 20000)
	second := request(t, s, id, 10000)
	u.openDeal(id)
	p := u.dealPage
	wantFigures(t, p, map[string]string{figOwed: "$200.00", figRequested: "$300.00", figRemaining: "$500.00"})
	if !p.requestCard.Visible() || len(p.cancelButtons) != 2 {
		t.Fatalf("open requests: card visible %v, %d Cancel buttons, want 2", p.requestCard.Visible(), len(p.cancelButtons))
	}
	if got := findButton(t, u.body, "Cancel request"); got == nil {
		t.Fatal("no Cancel request button on screen")
	}

	test.Tap(p.cancelButtons[first])
	cf := p.cancelForm
	if note := cf.note.Text; !strings.Contains(note, "$200.00") {
		t.Errorf("cancel dialog says %q, want the amount $200.00", note)
	}
	test.Type(cf.comment, "Wait for April")
	test.Tap(cf.dlg.submit)
	test.Tap(cf.dlg.submit) // a double click cancels once
	if dialogsOpen(u) != 0 {
		t.Fatalf("cancel form: %d dialogs still open", dialogsOpen(u))
	}
	wantFigures(t, p, map[string]string{figOwed: "$400.00", figRequested: "$100.00", figRemaining: "$500.00"})
	if _, ok := p.cancelButtons[second]; !ok || len(p.cancelButtons) != 1 {
		t.Errorf("Cancel buttons after cancelling: got %v, want request %d only", p.cancelButtons, second)
	}
	d := mustDeal(t, s, id)
	if d.Owed != 40000 || d.Requested != 10000 {
		t.Errorf("after cancelling one request: got %+v", d.Balances)
	}

	test.Tap(p.cancelButtons[second])
	test.Tap(p.cancelForm.dlg.submit)
	wantFigures(t, p, map[string]string{figOwed: "$500.00", figRequested: "$0.00"})
	if p.requestCard.Visible() || len(p.cancelButtons) != 0 {
		t.Errorf("no open requests: card visible %v, %d Cancel buttons", p.requestCard.Visible(), len(p.cancelButtons))
	}
	d = mustDeal(t, s, id)
	if d.Owed != 50000 || d.Requested != 0 || d.Remaining() != 50000 {
		t.Errorf("after cancelling both requests: got %+v", d.Balances)
	}
	wantClean(t, s)
}
