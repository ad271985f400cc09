package gui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// setup adds a campaign, a creator (with or without payout details) and a
// USD deal with an owed balance, straight through the ledger.
func setup(tb testing.TB, s *ledger.Store, name, details string, owed int64) (dealID int64) {
	tb.Helper()
	ctx := context.Background()
	ca, err := s.CampaignByName(ctx, "Launch")
	if err != nil {
		id, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Launch"})
		if err != nil {
			tb.Fatal(err)
		}
		ca.ID = id
	}
	cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: name, PayoutDetails: details})
	if err != nil {
		tb.Fatal(err)
	}
	dealID, err = s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca.ID, Currency: "USD",
		Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
	if err != nil {
		tb.Fatal(err)
	}
	if owed > 0 {
		if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: dealID, Amount: owed}); err != nil {
			tb.Fatal(err)
		}
	}
	return dealID
}

func request(tb testing.TB, s *ledger.Store, dealID, amount int64) int64 {
	tb.Helper()
	id, err := s.RequestPayout(context.Background(), ledger.RequestInput{DealID: dealID, Amount: amount})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func TestPayoutDetailsMissing(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	deal := setup(t, s, "Kai Nguyen", "", 10000)
	req := request(t, s, deal, 10000)
	u, _ := newTestUI(t, s)

	if got := tableText(u.deals.deals.table, 0, dealCol("Payout details")); got != markerMissing {
		t.Errorf("deals marker: got %q, want %q", got, markerMissing)
	}
	u.showScreen(screenPayouts)
	q := u.payouts
	if got := tableText(q.table, 0, requestCol(q, "Payout details")); got != markerMissing {
		t.Errorf("queue marker: got %q, want %q", got, markerMissing)
	}
	test.Tap(q.all)
	test.Tap(q.payOffline)
	if q.payForm != nil {
		t.Fatal("the pay form opened for a creator without payout details")
	}
	if dialogsOpen(u) != 1 {
		t.Fatalf("dialogs: got %d, want the error", dialogsOpen(u))
	}
	r, err := s.Request(ctx, req)
	if err != nil || r.Status != ledger.StatusRequested {
		t.Errorf("request: %+v %v, want still requested", r, err)
	}

	// With details on file, it can be paid.
	u.closeTopDialog()
	u.showScreen(screenCreators)
	u.creators.view.Select(0)
	test.Tap(findButton(t, u.creators.right, "Edit"))
	f := u.creators.form
	if f.editing == nil || f.name.Text != "Kai Nguyen" {
		t.Fatalf("edit form: %+v", f.editing)
	}
	test.Type(f.payout, "PayPal: kai@example.com")
	test.Tap(f.dlg.submit)
	if got := u.creators.profile.payout.Text; !strings.Contains(got, "kai@example.com") {
		t.Errorf("profile payout: got %q", got)
	}
	u.showScreen(screenPayouts)
	if got := tableText(q.table, 0, requestCol(q, "Payout details")); got != "PayPal: kai@example.com" {
		t.Errorf("queue details after edit: got %q, want the details to copy", got)
	}
	// The request ticked before stays ticked across the refresh.
	if !q.all.Checked || len(q.chosen()) != 1 {
		t.Fatalf("ticks after the refresh: all %v, %d chosen", q.all.Checked, len(q.chosen()))
	}
	test.Tap(q.payOffline)
	if q.payForm == nil {
		t.Fatal("no pay form once details are on file")
	}
}

func TestOfflineReferencePaysOnce(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	a := setup(t, s, "Ana", "IBAN A", 10000)
	b := setup(t, s, "Ben", "IBAN B", 20000)
	ra, rb := request(t, s, a, 10000), request(t, s, b, 20000)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts

	// Two at once: the same reference twice is refused before anything.
	test.Tap(q.all)
	test.Tap(q.payOffline)
	f := q.payForm
	if len(f.refs) != 2 {
		t.Fatalf("reference entries: got %d, want 2", len(f.refs))
	}
	test.Type(f.refs[0], "TRX-1")
	test.Type(f.refs[1], "TRX-1")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Errorf("dialogs: got %d, want the form and the error", dialogsOpen(u))
	}
	for _, id := range []int64{ra, rb} {
		if r, _ := s.Request(ctx, id); r.Status != ledger.StatusRequested {
			t.Errorf("request %d: %s, want requested", id, r.Status)
		}
	}
	u.closeTopDialog()
	u.closeTopDialog()

	// One paid with TRX-1; then TRX-1 for the other is refused by the ledger.
	test.Tap(q.all) // clears the selection
	if len(q.chosen()) != 0 {
		t.Fatalf("selection after clearing: %d", len(q.chosen()))
	}
	q.setSelected(ra, true)
	q.onPayOffline()
	f = q.payForm
	test.Type(f.refs[0], "TRX-1")
	test.Tap(f.dlg.submit)
	if r, _ := s.Request(ctx, ra); r.Status != ledger.StatusPaid || r.Reference != "TRX-1" || r.Method != ledger.MethodBank {
		t.Errorf("first: %+v, want paid by bank, TRX-1", r)
	}
	q.setSelected(rb, true)
	q.onPayOffline()
	f = q.payForm
	test.Type(f.refs[0], "TRX-1")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Errorf("dialogs after reuse: got %d, want the form and the error", dialogsOpen(u))
	}
	if r, _ := s.Request(ctx, rb); r.Status != ledger.StatusRequested {
		t.Errorf("second: %s, want still requested", r.Status)
	}
	// Corrected in the same form: paid.
	u.closeTopDialog()
	f.refs[0].SetText("TRX-2")
	test.Tap(f.dlg.submit)
	if r, _ := s.Request(ctx, rb); r.Status != ledger.StatusPaid || r.Reference != "TRX-2" {
		t.Errorf("second, corrected: %+v", r)
	}
	if d := mustDeal(t, s, b); d.Paid != 20000 || d.Requested != 0 {
		t.Errorf("deal b: paid %d requested %d", d.Paid, d.Requested)
	}
}

