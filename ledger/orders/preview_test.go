package orders_test

import (
	"os"
	"reflect"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// TestPreviewImport: the preview of an export names, for each order, the
// creator and campaign it earns for and the commission, and per creator
// the total; the import that follows credits exactly that; the preview
// itself changes nothing and leaves the export's orders in place.
func TestPreviewImport(t *testing.T) {
	s, _, ids := mustStore(t)
	parse := func() *orders.Export {
		f, err := os.Open(testFile("shopify_first.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		x, err := orders.ParseShopify(f)
		if err != nil {
			t.Fatal(err)
		}
		x.File = "shopify_first.csv"
		return x
	}
	x := parse()
	n := len(x.Orders)
	before := balances(t, s, ids)
	pre, err := orders.PreviewImport(ctx, s, orders.SourceShopify, x)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Orders) != n || len(pre.Preview) != n {
		t.Fatalf("orders: %d kept, %d previewed, want %d", len(x.Orders), len(pre.Preview), n)
	}
	if got := balances(t, s, ids); got != before {
		t.Errorf("the preview changed the ledger:\n%s\nwant\n%s", got, before)
	}
	byID := map[string]orders.OrderPreview{}
	for _, o := range pre.Preview {
		byID[o.OrderID] = o
	}
	// #1001: 75.00 at 10% for ANA10; #1012: 12000 yen at 8% for KAI; #1014 is
	// pending.
	cases := []struct {
		order, outcome, creator string
		commission              int64
	}{
		{"#1001", ledger.OutcomeNew, "Creator ANA10", 750},
		{"#1012", ledger.OutcomeNew, "Creator KAI", 960},
		{"#1014", ledger.OutcomeNotPaid, "Creator ANA10", 0}, // its code's deal, which it does not earn for yet
	}
	for _, c := range cases {
		o, ok := byID[c.order]
		if !ok {
			t.Errorf("%s not previewed", c.order)
			continue
		}
		if o.Outcome != c.outcome || o.Deal.Creator != c.creator || o.Commission != c.commission || o.Line == 0 {
			t.Errorf("%s: %+v, want %s for %q, commission %d", c.order, o, c.outcome, c.creator, c.commission)
		}
	}
	unattributed := 0
	for _, o := range pre.Preview {
		if o.Outcome == ledger.OutcomeUnattributed {
			unattributed++
		}
	}
	if unattributed != len(pre.Unattributed) || unattributed == 0 {
		t.Errorf("unattributed: %d in the preview, %d listed", unattributed, len(pre.Unattributed))
	}

	res, err := orders.Import(ctx, s, "", orders.SourceShopify, parse())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pre.Creators, res.Creators) || len(res.Creators) != 4 {
		t.Errorf("per creator: preview %+v, import %+v", pre.Creators, res.Creators)
	}
	if !reflect.DeepEqual(pre.Commission, res.Commission) || pre.New != res.New || len(pre.Rejected) != len(res.Rejected) {
		t.Errorf("preview %+v\nimport %+v", pre.ImportResult, res.ImportResult)
	}
	// What is credited per creator adds up to the commission posted.
	sum := map[string]int64{}
	for _, c := range res.Creators {
		sum[c.Currency] += c.Amount
	}
	if !reflect.DeepEqual(sum, res.Commission) {
		t.Errorf("credited per creator sums to %v, commission posted %v", sum, res.Commission)
	}
}
