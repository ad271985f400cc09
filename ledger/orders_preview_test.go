package ledger_test

import (
	"reflect"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestPreviewOrders: a preview says, order by order and per deal, what the
// import of the same orders then does (same counts, same commissions, same
// rejections), and changes nothing in the ledger, whatever the ledger
// already holds of the orders (new, updated, unchanged, stale).
func TestPreviewOrders(t *testing.T) {
	perOrder := ledger.Rule{Kind: ledger.RulePerOrder, Value: 300}
	before := []ledger.OrderInput{
		{OrderID: "#1", DealID: 1, Currency: "USD", PaidDate: "2026-11-01", Base: 10000},
		{OrderID: "#2", DealID: 1, Currency: "USD", PaidDate: "2026-08-01", Base: 5000},
		{OrderID: "#3", DealID: 2, Currency: "EUR", PaidDate: "2026-11-02", Base: 7000, Status: ledger.OrderPartiallyRefunded, Refunded: 100},
	}
	in := []ledger.OrderInput{
		{OrderID: "#1", DealID: 1, Currency: "USD", PaidDate: "2026-11-01", Base: 10000},                                                       // unchanged
		{OrderID: "#2", DealID: 2, Currency: "USD", PaidDate: "2026-08-01", Base: 3000, Status: ledger.OrderPartiallyRefunded, Refunded: 2000}, // updated, stays with deal 1
		{OrderID: "#3", DealID: 2, Currency: "EUR", PaidDate: "2026-11-02", Base: 7000},                                                        // stale: refund shrank
		{OrderID: "#4", DealID: 2, Currency: "EUR", PaidDate: "2026-11-10", Base: 2500},                                                        // new
		{OrderID: "#5", DealID: 0, Currency: "USD", PaidDate: "2026-11-10", Base: 900},                                                         // unattributed
		{OrderID: "#6", DealID: 1, Currency: "USD", PaidDate: "2026-11-10", Base: 900, Status: "pending"},                                      // not paid
		{OrderID: "#7", DealID: 1, Currency: "EUR", PaidDate: "2026-11-10", Base: 900},                                                         // rejected: currency
		{OrderID: "#8", DealID: 1, Currency: "USD", PaidDate: "2026-11-11", Base: 20000},                                                       // new
		{OrderID: "#8", DealID: 1, Currency: "USD", PaidDate: "2026-11-11", Base: 0, Status: ledger.OrderRefunded, Refunded: 20000},            // the same, refunded
	}
	want := []ledger.OrderOutcome{
		{Outcome: ledger.OutcomeUnchanged, DealID: 1},
		{Outcome: ledger.OutcomeUpdated, DealID: 1, Commission: -200},
		{Outcome: ledger.OutcomeStale, DealID: 2, Reason: "older than the ledger: refunded 0.00 here, 1.00 in the ledger; not applied"},
		{Outcome: ledger.OutcomeNew, DealID: 2, Commission: 300},
		{Outcome: ledger.OutcomeUnattributed},
		{Outcome: ledger.OutcomeNotPaid, DealID: 1, Reason: "pending"},
		{Outcome: ledger.OutcomeRejected, DealID: 1, Reason: "order in EUR, but deal 1 is in USD: not converted"},
		{Outcome: ledger.OutcomeNew, DealID: 1, Commission: 2000},
		{Outcome: ledger.OutcomeUpdated, DealID: 1, Commission: -2000},
	}

	s, _ := MustOpen(t)
	MustDeal(t, s, "Ana", "USD", pct10, "ANA")
	MustDeal(t, s, "Ben", "EUR", perOrder, "BEN")
	importOne(t, s, before...)
	counts, _ := s.Counts(ctx)
	balances := [2]ledger.Balances{mustBalances(t, s, 1), mustBalances(t, s, 2)}

	pre, err := s.PreviewOrders(ctx, "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pre.Outcomes, want) {
		for i := range max(len(want), len(pre.Outcomes)) {
			var got, w ledger.OrderOutcome
			if i < len(pre.Outcomes) {
				got = pre.Outcomes[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if got != w {
				t.Errorf("order %d: got %+v, want %+v", i, got, w)
			}
		}
	}
	if c, _ := s.Counts(ctx); c != counts {
		t.Errorf("counts after the preview: got %+v, want %+v", c, counts)
	}
	for i, b := range balances {
		if got := mustBalances(t, s, int64(i+1)); got != b {
			t.Errorf("deal %d after the preview: got %+v, want %+v", i+1, got, b)
		}
	}

	res := importOne(t, s, in...)
	pre.Outcomes = nil
	if !reflect.DeepEqual(pre, res) {
		t.Errorf("preview: %+v\nimport:  %+v", pre, res)
	}
	if got := map[int64]int64{1: -200, 2: 300}; !reflect.DeepEqual(res.Credited, got) {
		t.Errorf("credited: got %v, want %v", res.Credited, got)
	}
	MustCheck(t, s)

	t.Run("ErrSourceRequired", func(t *testing.T) {
		_, err := s.PreviewOrders(ctx, " ", in)
		wantCode(t, err, ledger.EINVALID)
	})
	t.Run("DealNames", func(t *testing.T) {
		names, err := s.DealNames(ctx, []int64{2, 1, 99})
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 2 || names[1].Creator != "Ana" || names[2].Currency != "EUR" || names[2].Campaign == "" {
			t.Errorf("names: %+v", names)
		}
	})
}