func TestCancelRequest(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	deal := setup(t, s, "Ana", "IBAN A", 10000)
	req := request(t, s, deal, 4000)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	if q.cancel.Disabled() == false {
		t.Error("Cancel enabled with nothing selected")
	}
	q.setSelected(req, true)
	test.Tap(q.cancel)
	if dialogsOpen(u) != 1 {
		t.Fatalf("dialogs: got %d, want the confirmation", dialogsOpen(u))
	}
	q.cancelRequests(q.chosen())
	if r, _ := s.Request(ctx, req); r.Status != ledger.StatusCancelled {
		t.Errorf("status: %s, want cancelled", r.Status)
	}
	if d := mustDeal(t, s, deal); d.Owed != 10000 || d.Requested != 0 {
		t.Errorf("deal: owed %d requested %d, want 10000 and 0", d.Owed, d.Requested)
	}
	q.view.SetSelected("Cancelled")
	if len(q.rows) != 1 || !q.payOffline.Disabled() || !q.cancel.Disabled() {
		t.Errorf("cancelled view: %d rows, pay disabled %v, cancel disabled %v", len(q.rows), q.payOffline.Disabled(), q.cancel.Disabled())
	}
	if got := q.totals.Text; !strings.Contains(got, "$40.00") {
		t.Errorf("cancelled totals: %q", got)
	}
}

func TestCreatorProfile(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	a := setup(t, s, "Ana", "IBAN A", 10000)
	camp, _ := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Summer"})
	cr, _ := s.CreatorByName(ctx, "Ana")
	b, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr.ID, CampaignID: camp, Currency: "EUR", Rule: ledger.Rule{Kind: ledger.RulePerOrder, Value: 500}})
	if err != nil {
		t.Fatal(err)
	}
	s.AddBonus(ctx, ledger.BonusInput{DealID: b, Amount: 7000, Comment: "EUR bonus"})
	for _, d := range []struct {
		id  int64
		amt int64
		ref string
	}{{a, 10000, "R-A"}, {b, 7000, "R-B"}} {
		r := request(t, s, d.id, d.amt)
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: r, Reference: d.ref}); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := newTestUI(t, s)
	u.showScreen(screenCreators)
	u.creators.view.Select(0)
	p := u.creators.profile
	if p == nil {
		t.Fatal("no profile")
	}
	if got, want := p.paid.Text, "Lifetime paid: €70.00 · $100.00"; got != want {
		t.Errorf("paid: got %q, want %q", got, want)
	}
	if p.deals.total != 2 {
		t.Errorf("deals: got %d, want 2", p.deals.total)
	}
	if got := len(p.history.lines); got != 6 {
		t.Errorf("transactions: got %d, want 6", got)
	}
	if got := tableText(p.history.table, 0, historyCol(p.history, "Campaign")); got != "Summer" {
		t.Errorf("newest transaction campaign: got %q, want Summer", got)
	}
	// Searching narrows the list.
	test.Type(u.creators.search, "zzz")
	if u.creators.list.total != 0 {
		t.Errorf("search zzz: %d creators", u.creators.list.total)
	}
}

