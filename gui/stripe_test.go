package gui

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe/stripetest"
)

const guiKey = "sk_test_guiSECRETguiSECRET4242"

// stripeUI is the window over s with Stripe pointed at a fake; Stripe calls
// run inline so each tap's result is on screen when Tap returns.
func stripeUI(t *testing.T, s *ledger.Store) (*ui, fyne.Window, *stripetest.Server) {
	t.Helper()
	keyring.MockInit()
	fake := stripetest.New(t, guiKey)
	u, w := newTestUI(t, s)
	t.Setenv("PAYOUTS_STRIPE_KEY", guiKey)
	t.Setenv("PAYOUTS_STRIPE_API_URL", fake.URL())
	u.stripe.inline = true
	u.stripeStart()
	return u, w, fake
}

// stripeDeal adds a creator (no offline details), a campaign and a deal,
// with requests of the given amounts; it returns the deal and the requests.
func stripeDeal(t *testing.T, s *ledger.Store, name string, amounts ...int64) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: name})
	must(t, err)
	ca, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Launch of " + name})
	must(t, err)
	deal, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}})
	must(t, err)
	var reqs []int64
	for _, a := range amounts {
		_, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: a})
		must(t, err)
		id, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: a})
		must(t, err)
		reqs = append(reqs, id)
	}
	return deal, reqs
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The deal page shows "Payout details missing" with what Stripe still needs
// until the creator finishes onboarding; then Ready. The unlink asks first,
// listing every open request it affects, and lands in the deal's history.
func TestDealPayeeMissingDetailsAndUnlink(t *testing.T) {
	s := mustOpen(t)
	deal, reqs := stripeDeal(t, s, "Ana", 5000, 3000)
	u, _, fake := stripeUI(t, s)
	if !strings.Contains(u.stripe.status, "test mode, account acct_platform") {
		t.Fatalf("status %q", u.stripe.status)
	}
	u.openDeal(deal)
	c := u.dealPage.payeeCard
	if !strings.HasPrefix(c.state.Text, markerMissing) || !c.invite.Visible() || c.unlink.Visible() {
		t.Fatalf("before invite: %q, invite shown %v", c.state.Text, c.invite.Visible())
	}
	test.Tap(c.invite)
	c = u.dealPage.payeeCard
	link := c.lastLink
	if !strings.HasPrefix(link, "https://connect.stripe.com/setup/") || u.app.Clipboard().Content() != link {
		t.Fatalf("link %q, clipboard %q", link, u.app.Clipboard().Content())
	}
	if c.secured.Text != "Secured by acct_fake0001 (Ana Silva)" ||
		c.state.Text != "Payout details missing: Stripe still needs external_account, individual.dob.day" {
		t.Fatalf("after invite: %q / %q", c.secured.Text, c.state.Text)
	}
	u.closeTopDialog()
	fake.SetReady("acct_fake0001")
	test.Tap(c.refresh)
	c = u.dealPage.payeeCard
	if !strings.HasPrefix(c.state.Text, "Ready") {
		t.Fatalf("after onboarding: %q", c.state.Text)
	}

	test.Tap(c.unlink)
	note := c.unlinkNote.Text
	for _, want := range []string{"Unlink acct_fake0001", "2 open payout request(s)", "Request " + itoa(int(reqs[0])) + ": $50.00", "Request " + itoa(int(reqs[1])) + ": $30.00"} {
		if !strings.Contains(note, want) {
			t.Fatalf("confirmation %q lacks %q", note, want)
		}
	}
	if p, _ := s.DealPayee(context.Background(), deal); p.Account == "" {
		t.Fatal("unlinked before the confirmation")
	}
	test.Tap(c.unlinkForm.submit)
	c = u.dealPage.payeeCard
	if p, _ := s.DealPayee(context.Background(), deal); p.Account != "" || !strings.HasPrefix(c.state.Text, markerMissing) {
		t.Fatalf("after unlink: %+v, %q", p, c.state.Text)
	}
	if !strings.Contains(c.events.Text, "Unlinked from acct_fake0001 by Tess") || !strings.Contains(c.events.Text, "Linked to acct_fake0001 by Tess") {
		t.Fatalf("history %q", c.events.Text)
	}
}

