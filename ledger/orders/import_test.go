package orders_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger/orders"
)

func testFile(name string) string { return filepath.Join("testdata", name) }

// TestImportShopifyGolden imports a first export, the same export again,
// then a later export with refunds; the summary and balances of each step
// are golden files.
func TestImportShopifyGolden(t *testing.T) {
	s, _, ids := mustStore(t)
	steps := []struct{ file, golden string }{
		{"shopify_first.csv", "shopify_first.golden"},
		{"shopify_first.csv", "shopify_again.golden"},
		{"shopify_later.csv", "shopify_later.golden"},
	}
	for _, st := range steps {
		res, err := orders.ImportShopify(ctx, s, "", testFile(st.file))
		if err != nil {
			t.Fatalf("%s: %v", st.file, err)
		}
		golden(t, st.golden, res.Summary()+"\n"+balances(t, s, ids))
		mustCheck(t, s)
	}
}

// TestReimportAndRefund asserts the figures the golden files hold: the
// re-import changes nothing; a refund after the hold is a clawback from
// owed; a refund inside the hold comes out of held; a pending order paid
// later earns then.
func TestReimportAndRefund(t *testing.T) {
	s, c, ids := mustStore(t)
	first, err := orders.ImportShopify(ctx, s, "", testFile("shopify_first.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// #1001 (paid 10-07, 75.00) is past its hold: 7.50 owed. #1012 (10-20,
	// 12000 yen at 8%) too: 960 owed. #1002 (90.00 after refund, 12.5%) and
	// #1013 (33.35 -> 4.16875, half up 4.17) are held: 15.42. #1006 is 5.00
	// flat, held.
	want := map[string][2]int64{"ANA10": {0, 750}, "BEN": {1125 + 417, 0}, "CHLOE5": {500, 0}, "KAI": {0, 960}}
	for code, w := range want {
		if b := mustBalances(t, s, ids[code]); b.Held != w[0] || b.Owed != w[1] {
			t.Errorf("after first import, %s held/owed = %d/%d, want %d/%d", code, b.Held, b.Owed, w[0], w[1])
		}
	}
	// #1014 (pending) and #1005 (voided) are not paid: not recorded.
	if first.New != 7 || first.Released != 2 || first.NotPaid["pending"] != 1 || first.NotPaid["voided"] != 1 {
		t.Errorf("first import: new %d, released %d, not paid %v; want 7, 2, pending 1 and voided 1", first.New, first.Released, first.NotPaid)
	}

	again, err := orders.ImportShopify(ctx, s, "", testFile("shopify_first.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Updated != 0 || again.Unchanged != first.New {
		t.Errorf("re-import: new %d, updated %d, unchanged %d; want 0, 0, %d", again.New, again.Updated, again.Unchanged, first.New)
	}
	for code, w := range want {
		if b := mustBalances(t, s, ids[code]); b.Held != w[0] || b.Owed != w[1] {
			t.Errorf("after re-import, %s held/owed = %d/%d, want %d/%d", code, b.Held, b.Owed, w[0], w[1])
		}
	}

	later, err := orders.ImportShopify(ctx, s, "", testFile("shopify_later.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if later.New != 1 || later.Updated != 2 || later.Unchanged != 1 {
		t.Errorf("later import: new %d, updated %d, unchanged %d, want 1, 2, 1", later.New, later.Updated, later.Unchanged)
	}
	// #1001 refunded 25.00 of its 80.00 total after release: the subtotal
	// keeps 75.00 x 55/80 = 51.56, commission 7.50 -> 5.16, 2.34 clawed
	// back from owed. #1014 paid now: 9.00 held. #1002 fully refunded
	// while held: 11.25 out of held.
	ana := mustBalances(t, s, ids["ANA10"])
	if ana.Held != 900 || ana.Owed != 516 || ana.Commission != 1416 || ana.Revenue != 5156+9000 {
		t.Errorf("ANA10 = held %d owed %d commission %d revenue %d, want 900 516 1416 14156", ana.Held, ana.Owed, ana.Commission, ana.Revenue)
	}
	ben := mustBalances(t, s, ids["BEN"])
	if ben.Held != 417 || ben.Commission != 417 || ben.Revenue != 3335 {
		t.Errorf("BEN = held %d commission %d revenue %d, want 417 417 3335", ben.Held, ben.Commission, ben.Revenue)
	}
	mustCheck(t, s)

	// Thirty days on, the holds have run out.
	c.t = c.t.AddDate(0, 0, 31)
	n, err := s.Release(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("released %d, want 3 (#1006, #1013, #1014)", n)
	}
	if ana := mustBalances(t, s, ids["ANA10"]); ana.Held != 0 || ana.Owed != 1416 {
		t.Errorf("ANA10 after release = held %d owed %d, want 0 1416", ana.Held, ana.Owed)
	}
	mustCheck(t, s)
}

// TestClawbackLeavesOwedNegative: a refund after the commission was paid
// out leaves owed negative, carried into the next payout.
func TestClawbackLeavesOwedNegative(t *testing.T) {
	s, _, ids := mustStore(t)
	head := strings.Join(orders.ShopifyHeader, ",") + "\n"
	row := func(status, refunded string) string {
		f := make([]string, len(orders.ShopifyHeader))
		f[0], f[2], f[3], f[7], f[8], f[12], f[49] = "#1", status, "2026-09-01 10:00:00 +0000", "USD", "200.00", "ANA10", refunded
		return strings.Join(f, ",") + "\n"
	}
	x, err := orders.ParseShopify(strings.NewReader(head + row("paid", "")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orders.Import(ctx, s, "", orders.SourceShopify, x); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RequestPayout(ctx, requestInput(ids["ANA10"], 2000)); err != nil {
		t.Fatal(err)
	}
	x, _ = orders.ParseShopify(strings.NewReader(head + row("refunded", "200.00")))
	res, err := orders.Import(ctx, s, "", orders.SourceShopify, x)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Commission["USD"]; got != -2000 {
		t.Errorf("commission posted = %d, want -2000", got)
	}
	if b := mustBalances(t, s, ids["ANA10"]); b.Owed != -2000 || b.Requested != 2000 || b.Held != 0 {
		t.Errorf("owed %d requested %d held %d, want -2000 2000 0", b.Owed, b.Requested, b.Held)
	}
	mustCheck(t, s)
}

// TestImportOpID: the same operation ID with the same file returns the
// first result without posting again.
func TestImportOpID(t *testing.T) {
	s, _, ids := mustStore(t)
	for range 2 {
		if _, err := orders.ImportShopify(ctx, s, "op-1", testFile("shopify_first.csv")); err != nil {
			t.Fatal(err)
		}
	}
	if b := mustBalances(t, s, ids["ANA10"]); b.Commission != 750 {
		t.Errorf("commission = %d, want 750", b.Commission)
	}
	mustCheck(t, s)
}

// TestImportCSVGolden imports a WooCommerce-like export through a saved
// mapping.
func TestImportCSVGolden(t *testing.T) {
	s, _, ids := mustStore(t)
	m := orders.Mapping{OrderID: "Order Number", Date: "order date", Code: "Coupon Code", Amount: "Order Subtotal Amount",
		Currency: "Order Currency", Status: "Order Status", Refunded: "Refund Amount"}
	if err := orders.SaveMapping(ctx, s, "woo", m); err != nil {
		t.Fatal(err)
	}
	if names, err := orders.MappingNames(ctx, s); err != nil || len(names) != 1 || names[0] != "woo" {
		t.Fatalf("mapping names = %v, %v; want [woo]", names, err)
	}
	res, err := orders.ImportCSV(ctx, s, "", "woo", testFile("woo_orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Source != "woo" {
		t.Errorf("source = %q, want woo", res.Source)
	}
	golden(t, "woo_orders.golden", res.Summary()+"\n"+balances(t, s, ids))
	mustCheck(t, s)
}

func TestImportErrors(t *testing.T) {
	s, _, _ := mustStore(t)
	t.Run("NotShopify", func(t *testing.T) {
		_, err := orders.ImportShopify(ctx, s, "", testFile("woo_orders.csv"))
		if err == nil || !strings.Contains(err.Error(), "not a Shopify orders export") {
			t.Errorf("got %v, want a not-a-Shopify-export error", err)
		}
	})
	t.Run("MissingFile", func(t *testing.T) {
		if _, err := orders.ImportShopify(ctx, s, "", testFile("nope.csv")); err == nil {
			t.Error("got no error for a missing file")
		}
	})
	t.Run("UnknownMapping", func(t *testing.T) {
		if _, err := orders.ImportCSV(ctx, s, "", "nope", testFile("woo_orders.csv")); err == nil {
			t.Error("got no error for an unknown mapping")
		}
	})
	t.Run("MappingColumnMissing", func(t *testing.T) {
		m := orders.Mapping{OrderID: "Id", Date: "Date", Code: "Code", Amount: "Total", FixedCurrency: "usd"}
		if err := orders.SaveMapping(ctx, s, "other", m); err != nil {
			t.Fatal(err)
		}
		_, err := orders.ImportCSV(ctx, s, "", "other", testFile("woo_orders.csv"))
		if err == nil || !strings.Contains(err.Error(), "no column") {
			t.Errorf("got %v, want a missing column error", err)
		}
	})
	t.Run("MappingIncomplete", func(t *testing.T) {
		if err := orders.SaveMapping(ctx, s, "bad", orders.Mapping{OrderID: "Id"}); err == nil {
			t.Error("got no error for a mapping without date, code and amount")
		}
	})
	mustCheck(t, s)
}
