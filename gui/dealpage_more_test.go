package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// TestDealPageRoomLinkAndPay: on a 1024x640 window the deal page starts
// with its summary folded to one line so the history has the room; the
// creator's name opens their profile; an open request is paid from the
// page, and "Pay it now" requests and pays in one go.
func TestDealPageRoomLinkAndPay(t *testing.T) {
	s := mustOpen(t)
	u, w := newTestUI(t, s)
	id := setup(t, s, "Ana", "IBAN 1", 50000)
	req := request(t, s, id, 10000)
	w.Resize(fyne.NewSize(1024, 640))
	u.openDeal(id)
	p := u.dealPage
	if p.summary.Visible() || !p.summaryLine.Visible() {
		t.Fatal("at 1024x640 the summary is not folded")
	}
	if !strings.Contains(p.summaryLine.Text, figRemaining+" $500.00") || !strings.Contains(p.summaryLine.Text, figRequested+" $100.00") {
		t.Errorf("folded summary says %q", p.summaryLine.Text)
	}
	folded := p.history.table.Size().Height
	if folded < 200 {
		t.Errorf("history gets %v px of 640 with the summary folded", folded)
	}
	test.Tap(p.summaryToggle)
	if !p.summary.Visible() || p.summaryToggle.Text != "Hide summary" {
		t.Fatal("Show summary did not open it")
	}
	if open := p.history.table.Size().Height; open >= folded {
		t.Errorf("history %v px with the summary open, %v folded: folding gives no room", open, folded)
	}
	test.Tap(p.summaryToggle)

	// Pay the open request from the page.
	test.Tap(p.payButtons[req])
	if p.payForm == nil || dialogsOpen(u) != 1 {
		t.Fatalf("Pay…: %d dialogs", dialogsOpen(u))
	}
	test.Type(p.payForm.refs[0], "TRX-1")
	test.Tap(p.payForm.dlg.submit)
	if d := mustDeal(t, s, id); d.Paid != 10000 || d.Requested != 0 {
		t.Fatalf("after Pay… on the deal page: paid %d, in queue %d", d.Paid, d.Requested)
	}
	for dialogsOpen(u) > 0 {
		u.closeTopDialog()
	}

	// Request and pay in one go.
	p = u.dealPage
	test.Tap(p.payoutButton)
	f := p.payoutForm
	f.amount.SetText("150")
	f.payNow.SetChecked(true)
	test.Tap(f.dlg.submit)
	if p.payForm == nil || len(p.payForm.reqs) != 1 || p.payForm.reqs[0].Amount != 15000 {
		t.Fatalf("Pay it now did not open the pay form for the new request: %+v", p.payForm)
	}
	test.Type(p.payForm.refs[0], "TRX-2")
	test.Tap(p.payForm.dlg.submit)
	if d := mustDeal(t, s, id); d.Paid != 25000 || d.Requested != 0 || d.Owed != 25000 {
		t.Fatalf("after request and pay: %+v", d.Balances)
	}
	for dialogsOpen(u) > 0 {
		u.closeTopDialog()
	}

	// The creator's name opens their profile.
	test.Tap(u.dealPage.creatorLink)
	if u.current != screenCreators || u.dealPage != nil {
		t.Fatalf("creator link: screen %q", u.current)
	}
}

// TestHistoryRows: newest first by date on the deal page; refunds and
// reversals negative; a fee and its confirmation, a commission and its
// release, one line each unless every step is asked for.
func TestHistoryRows(t *testing.T) {
	line := func(id int64, kind string, amount int64, fee, order, reverses int64) ledger.HistoryLine {
		return ledger.HistoryLine{ID: id, DealID: 1, Kind: kind, Amount: amount, Currency: "USD", FeeID: fee, OrderKey: order, Reverses: reverses}
	}
	lines := []ledger.HistoryLine{ // newest first
		line(9, ledger.KindPaidReversed, 3000, 0, 0, 8),
		line(8, ledger.KindPaid, 3000, 0, 0, 0),
		line(7, ledger.KindRefund, 400, 0, 2, 0),
		line(6, ledger.KindRelease, 1200, 0, 1, 0),
		line(5, ledger.KindFeeVoided, 700, 2, 0, 4),
		line(4, ledger.KindFee, 700, 2, 0, 0),
		line(3, ledger.KindFeeConfirmed, 5000, 1, 0, 0),
		line(2, ledger.KindCommission, 1200, 0, 1, 0),
		line(1, ledger.KindFee, 5000, 1, 0, 0),
	}
	show := func(rows []historyRow) string {
		var out []string
		for _, r := range rows {
			out = append(out, r.label+" "+ledger.Display(r.signed, "USD"))
		}
		return strings.Join(out, ", ")
	}
	want := "Payment reversed -$30.00, Paid $30.00, Refund -$4.00, " + labelCommission + " $12.00, Fee voided -$7.00, Fixed fee $7.00, " +
		labelFeeConfirmed + " $50.00"
	if got := show(historyRows(lines, false)); !sameKinds(got, want) {
		t.Errorf("one line per fee and order:\n got %s\nwant %s", got, want)
	}
	if got := len(historyRows(lines, true)); got != len(lines) {
		t.Errorf("every step: %d rows, want %d", got, len(lines))
	}
}

// sameKinds compares two row lists, reading kind labels through the
// ledger's (they may be reworded).
func sameKinds(got, want string) bool {
	for _, k := range []string{ledger.KindPaidReversed, ledger.KindPaid, ledger.KindRefund, ledger.KindFeeVoided, ledger.KindFee} {
		want = strings.ReplaceAll(want, map[string]string{
			ledger.KindPaidReversed: "Payment reversed", ledger.KindPaid: "Paid", ledger.KindRefund: "Refund",
			ledger.KindFeeVoided: "Fee voided", ledger.KindFee: "Fixed fee",
		}[k]+" ", ledger.KindLabel(k)+" ")
	}
	return got == want
}
