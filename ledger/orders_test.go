package ledger_test

import (
	"fmt"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestImportOrdersBatched posts a thousand orders in one import (several
// multi-row batches, orders repeated both before and after their row was
// written) and the same orders one import each, and wants the same
// balances from both, and a clean Check. Rows older than what the ledger
// holds (issue 9 item 2: a refunded order paid again, a refund that
// shrinks) are stale, in one import and across imports.
func TestImportOrdersBatched(t *testing.T) {
	perOrder := ledger.Rule{Kind: ledger.RulePerOrder, Value: 300}
	var in []ledger.OrderInput
	for i := range 1000 {
		deal, cur := int64(1), "USD"
		if i%3 == 0 {
			deal, cur = 2, "EUR"
		}
		day := fmt.Sprintf("2026-%02d-%02d", 9+(i/3)%3, 1+i%20) // Sept to Nov 20: some held, some released
		in = append(in, ledger.OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: cur, PaidDate: day, Base: int64(1000 + i*7)})
	}
	// #5 again after its row was written, partly refunded (an update);
	// #998 again while its row is still queued, refunded in full; a
	// rejected one; #998 once more as paid: older than its refund, stale.
	in = append(in, ledger.OrderInput{OrderID: "#5", DealID: 1, Currency: "USD", PaidDate: "2026-10-06", Base: 400, Status: ledger.OrderPartiallyRefunded, Refunded: 635},
		ledger.OrderInput{OrderID: "#998", DealID: 1, Currency: "USD", PaidDate: "2026-11-19", Base: 0, Status: ledger.OrderRefunded, Refunded: 1000 + 998*7},
		ledger.OrderInput{OrderID: "#x", DealID: 1, Currency: "EUR", PaidDate: "2026-11-19", Base: 10},
		ledger.OrderInput{OrderID: "#998", DealID: 1, Currency: "USD", PaidDate: "2026-11-19", Base: 500})

	batched, _ := MustOpen(t)
	one, _ := MustOpen(t)
	for _, s := range []*ledger.Store{batched, one} {
		MustDeal(t, s, "Ana", "USD", pct10, "ANA")
		MustDeal(t, s, "Ben", "EUR", perOrder, "BEN")
	}
	res, err := batched.ImportOrders(ctx, "", "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 1000 || res.Updated != 2 || len(res.Rejected) != 1 || res.Rejected[0].Index != 1002 ||
		len(res.Stale) != 1 || res.Stale[0].Index != 1003 {
		t.Errorf("batched: new %d updated %d rejected %v stale %v; want 1000, 2, one rejected at 1002, one stale at 1003",
			res.New, res.Updated, res.Rejected, res.Stale)
	}
	for _, o := range in {
		if _, err := one.ImportOrders(ctx, "", "shop", []ledger.OrderInput{o}); err != nil {
			t.Fatal(err)
		}
	}
	for deal := int64(1); deal <= 2; deal++ {
		a, b := mustBalances(t, batched, deal), mustBalances(t, one, deal)
		if a != b {
			t.Errorf("deal %d: batched %+v, one by one %+v", deal, a, b)
		}
		if a.Commission == 0 || a.Held == 0 || a.Owed == 0 {
			t.Errorf("deal %d: %+v, want commission both held and owed", deal, a)
		}
	}
	MustCheck(t, batched)
	MustCheck(t, one)

	again, err := batched.ImportOrders(ctx, "", "shop", in[:1000])
	if err != nil {
		t.Fatal(err)
	}
	// The first figures of #5 and #998 are older than their refunds.
	if again.New != 0 || again.Updated != 0 || again.Unchanged != 998 || len(again.Stale) != 2 {
		t.Errorf("re-import: new %d updated %d unchanged %d stale %v; want 0, 0, 998, #5 and #998 stale", again.New, again.Updated, again.Unchanged, again.Stale)
	}
	for deal := int64(1); deal <= 2; deal++ {
		if a, b := mustBalances(t, batched, deal), mustBalances(t, one, deal); a != b {
			t.Errorf("deal %d after the older import: %+v, want %+v", deal, a, b)
		}
	}
	MustCheck(t, batched)
}
