package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// hasColumn reports whether the queue shows a column titled title.
func hasColumn(q *payoutsScreen, title string) bool {
	for _, c := range q.columns {
		if c.title == title {
			return true
		}
	}
	return false
}

// queueRowOf is the row of the queue showing request id.
func queueRowOf(t *testing.T, q *payoutsScreen, id int64) int {
	t.Helper()
	for i, r := range q.rows {
		if r.ID == id {
			return i
		}
	}
	t.Fatalf("request %d is not in the queue", id)
	return -1
}

// With approvals on, the queue marks the requests the person at this
// computer requested ("Needs another approver") and will not pay them:
// Pay is off with the ledger's reason under it, while another person's
// request is paid as before.
func TestQueueApprovalsShowWhoMayPay(t *testing.T) {
	s := mustOpen(t) // operator Tess
	ctx := context.Background()
	ana := setup(t, s, "Ana", "IBAN DE00 1", 10000)
	kai := setup(t, s, "Kai", "IBAN DE00 2", 10000)
	mine := request(t, s, ana, 4000)
	s.SetOperator("bob")
	bobs := request(t, s, kai, 3000)
	s.SetOperator("Tess")

	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	if hasColumn(q, colWhoPays) {
		t.Fatal("approvals off: the queue shows Who may pay, though the owner may pay everything")
	}

	// Turned on in Settings, as the owner.
	u.showScreen(screenSettings)
	test.Tap(u.settings.approvals)
	if on, _ := s.Approvals(ctx); !on {
		t.Fatal("the Settings check did not turn approvals on")
	}
	u.showScreen(screenPayouts)
	if !hasColumn(q, colWhoPays) {
		t.Fatal("approvals on: no Who may pay column")
	}
	col := requestCol(q, colWhoPays)
	if got := tableText(q.table, queueRowOf(t, q, mine), col); got != "Needs another approver" {
		t.Errorf("Tess's own request: %q, want Needs another approver", got)
	}
	if got := tableText(q.table, queueRowOf(t, q, bobs), col); got != "" {
		t.Errorf("bob's request: %q, want nothing (Tess may pay it)", got)
	}

	q.setSelected(mine, true)
	if !q.payOffline.Disabled() || !q.payStripe.Disabled() || q.cancel.Disabled() {
		t.Fatalf("Tess's own request selected: pay offline off %v, Stripe off %v, cancel off %v; want pay off, cancel on",
			q.payOffline.Disabled(), q.payStripe.Disabled(), q.cancel.Disabled())
	}
	if !q.payHint.Visible() || !strings.Contains(q.payHint.Text, "requested by Tess, and with approvals on someone else must pay it") {
		t.Fatalf("pay hint %q (shown %v)", q.payHint.Text, q.payHint.Visible())
	}
	q.setSelected(bobs, true) // both: one of them Tess may not pay
	if !q.payOffline.Disabled() || !strings.HasPrefix(q.payHint.Text, "Pay is off: Ana: ") {
		t.Fatalf("both selected: pay off %v, hint %q", q.payOffline.Disabled(), q.payHint.Text)
	}
	q.setSelected(mine, false)
	if q.payOffline.Disabled() || q.payStripe.Disabled() || q.payHint.Visible() {
		t.Fatalf("bob's request alone: pay offline off %v, Stripe off %v, hint %q shown %v",
			q.payOffline.Disabled(), q.payStripe.Disabled(), q.payHint.Text, q.payHint.Visible())
	}
	test.Tap(q.payOffline)
	if q.payForm == nil {
		t.Fatal("Mark paid offline opened no form for bob's request")
	}
}

// A clerk (a team ledger's role) may pay nothing: every request says it
// needs an approver, Pay is off with the ledger's words, cancelling is on.
func TestQueueClerkMayNotPay(t *testing.T) {
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "IBAN DE00 1", 10000)
	id := request(t, s, ana, 4000)
	u, _ := newTestUI(t, s)
	q := u.payouts
	q.ruleOf = func() (ledger.PayRule, error) {
		return ledger.PayRule{Operator: "carol", Role: ledger.RoleClerk}, nil
	}
	u.showScreen(screenPayouts)
	if got := tableText(q.table, queueRowOf(t, q, id), requestCol(q, colWhoPays)); got != "Needs an approver" {
		t.Errorf("a clerk's queue: %q, want Needs an approver", got)
	}
	q.setSelected(id, true)
	if !q.payOffline.Disabled() || !q.payStripe.Disabled() || q.cancel.Disabled() {
		t.Fatal("a clerk: pay must be off and cancel on")
	}
	if want := "Pay is off: you (carol, a clerk) may not pay payout requests: ask an approver"; q.payHint.Text != want {
		t.Fatalf("hint %q, want %q", q.payHint.Text, want)
	}
	// The Paid view has no such column: nothing there is to be paid.
	q.view.SetSelected("Paid")
	if hasColumn(q, colWhoPays) || q.payHint.Visible() {
		t.Fatal("the Paid view shows who may pay")
	}
}

// On a deal's page, with approvals on: the Pay button of one's own request
// says who pays it instead and is off, another person's is on; Record a
// past payment is off, and Request payout's Pay it now too.
func TestDealPageApprovals(t *testing.T) {
	s := mustOpen(t) // Tess
	ctx := context.Background()
	ana := setup(t, s, "Ana", "IBAN DE00 1", 10000)
	mine := request(t, s, ana, 1000)
	s.SetOperator("bob")
	bobs := request(t, s, ana, 1000)
	s.SetOperator("Tess")
	u, _ := newTestUI(t, s)

	u.openDeal(ana)
	p := u.dealPage
	if p.payButtons[mine].Disabled() || p.pastButton.Disabled() {
		t.Fatal("approvals off: the owner's Pay or Record a past payment is off")
	}
	if err := s.SetApprovals(ctx, true); err != nil {
		t.Fatal(err)
	}
	u.openDeal(ana)
	p = u.dealPage
	if b := p.payButtons[mine]; !b.Disabled() || b.Text != "Needs another approver" {
		t.Errorf("Tess's own request: button %q, off %v", b.Text, b.Disabled())
	}
	if b := p.payButtons[bobs]; b.Disabled() || b.Text != "Pay…" {
		t.Errorf("bob's request: button %q, off %v", b.Text, b.Disabled())
	}
	if !p.pastButton.Disabled() {
		t.Error("approvals on: Record a past payment is on")
	}
	f := newPayoutForm(p)
	if !f.payNow.Disabled() {
		t.Error("approvals on: Pay it now is on")
	}
}
