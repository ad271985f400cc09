package gui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// TestRecordPastPayment: one step on the deal page requests and pays, in
// one ledger operation, with the earlier date; a future date is refused in
// the form and records nothing.
func TestRecordPastPayment(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 30000)
	u.openDeal(id)
	p := u.dealPage
	if p.pastButton.Disabled() {
		t.Fatal("Record a past payment disabled on a deal owed $300.00")
	}

	// A date in the future: refused, the form stays open, nothing written.
	test.Tap(p.pastButton)
	f := p.pastForm
	if got := f.amount.Text; got != "300.00" {
		t.Errorf("amount prefilled: got %q, want 300.00", got)
	}
	f.amount.SetText("100.00")
	f.date.SetText("2031-01-01")
	test.Type(f.reference, "TRX-9")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("dialogs after a future date: got %d, want the form and the error", dialogsOpen(u))
	}
	if rs, _ := s.Requests(ctx, ledger.RequestQuery{DealID: id}); len(rs) != 0 {
		t.Fatalf("requests after a refused past payment: %+v", rs)
	}
	u.closeTopDialog()

	f.date.SetText("2026-02-01")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("form still open: %d dialogs", dialogsOpen(u))
	}
	wantFigures(t, p, map[string]string{figOwed: "$200.00", figRequested: "$0.00", figPaid: "$100.00"})
	rs, _ := s.Requests(ctx, ledger.RequestQuery{DealID: id})
	if len(rs) != 1 || rs[0].Status != ledger.StatusPaid || rs[0].PaidDate != "2026-02-01" || rs[0].Reference != "TRX-9" {
		t.Fatalf("requests = %+v", rs)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: id, Limit: 2})
	if len(h) != 2 || h[0].Date != "2026-02-01" || h[1].Date != "2026-02-01" || h[0].OpID != h[1].OpID {
		t.Fatalf("history = %+v: want request and payment dated 2026-02-01, one operation", h)
	}
	wantClean(t, s)
}
