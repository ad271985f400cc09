package ledger_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// mustRequest makes a deal owed amount and requests it all.
func mustRequest(tb testing.TB, s *ledger.Store, deal, amount int64) int64 {
	tb.Helper()
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: amount}); err != nil {
		tb.Fatal(err)
	}
	id, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: amount})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func readyStatus(acct string) ledger.PayeeStatus {
	return ledger.PayeeStatus{Account: acct, Name: "Ana S", DetailsSubmitted: true, PayoutsEnabled: true}
}

func TestPayeeInviteLinkUnlink(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	d, _ := s.Deal(ctx, deal)
	req := mustRequest(t, s, deal, 5000)

	p, err := s.DealPayee(ctx, deal)
	if err != nil || p.Source != ledger.PayeeNone || p.Ready() || !strings.HasPrefix(p.Missing(), "Payout details missing") {
		t.Fatalf("before invite: %+v, %v", p, err)
	}
	t.Run("ErrBadAccount", func(t *testing.T) {
		wantCode(t, s.AddCreatorAccount(ctx, "", d.CreatorID, "sk_test_123"), ledger.EINVALID)
		wantCode(t, s.LinkPayee(ctx, "", deal, "acct 1", ""), ledger.EINVALID)
	})
	if err := s.AddCreatorAccount(ctx, "", d.CreatorID, "acct_ana0001"); err != nil {
		t.Fatal(err)
	}
	p, _ = s.DealPayee(ctx, deal)
	if p.Source != ledger.PayeeFromCreator || p.Account != "acct_ana0001" || p.Ready() || !strings.Contains(p.Missing(), "not been checked") {
		t.Fatalf("after invite: %+v (%s)", p, p.Missing())
	}
	t.Run("ErrInviteAgain", func(t *testing.T) {
		wantCode(t, s.InviteCheck(ctx, d.CreatorID), ledger.ECONFLICT)
	})
	// Stripe says more is needed, then that it is ready.
	st := ledger.PayeeStatus{Account: "acct_ana0001", DetailsSubmitted: true, CurrentlyDue: []string{"external_account", "individual.dob.day"}}
	if err := s.SetPayeeStatus(ctx, st); err != nil {
		t.Fatal(err)
	}
	p, _ = s.DealPayee(ctx, deal)
	if want := "Payout details missing: Stripe still needs external_account, individual.dob.day"; p.Missing() != want {
		t.Fatalf("missing = %q, want %q", p.Missing(), want)
	}
	if err := s.SetPayeeStatus(ctx, readyStatus("acct_ana0001")); err != nil {
		t.Fatal(err)
	}
	p, _ = s.DealPayee(ctx, deal)
	r, _ := s.Request(ctx, req)
	dd, _ := s.Deal(ctx, deal)
	if !p.Ready() || p.Secured() != "Secured by acct_ana0001 (Ana S)" || !r.StripeReady || r.StripeAccount != "acct_ana0001" || !dd.StripeReady {
		t.Fatalf("ready: %+v, request %+v, deal ready %v", p, r, dd.StripeReady)
	}

	// The wrong person onboarded: unlink frees the deal, then a link
	// secures it to another account.
	s = as(t, s, "maria")
	if err := s.UnlinkPayee(ctx, "", deal, "wrong person onboarded"); err != nil {
		t.Fatal(err)
	}
	p, _ = s.DealPayee(ctx, deal)
	r, _ = s.Request(ctx, req)
	if p.Account != "" || !p.Unlinked || r.StripeReady {
		t.Fatalf("after unlink: %+v, request ready %v", p, r.StripeReady)
	}
	wantCode(t, s.UnlinkPayee(ctx, "", deal, ""), ledger.ECONFLICT)
	if err := s.LinkPayee(ctx, "", deal, "acct_agency01", "agency"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.LinkPayee(ctx, "", deal, "acct_agency01", ""), ledger.ECONFLICT)
	p, _ = s.DealPayee(ctx, deal)
	if p.Source != ledger.PayeeFromDeal || p.Account != "acct_agency01" || p.Ready() {
		t.Fatalf("after link: %+v", p)
	}
	ev, err := s.PayeeEvents(ctx, deal)
	if err != nil || len(ev) != 3 {
		t.Fatalf("events %+v, %v", ev, err)
	}
	if ev[0].Action != "link" || ev[0].Account != "acct_agency01" || ev[1].Action != "unlink" || ev[1].Account != "acct_ana0001" ||
		ev[1].Operator != "maria" || ev[1].Reason != "wrong person onboarded" || ev[2].Operator != "tester" || ev[1].At.IsZero() {
		t.Fatalf("events %+v", ev)
	}
	open, err := s.OpenRequests(ctx, deal)
	if err != nil || len(open) != 1 || open[0].ID != req {
		t.Fatalf("open requests %+v, %v", open, err)
	}
	if _, err := s.DB().Exec(`DELETE FROM payee_events`); err == nil {
		t.Fatal("payee history could be deleted")
	}
	MustCheck(t, s)
}