func TestCampaignEdit(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 0)
	u, _ := newTestUI(t, s)
	u.showScreen(screenCampaigns)
	u.campaigns.list.Select(0)
	d := u.campaigns.detail
	if d == nil || d.deals.total != 1 {
		t.Fatalf("campaign detail: %+v", d)
	}
	test.Tap(findButton(t, u.campaigns.right, "Edit"))
	f := u.campaigns.form
	f.name.SetText("Launch 2026")
	test.Tap(f.dlg.submit)
	if c, err := s.Campaign(ctx, d.campaign.ID); err != nil || c.Name != "Launch 2026" {
		t.Errorf("campaign: %+v %v", c, err)
	}
	if got := u.campaigns.detail.name.Text; got != "Launch 2026" {
		t.Errorf("shown: %q", got)
	}
	// A duplicate name is refused, the form stays open.
	u.campaigns.onAdd()
	f = u.campaigns.form
	test.Type(f.name, "Launch 2026")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Errorf("dialogs: got %d, want the form and the error", dialogsOpen(u))
	}
	if cs, _ := s.Campaigns(ctx); len(cs) != 1 {
		t.Errorf("campaigns: got %d, want 1", len(cs))
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	deal := setup(t, s, "Ana", "IBAN A", 10000)
	u, _ := newTestUI(t, s)
	u.openDeal(deal)
	p := u.dealPage
	before, _ := s.Counts(ctx)

	cases := []struct {
		name   string
		open   func()
		amount func() *entry
		submit func() *formDialog
		text   string
	}{
		{"FeeTooManyDecimals", p.onAddFee, func() *entry { return p.feeForm.amount }, func() *formDialog { return p.feeForm.dlg }, "1.234"},
		{"BonusNegative", p.onAddBonus, func() *entry { return p.bonusForm.amount }, func() *formDialog { return p.bonusForm.dlg }, "-5"},
		{"PayoutAboveOwed", p.onPayout, func() *entry { return p.payoutForm.amount }, func() *formDialog { return p.payoutForm.dlg }, "100.01"},
		{"PayoutWords", p.onPayout, func() *entry { return p.payoutForm.amount }, func() *formDialog { return p.payoutForm.dlg }, "ten"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.open()
			c.amount().SetText(c.text)
			test.Tap(c.submit().submit)
			if dialogsOpen(u) != 2 {
				t.Errorf("dialogs: got %d, want the form and the error", dialogsOpen(u))
			}
			after, _ := s.Counts(ctx)
			if after != before {
				t.Errorf("counts: got %+v, want %+v", after, before)
			}
			u.closeTopDialog()
			u.closeTopDialog()
		})
	}
	if d := mustDeal(t, s, deal); d.Owed != 10000 || d.Requested != 0 || d.Fees != 0 {
		t.Errorf("deal: %+v", d.Balances)
	}
}

func TestSettings(t *testing.T) {
	s := mustOpen(t)
	deal := setup(t, s, "Ana", "IBAN A", 10000)
	u, _ := newTestUI(t, s)
	u.showScreen(screenSettings)
	st := u.settings
	if st.operator.Text != "Tess" || st.path.Text != s.Path() {
		t.Errorf("shown: operator %q path %q", st.operator.Text, st.path.Text)
	}
	st.operator.SetText("Quinn")
	st.currency.SetSelected("EUR")
	st.holdDays.SetText("45")
	test.Tap(findButton(t, u.body, "Save"))
	if s.OperatorName() != "Quinn" || u.app.Preferences().String(prefOperator) != "Quinn" {
		t.Errorf("operator: store %q, pref %q", s.OperatorName(), u.app.Preferences().String(prefOperator))
	}
	// The new deal form uses the defaults; who processed is the operator.
	u.onNewDeal()
	if u.newDeal.currency.Selected != "EUR" || u.newDeal.holdDays.Text != "45" {
		t.Errorf("new deal defaults: %s, %s", u.newDeal.currency.Selected, u.newDeal.holdDays.Text)
	}
	u.closeTopDialog()
	u.openDeal(deal)
	u.dealPage.onAddBonus()
	u.dealPage.bonusForm.amount.SetText("1")
	test.Tap(u.dealPage.bonusForm.dlg.submit)
	if got := tableText(u.dealPage.history.table, 0, historyCol(u.dealPage.history, "Who")); got != "Quinn" {
		t.Errorf("who: got %q, want Quinn", got)
	}
	// A bad hold days value is refused.
	u.showScreen(screenSettings)
	st.holdDays.SetText("soon")
	st.onSave()
	if dialogsOpen(u) != 1 || u.app.Preferences().Int(prefHoldDays) != 45 {
		t.Errorf("bad hold days: %d dialogs, pref %d", dialogsOpen(u), u.app.Preferences().Int(prefHoldDays))
	}
}

