package ledger_test

import (
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestReimportFindsKnownOrders: an order ID is found again whatever its
// text (quotes, backslashes, commas and braces, which the array of IDs
// PostgreSQL is sent must quote) and however often a file lists it.
func TestReimportFindsKnownOrders(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", ledger.Rule{Kind: ledger.RulePercent, Value: 1000})
	names := []string{`#1`, `a,b`, `q"uote`, `back\slash`, `{brace}`, `NULL`, `sp ace`, `''`}
	var orders []ledger.OrderInput
	for i, id := range names {
		orders = append(orders, ledger.OrderInput{OrderID: id, DealID: deal, Currency: "USD", PaidDate: "2026-11-01", Base: 1000 + int64(i)})
	}
	res, err := s.ImportOrders(ctx, "", "shop", orders)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != len(names) {
		t.Fatalf("first import: %d new, want %d", res.New, len(names))
	}
	again := append(append([]ledger.OrderInput{}, orders...), orders[1], orders[3])
	res, err = s.ImportOrders(ctx, "", "shop", again)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 0 || res.Unchanged != len(again) {
		t.Errorf("import again: %d new, %d unchanged, want 0 and %d (rejected %v)", res.New, res.Unchanged, len(again), res.Rejected)
	}
	MustCheck(t, s)
}
