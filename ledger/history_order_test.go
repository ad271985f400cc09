package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// TestHistoryByDate: a deal's history in date order puts a past payment
// recorded today at the day it was paid, pages through the same order, and
// names the fee each fee line is about.
func TestHistoryByDate(t *testing.T) {
	s, clock := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", ledger.Rule{Kind: ledger.RulePercent, Value: 1000})
	fee, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 50000, Comment: "video"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(24 * time.Hour)
	if err := s.ConfirmFee(ctx, "", fee); err != nil {
		t.Fatal(err)
	}
	clock.Advance(24 * time.Hour)
	// Recorded last, dated before the fee.
	if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: 10000, Date: "2026-11-01",
		Method: ledger.MethodBank, Reference: "TRX-OLD"}); err != nil {
		t.Fatal(err)
	}
	kinds := func(lines []ledger.HistoryLine) string {
		var out []string
		for _, h := range lines {
			out = append(out, h.Date+" "+h.Kind)
		}
		return strings.Join(out, ", ")
	}
	all, err := s.History(ctx, ledger.HistoryQuery{DealID: deal, ByDate: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "2026-11-22 fee_confirmed, 2026-11-21 fee, 2026-11-01 paid, 2026-11-01 request"
	if got := kinds(all); got != want {
		t.Fatalf("by date:\n got %s\nwant %s", got, want)
	}
	byID, err := s.History(ctx, ledger.HistoryQuery{DealID: deal})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(byID); got == want {
		t.Fatalf("recording order is the date order here (%s): the test shows nothing", got)
	}
	// One line a page: the same order, nothing twice, nothing left out.
	var paged []ledger.HistoryLine
	q := ledger.HistoryQuery{DealID: deal, ByDate: true, Limit: 1}
	for i := 0; i < 10; i++ {
		page, err := s.History(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		q.Before, q.BeforeDate = page[0].ID, page[0].Date
	}
	if got := kinds(paged); got != want {
		t.Fatalf("paged by date:\n got %s\nwant %s", got, want)
	}
	for _, h := range all {
		isFee := h.Kind == ledger.KindFee || h.Kind == ledger.KindFeeConfirmed
		if isFee != (h.FeeID == fee) {
			t.Errorf("%s line: fee %d, want %d on fee lines only", h.Kind, h.FeeID, fee)
		}
	}
}