func TestSwitchLedger(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 10000)
	u, w := newTestUI(t, s)
	path := filepath.Join(t.TempDir(), "other.payouts")
	u.switchLedger(path)
	if got := LedgerPath(u.app); got != path {
		t.Errorf("remembered: got %q, want %q", got, path)
	}
	if _, err := s.Counts(ctx); err == nil {
		t.Error("the old ledger is still open")
	}
	if w.Content() == nil || findButton(t, w.Content(), "Load demo data") == nil {
		t.Error("the new, empty ledger does not show the welcome panel")
	}
	// A file that is not a ledger is refused and changes nothing.
	u2 := newUI(u.app, w, mustOpen(t))
	w.SetContent(u2.build())
	before := w.Content()
	u2.switchLedger(t.TempDir())
	if w.Content() != before || dialogsOpen(u2) != 1 {
		t.Errorf("opening a folder: content replaced %v, dialogs %d", w.Content() != before, dialogsOpen(u2))
	}
}

func TestWelcomeDemo(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	test.Tap(u.welcome.demo)
	if u.current != screenDeals || u.deals.deals.total == 0 {
		t.Fatalf("after demo: screen %q, %d deals", u.current, u.deals.deals.total)
	}
	if problems, err := s.Check(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

func TestKeyboard(t *testing.T) {
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 0)
	u, w := newTestUI(t, s)
	sc := w.Canvas().(fyne.Shortcutable)

	u.showScreen(screenPayouts)
	sc.TypedShortcut(shortcutFind)
	if u.current != screenDeals || w.Canvas().Focused() != u.deals.search {
		t.Errorf("Ctrl+F: screen %q, focused %v", u.current, w.Canvas().Focused())
	}
	sc.TypedShortcut(shortcutNewDeal)
	if u.newDeal == nil || dialogsOpen(u) != 1 {
		t.Fatalf("Ctrl+N: form %v, %d dialogs", u.newDeal, dialogsOpen(u))
	}
	// Esc in the focused creator entry of the dialog closes it.
	if f := w.Canvas().Focused(); f != u.newDeal.creator {
		t.Fatalf("focused in the dialog: %T, want the creator", f)
	}
	u.newDeal.creator.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if dialogsOpen(u) != 0 {
		t.Errorf("Esc in an entry: %d dialogs open", dialogsOpen(u))
	}
	// Esc closes an error shown over a form first, then the form.
	u.onNewDeal()
	test.Tap(u.newDeal.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("empty new deal: %d dialogs, want the form and the error", dialogsOpen(u))
	}
	f := u.newDeal.value
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if dialogsOpen(u) != 1 || u.dialogs[0] != u.newDeal.dlg.dlg {
		t.Fatalf("first Esc: %d dialogs, want the form left", dialogsOpen(u))
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if dialogsOpen(u) != 0 {
		t.Fatalf("second Esc: %d dialogs", dialogsOpen(u))
	}
	// Esc with nothing focused closes the newest dialog.
	u.showError(ledger.Errorf(ledger.EINVALID, "something"))
	w.Canvas().Unfocus()
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if dialogsOpen(u) != 0 {
		t.Errorf("Esc on the window: %d dialogs open", dialogsOpen(u))
	}
}

func TestNewDealForm(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 0)
	s.AddCreator(ctx, ledger.CreatorInput{Name: "Ben"})
	u, _ := newTestUI(t, s)
	u.onNewDeal()
	f := u.newDeal
	f.creator.SetText("Ben")
	f.campaign.SetText("Launch")
	f.currency.SetSelected("JPY")
	f.rule.SetSelected(rulePerOrderLabel)
	f.value.SetText("500")
	f.codes.SetText("BEN1 ben2")
	test.Tap(f.dlg.submit)
	p := u.dealPage
	if p == nil {
		t.Fatalf("no deal page; dialogs %d", dialogsOpen(u))
	}
	if p.deal.Rule != (ledger.Rule{Kind: ledger.RulePerOrder, Value: 500}) || p.deal.Currency != "JPY" || len(p.deal.Codes) != 2 {
		t.Errorf("deal: %+v", p.deal)
	}
	if got := p.rule.Text; !strings.HasPrefix(got, "¥500 per order") {
		t.Errorf("rule: %q", got)
	}
	// An unknown creator is refused.
	u.onNewDeal()
	f = u.newDeal
	f.creator.SetText("Nobody")
	f.campaign.SetText("Launch")
	f.value.SetText("10")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Errorf("unknown creator: %d dialogs", dialogsOpen(u))
	}
}
