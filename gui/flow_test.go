package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestDoneWhen walks the path a person takes on a new ledger: create a
// campaign, a creator and a deal; add and confirm a fixed fee; add a bonus;
// request a payout; see it in the queue; mark it paid offline with a
// reference; and see who paid, when, and the remaining balance in the
// deal's history.
func TestDoneWhen(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	u, _ := newTestUI(t, s)

	if u.current != "" || u.welcome.demo == nil {
		t.Fatalf("first run: got screen %q, want the welcome panel", u.current)
	}

	// A campaign.
	test.Tap(u.welcome.scratch)
	if u.current != screenCampaigns || u.campaigns.form == nil {
		t.Fatalf("Start with a campaign: got screen %q, form %v", u.current, u.campaigns.form)
	}
	cf := u.campaigns.form
	test.Type(cf.name, "Spring Launch")
	test.Type(cf.notes, "March to May")
	test.Tap(cf.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("campaign form: %d dialogs still open", dialogsOpen(u))
	}
	if got := len(u.campaigns.campaigns); got != 1 {
		t.Fatalf("campaigns listed: got %d, want 1", got)
	}
	if got := u.campaigns.detail.name.Text; got != "Spring Launch" {
		t.Errorf("campaign shown: got %q, want Spring Launch", got)
	}

	// A creator, with payout details.
	u.showScreen(screenCreators)
	test.Tap(findButton(t, u.creators.obj, "Add creator"))
	crf := u.creators.form
	test.Type(crf.name, "Ana Silva")
	test.Type(crf.email, "ana@example.com")
	test.Type(crf.handle, "@anafit")
	test.Type(crf.payout, "IBAN DE89 3704 0044 0532 0130 00")
	test.Tap(crf.dlg.submit)
	if got := u.creators.list.total; got != 1 {
		t.Fatalf("creators listed: got %d, want 1", got)
	}
	if got := u.creators.profile.name.Text; got != "Ana Silva" {
		t.Errorf("profile shown: got %q, want Ana Silva", got)
	}

	// A deal, from the creator's profile.
	test.Tap(findButton(t, u.creators.right, "Add deal"))
	df := u.newDeal
	if got := df.creator.Text; got != "Ana Silva" {
		t.Errorf("new deal from profile: creator %q, want Ana Silva", got)
	}
	df.campaign.SetText("Spring Launch")
	df.currency.SetSelected("USD")
	test.Type(df.value, "10")
	test.Type(df.codes, "ana10, ana-spring")
	df.holdDays.SetText("14")
	test.Tap(df.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("deal form: %d dialogs still open", dialogsOpen(u))
	}
	p := u.dealPage
	if p == nil {
		t.Fatal("adding a deal did not open its page")
	}
	if got, want := p.rule.Text, "10% of orders · USD · hold 14 days"; got != want {
		t.Errorf("rule: got %q, want %q", got, want)
	}
	if got := p.codes.Text; !strings.Contains(got, "ANA10") || !strings.Contains(got, "ANA-SPRING") {
		t.Errorf("codes: got %q, want ANA10 and ANA-SPRING", got)
	}

	if !p.payoutButton.Disabled() {
		t.Error("Payout enabled on a deal that is owed nothing")
	}

	// A fixed fee, confirmed later.
	test.Tap(findButton(t, u.body, "Add fixed fee"))
	ff := p.feeForm
	test.Type(ff.amount, "500")
	test.Type(ff.comment, "Launch video")
	test.Tap(ff.dlg.submit)
	wantFigures(t, p, map[string]string{figFees: "$500.00", figScheduled: "$500.00", figConfirmed: "$0.00", figOwed: "$0.00"})
	if len(p.confirmButtons) != 1 {
		t.Fatalf("Confirm buttons: got %d, want 1", len(p.confirmButtons))
	}
	for _, b := range p.confirmButtons {
		test.Tap(b)
	}
	wantFigures(t, p, map[string]string{figScheduled: "$0.00", figConfirmed: "$500.00", figOwed: "$500.00", figRemaining: "$500.00"})
	if len(p.confirmButtons) != 0 {
		t.Errorf("Confirm buttons after confirming: got %d, want 0", len(p.confirmButtons))
	}

	// A bonus.
	p.onAddBonus()
	bf := p.bonusForm
	test.Type(bf.amount, "50")
	test.Type(bf.comment, "Top performer")
	test.Tap(bf.dlg.submit)
	wantFigures(t, p, map[string]string{figBonuses: "$50.00", figOwed: "$550.00"})

	// A payout request, prefilled with what is owed.
	if p.payoutButton.Disabled() {
		t.Fatal("Payout disabled on a deal owed $550.00")
	}
	test.Tap(p.payoutButton)
	pf := p.payoutForm
	if got := pf.amount.Text; got != "550.00" {
		t.Errorf("payout prefilled: got %q, want 550.00", got)
	}
	test.Type(pf.comment, "March payout")
	test.Tap(pf.dlg.submit)
	wantFigures(t, p, map[string]string{figOwed: "$0.00", figRequested: "$550.00", figRemaining: "$550.00"})

	u.showScreen(screenDeals)
	if got := tableText(u.deals.deals.table, 0, dealCol(colRequested)); got != "$550.00" {
		t.Errorf("deals row requested: got %q, want $550.00", got)
	}
	if got, want := u.deals.totals.Text, "All deals · USD: not yet requested $0.00, in queue $550.00, unpaid incl. on hold $550.00"; got != want {
		t.Errorf("deals totals: got %q, want %q", got, want)
	}

	// In the queue.
	u.showScreen(screenPayouts)
	q := u.payouts
	if got := len(q.rows); got != 1 {
		t.Fatalf("queue: got %d requests, want 1", got)
	}
	if got := tableText(q.table, 0, requestCol(q, "Amount")); got != "$550.00" {
		t.Errorf("queue amount: got %q, want $550.00", got)
	}
	if got := q.totals.Text; !strings.Contains(got, "$550.00") {
		t.Errorf("queue totals: got %q, want $550.00 in it", got)
	}
	if !q.payOffline.Disabled() {
		t.Errorf("Mark paid offline enabled with nothing selected")
	}
	if !q.payStripe.Disabled() || !strings.Contains(q.stripeHint.Text, "Stripe is not set up: add your Stripe secret key in Settings") {
		t.Errorf("Pay with Stripe: disabled %v, hint %q", q.payStripe.Disabled(), q.stripeHint.Text)
	}
	test.Tap(q.all)
	if q.payOffline.Disabled() {
		t.Fatal("Mark paid offline disabled with a request selected")
	}

	// Paid offline, with a reference.
	test.Tap(q.payOffline)
	of := q.payForm
	of.method.SetSelected("PayPal")
	// Not before the request (made today, 2026-03-20), not in the future.
	of.date.SetText("2026-03-20")
	test.Type(of.refs[0], "PP-7781")
	test.Tap(of.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("pay form: %d dialogs still open", dialogsOpen(u))
	}
	if got := len(q.rows); got != 0 {
		t.Errorf("requested view after paying: got %d rows, want 0", got)
	}
	q.view.SetSelected("Paid")
	if got := tableText(q.table, 0, requestCol(q, "Reference")); got != "PP-7781" {
		t.Errorf("paid view reference: got %q, want PP-7781", got)
	}
	for col, want := range map[string]string{"Paid by": "Tess", "Paid on": "2026-03-20", "Method": "PayPal", "Amount": "$550.00"} {
		if got := tableText(q.table, 0, requestCol(q, col)); got != want {
			t.Errorf("paid view %s: got %q, want %q", col, got, want)
		}
	}

	u.showScreen(screenDeals) // refreshed as it is shown again
	if got, want := u.deals.totals.Text, "All deals · USD: not yet requested $0.00, in queue $0.00, unpaid incl. on hold $0.00"; got != want {
		t.Errorf("deals totals after paying: got %q, want %q", got, want)
	}

	// The ledger agrees.
	d := mustDeal(t, s, p.id)
	if d.Paid != 55000 || d.Remaining() != 0 || d.Owed != 0 || d.Requested != 0 || d.Fees != 50000 || d.Bonuses != 5000 {
		t.Errorf("deal balances: got %+v", d.Balances)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("ledger check: %v %v", problems, err)
	}

	// The deal's history: who paid, when, how, and what remains.
	q.onRowSelected(tableCell(0, requestCol(q, "Creator")))
	p = u.dealPage
	if p == nil {
		t.Fatal("tapping a paid request did not open its deal")
	}
	h := p.history
	want := []struct{ col, text string }{
		{"Date", "2026-03-20"}, {"Kind", "Paid"}, {"Amount", "$550.00"}, {"Who", "Tess"},
		{"Method", "PayPal"}, {"Reference", "PP-7781"}, {"Remaining after", "$0.00"},
	}
	for _, w := range want {
		if got := tableText(h.table, 0, historyCol(h, w.col)); got != w.text {
			t.Errorf("history, newest line, %s: got %q, want %q", w.col, got, w.text)
		}
	}
	kindsShown := func() string {
		var kinds []string
		for i := range h.rows {
			kinds = append(kinds, tableText(h.table, i, historyCol(h, "Kind")))
		}
		return strings.Join(kinds, ", ")
	}
	// The fee and its confirmation are one line, unless every step is asked for.
	if got, want := kindsShown(), "Paid, Payout requested, Bonus, "+labelFeeConfirmed; got != want {
		t.Errorf("history kinds: got %q, want %q", got, want)
	}
	h.detail.SetChecked(true)
	if got, want := kindsShown(), "Paid, Payout requested, Bonus, Fee confirmed, Fixed fee"; got != want {
		t.Errorf("history kinds, every step: got %q, want %q", got, want)
	}
	if got := tableText(h.table, 1, historyCol(h, "Remaining after")); got != "$550.00" {
		t.Errorf("remaining after the request: got %q, want $550.00", got)
	}
}

func wantFigures(t *testing.T, p *dealPage, want map[string]string) {
	t.Helper()
	for name, w := range want {
		if got := p.figures[name].Text; got != w {
			t.Errorf("%s: got %s, want %s", name, got, w)
		}
	}
}