// Pay with Stripe on a selection where one payee is not ready: the check
// names it and what is missing, and only the ready one is sent, once.
func TestPayWithStripeSelectionWithUnreadyPayee(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	anaDeal, ana := stripeDeal(t, s, "Ana", 5000)
	_, bo := stripeDeal(t, s, "Bo", 2000)
	u, _, fake := stripeUI(t, s)
	acct := fake.AddAccount(true)
	must(t, s.LinkPayee(ctx, "", anaDeal, acct, "agency"))
	sv, err := u.stripeService()
	must(t, err)
	_, err = sv.Refresh(ctx, acct)
	must(t, err)

	u.showScreen(screenPayouts)
	q := u.payouts
	q.refresh()
	col := requestCol(q, colStripe)
	got := map[string]bool{}
	for row := range q.rows {
		got[tableText(q.table, row, col)] = true
	}
	if !got["Ready · "+acct] || !got[markerMissing] {
		t.Fatalf("Stripe column shows %v", got)
	}
	q.onSelectAll(true)
	test.Tap(q.payStripe)
	f := q.stripePay
	if f == nil {
		t.Fatal("no confirmation")
	}
	note := f.note.Text
	for _, want := range []string{"Send 1 payment(s) with Stripe (test mode): $50.00", "Not sent (1):", "Bo, Launch of Bo ($20.00): Payout details missing"} {
		if !strings.Contains(note, want) {
			t.Fatalf("confirmation %q lacks %q", note, want)
		}
	}
	if len(fake.TransfersFor(ana[0])) != 0 {
		t.Fatal("sent before the confirmation")
	}
	test.Tap(f.dlg.submit)
	test.Tap(f.dlg.submit) // a double click sends nothing more
	if n := len(fake.TransfersFor(ana[0])); n != 1 {
		t.Fatalf("%d transfers for Ana", n)
	}
	if n := len(fake.TransfersFor(bo[0])); n != 0 {
		t.Fatalf("%d transfers for Bo", n)
	}
	ra, _ := s.Request(ctx, ana[0])
	rb, _ := s.Request(ctx, bo[0])
	if ra.Status != ledger.StatusPaid || rb.Status != ledger.StatusRequested || !strings.HasPrefix(q.stripeDone, "1 of 1 paid") {
		t.Fatalf("Ana %s, Bo %s, done %q", ra.Status, rb.Status, q.stripeDone)
	}

	// Reversed from the Paid view: in Stripe first, then in the ledger.
	u.closeTopDialog()
	q.view.SetSelected("Paid")
	if !q.reverse.Disabled() {
		t.Fatal("Reverse enabled with nothing selected")
	}
	q.setSelected(ana[0], true)
	test.Tap(q.reverse)
	test.Tap(q.reverseForm.submit) // no reason: refused, nothing reversed
	if fake.TransfersFor(ana[0])[0]["reversed"] == true {
		t.Fatal("reversed without a reason")
	}
	u.closeTopDialog()
	test.Type(q.reverseForm.form.Items[0].Widget.(*entry), "paid the wrong account")
	test.Tap(q.reverseForm.submit)
	ra, _ = s.Request(ctx, ana[0])
	if fake.TransfersFor(ana[0])[0]["reversed"] != true || ra.Status != ledger.StatusCancelled || mustDeal(t, s, anaDeal).Paid != 0 {
		t.Fatalf("after reverse: %+v", ra)
	}
}

// A balance below the batch: the shortfall is shown and nothing can be sent.
func TestPayWithStripeShortfall(t *testing.T) {
	s := mustOpen(t)
	deal, reqs := stripeDeal(t, s, "Ana", 5000)
	u, _, fake := stripeUI(t, s)
	acct := fake.AddAccount(true)
	must(t, s.LinkPayee(context.Background(), "", deal, acct, ""))
	sv, _ := u.stripeService()
	sv.Refresh(context.Background(), acct)
	fake.Mu.Lock()
	fake.Balance["usd"] = 100
	fake.Mu.Unlock()
	u.showScreen(screenPayouts)
	u.payouts.refresh()
	u.payouts.onSelectAll(true)
	test.Tap(u.payouts.payStripe)
	f := u.payouts.stripePay
	if !strings.Contains(f.note.Text, "$1.00 available, $50.00 needed") || !f.dlg.submit.Disabled() {
		t.Fatalf("note %q, send enabled %v", f.note.Text, !f.dlg.submit.Disabled())
	}
	if len(fake.TransfersFor(reqs[0])) != 0 {
		t.Fatal("sent")
	}
}

// A key saved in Settings goes to the keychain: not to the preferences, the
// app's storage or the ledger.
func TestStripeKeyNotInPreferences(t *testing.T) {
	s := mustOpen(t)
	u, _, _ := stripeUI(t, s)
	t.Setenv("PAYOUTS_STRIPE_KEY", "")
	u.showScreen(screenSettings)
	st := u.settings.stripe
	st.key.SetText(guiKey)
	st.onSave()
	if k, src := u.stripe.keys.Get(); k != guiKey || src != "keychain" {
		t.Fatalf("key from %q", src)
	}
	defer u.stripe.keys.Delete()
	if st.key.Text != "" || !strings.Contains(st.status.Text, "test mode, account acct_platform") {
		t.Fatalf("entry %q, status %q", st.key.Text, st.status.Text)
	}
	for _, k := range []string{prefOperator, prefCurrency, prefLedgerPath, "stripe", "stripe.key"} {
		if strings.Contains(u.app.Preferences().String(k), guiKey[8:]) {
			t.Fatalf("preference %s holds the key", k)
		}
	}
	for _, p := range []string{s.Path(), s.Path() + "-wal"} {
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(guiKey[8:])) {
			t.Fatalf("the key is in %s", p)
		}
	}
}

// Invite and status from the creator page.
func TestCreatorPageInvite(t *testing.T) {
	s := mustOpen(t)
	stripeDeal(t, s, "Ana", 5000)
	u, _, fake := stripeUI(t, s)
	u.showScreen(screenCreators)
	cr, _ := s.CreatorByName(context.Background(), "Ana")
	u.creators.openProfile(cr.ID)
	c := u.creators.profile.stripe
	if c.status.Text != "Stripe: not invited" || !c.invite.Visible() {
		t.Fatalf("before: %q", c.status.Text)
	}
	test.Tap(c.invite)
	c = u.creators.profile.stripe
	if !strings.HasPrefix(u.app.Clipboard().Content(), "https://connect.stripe.com/setup/e/acct_fake0001") {
		t.Fatalf("link %q", u.app.Clipboard().Content())
	}
	if !strings.Contains(c.status.Text, "acct_fake0001 (Ana Silva) · Payout details missing: Stripe still needs external_account") {
		t.Fatalf("after invite: %q", c.status.Text)
	}
	fake.SetReady("acct_fake0001")
	test.Tap(c.refresh)
	if c = u.creators.profile.stripe; !strings.HasSuffix(c.status.Text, "· Ready") {
		t.Fatalf("after onboarding: %q", c.status.Text)
	}
}
