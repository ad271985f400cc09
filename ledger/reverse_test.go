package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

func TestReversePayment(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	req := mustRequest(t, s, deal, 5000)
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: "BANK-1", Date: "2026-11-21"}); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrReasonRequired", func(t *testing.T) {
		wantCode(t, s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: " "}), ledger.EINVALID)
	})
	t.Run("ErrNotPaid", func(t *testing.T) {
		other := mustRequest(t, s, deal, 100)
		wantCode(t, s.ReversePayment(ctx, ledger.ReverseInput{RequestID: other, Reason: "x"}), ledger.ECONFLICT)
		if err := s.CancelRequest(ctx, "", other, ""); err != nil {
			t.Fatal(err)
		}
	})
	s = as(t, s, "maria")
	if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "bank returned it: IBAN closed"}); err != nil {
		t.Fatal(err)
	}
	b := mustBalances(t, s, deal)
	r, _ := s.Request(ctx, req)
	if b.Paid != 0 || b.Owed != 5100 || r.Status != ledger.StatusCancelled || r.Reference != "" || !strings.Contains(r.Failure, "IBAN closed") {
		t.Fatalf("after reversal: %+v, %+v", b, r)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal})
	kinds := map[int64]string{}
	for _, l := range h {
		kinds[l.ID] = l.Kind
	}
	if h[0].Kind != ledger.KindPaidReversed || h[0].Operator != "maria" || h[0].Comment != "bank returned it: IBAN closed" ||
		kinds[h[0].Reverses] != ledger.KindPaid {
		t.Fatalf("history %+v", h)
	}
	wantCode(t, s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "again"}), ledger.ECONFLICT)
	// The reference is free again: the corrected payment can use it.
	again := mustRequestOwed(t, s, deal, 5000)
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: again, Reference: "BANK-1"}); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
}

func TestReverseStripePaymentNeedsStripe(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	d, _ := s.Deal(ctx, deal)
	req := mustRequest(t, s, deal, 5000)
	s.AddCreatorAccount(ctx, "", d.CreatorID, "acct_ana0001")
	s.SetPayeeStatus(ctx, readyStatus("acct_ana0001"))
	if _, err := s.BeginStripePayment(ctx, req); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteStripePayment(ctx, req, "tr_1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "wrong account"}), ledger.EINVALID)
	if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "wrong account", Reference: "trr_1"}); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 1})
	if h[0].From != ledger.AccStripeCash || h[0].Reference != "trr_1" {
		t.Fatalf("history %+v", h[0])
	}
	MustCheck(t, s)
}

// mustRequestOwed requests an amount the deal is already owed.
func mustRequestOwed(tb testing.TB, s *ledger.Store, deal, amount int64) int64 {
	tb.Helper()
	id, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: amount})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}