func TestInviteAfterUnlink(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	d, _ := s.Deal(ctx, deal)
	if err := s.AddCreatorAccount(ctx, "", d.CreatorID, "acct_old00001"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.AddCreatorAccount(ctx, "", d.CreatorID, "acct_new00001"), ledger.ECONFLICT)
	if err := s.UnlinkPayee(ctx, "", deal, "claimed by someone else"); err != nil {
		t.Fatal(err)
	}
	if err := s.InviteCheck(ctx, d.CreatorID); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCreatorAccount(ctx, "", d.CreatorID, "acct_new00001"); err != nil {
		t.Fatal(err)
	}
	p, _ := s.DealPayee(ctx, deal)
	if p.Account != "acct_new00001" || p.Unlinked {
		t.Fatalf("after the new invite: %+v", p)
	}
	accts, _ := s.PayeeAccounts(ctx)
	if len(accts) != 1 || accts[0] != "acct_new00001" {
		t.Fatalf("accounts %v", accts)
	}
}

func TestStripePaymentStates(t *testing.T) {
	s, clk := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	d, _ := s.Deal(ctx, deal)
	req := mustRequest(t, s, deal, 5000)

	t.Run("ErrPayeeNotReady", func(t *testing.T) {
		_, err := s.BeginStripePayment(ctx, req)
		wantCode(t, err, ledger.EINVALID)
		if !strings.Contains(ledger.ErrorMessage(err), "Payout details missing") {
			t.Fatalf("message %q", ledger.ErrorMessage(err))
		}
	})
	s.AddCreatorAccount(ctx, "", d.CreatorID, "acct_ana0001")
	s.SetPayeeStatus(ctx, readyStatus("acct_ana0001"))

	a, err := s.BeginStripePayment(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != ledger.StatusSettling || a.Destination != "acct_ana0001" || a.IdempotencyKey == "" ||
		!strings.HasSuffix(a.TransferGroup, "-request-"+itoa(req)) || a.Amount != 5000 {
		t.Fatalf("attempt %+v", a)
	}
	// A double click, a second app: refused while settling; so are the
	// other ways of settling it and changing its payee.
	_, err = s.BeginStripePayment(ctx, req)
	wantCode(t, err, ledger.ECONFLICT)
	wantCode(t, s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: "R1"}), ledger.ECONFLICT)
	wantCode(t, s.CancelRequest(ctx, "", req, ""), ledger.ECONFLICT)
	wantCode(t, s.UnlinkPayee(ctx, "", deal, ""), ledger.ECONFLICT)

	// Outcome unknown: back to the queue with the key kept; no offline
	// payment or cancel until reconciled; the next attempt reuses the key.
	if err := s.FailStripePayment(ctx, req, "timeout", true); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Request(ctx, req)
	if r.Status != ledger.StatusRequested || r.Failure != "timeout" {
		t.Fatalf("after failure: %+v", r)
	}
	wantCode(t, s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: "R1"}), ledger.ECONFLICT)
	wantCode(t, s.CancelRequest(ctx, "", req, ""), ledger.ECONFLICT)
	b, err := s.BeginStripePayment(ctx, req)
	if err != nil || b.IdempotencyKey != a.IdempotencyKey || b.TransferGroup != a.TransferGroup {
		t.Fatalf("retry %+v (first %+v), %v", b, a, err)
	}
	// A refusal drops the key; after the key's life a new one is made too.
	if err := s.FailStripePayment(ctx, req, "balance_insufficient", false); err != nil {
		t.Fatal(err)
	}
	c, _ := s.BeginStripePayment(ctx, req)
	if c.IdempotencyKey == a.IdempotencyKey || c.IdempotencyKey == "" {
		t.Fatalf("key after a refusal: %q", c.IdempotencyKey)
	}
	s.FailStripePayment(ctx, req, "network", true)
	clk.Advance(ledger.KeyLife)
	e, _ := s.BeginStripePayment(ctx, req)
	if e.IdempotencyKey == c.IdempotencyKey {
		t.Fatal("key reused after its life")
	}

	if err := s.CompleteStripePayment(ctx, req, "tr_1"); err != nil {
		t.Fatal(err)
	}
	// The second instance records the same transfer: a no-op.
	if err := s.CompleteStripePayment(ctx, req, "tr_1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CompleteStripePayment(ctx, req, "tr_2"), ledger.ECONFLICT)
	r, _ = s.Request(ctx, req)
	bal := mustBalances(t, s, deal)
	if r.Status != ledger.StatusPaid || r.Reference != "tr_1" || r.Method != ledger.MethodStripe || bal.Paid != 5000 || bal.Requested != 0 {
		t.Fatalf("paid: %+v, %+v", r, bal)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 1})
	if h[0].To != ledger.AccStripeCash || h[0].Reference != "tr_1" {
		t.Fatalf("history %+v", h[0])
	}
	un, _ := s.UnresolvedStripe(ctx)
	if len(un) != 0 {
		t.Fatalf("unresolved %+v", un)
	}
	MustCheck(t, s)
	_ = time.Second
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
