package orders_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// order is a Shopify order's first row: #ID with code ANA10 (a USD deal at
// 10%, 30 hold days), subtotal 100.00, total 110.00, and the fields given.
func order(id string, kv ...string) map[string]string {
	m := map[string]string{"Name": id, "Financial Status": "paid", "Paid at": "2026-10-01 10:00:00 +0000", "Created at": "2026-10-01 09:00:00 +0000",
		"Currency": "USD", "Subtotal": "100.00", "Total": "110.00", "Discount Code": "ANA10"}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// importRows writes rows as a Shopify export named name and imports it.
func importRows(t *testing.T, s *ledger.Store, name string, rows ...map[string]string) orders.Result {
	t.Helper()
	res, err := orders.ImportShopify(ctx, s, "", fileOf(t, name, rows...))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func fileOf(t *testing.T, name string, rows ...map[string]string) string {
	t.Helper()
	return writeFile(t, name, []byte(shopifyCSV(false, rows...)))
}

// TestShopifyImportRules: the import rules of issue 9 through Shopify
// files: items 1 (only paid orders earn, held from their paid date), 2
// (older exports are stale), 3 (a known order keeps its deal) and 8
// (unknown status, disagreeing rows, future paid date).
func TestShopifyImportRules(t *testing.T) {
	t.Run("PendingThenPaid", func(t *testing.T) {
		s, _, ids := mustStore(t)
		pending := order("#1", "Financial Status", "pending", "Paid at", "", "Created at", "2026-09-01 10:00:00 +0000")
		res, err := orders.ImportShopify(ctx, s, "", fileOf(t, "sep.csv", pending))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.Summary(), "Not paid yet, no commission: 1 (pending 1)") {
			t.Errorf("summary:\n%s", res.Summary())
		}
		// Paid two days ago: held until 30 days after that, although the
		// order was created in September.
		if _, err := orders.ImportShopify(ctx, s, "", fileOf(t, "nov.csv", order("#1", "Paid at", "2026-11-19 10:00:00 +0000"))); err != nil {
			t.Fatal(err)
		}
		if b := mustBalances(t, s, ids["ANA10"]); b.Held != 1000 || b.Owed != 0 {
			t.Errorf("held %d owed %d, want 10.00 held and nothing owed", b.Held, b.Owed)
		}
		mustCheck(t, s)
	})

	jan := order("#2")
	feb := order("#2", "Financial Status", "refunded", "Refunded Amount", "110.00")
	t.Run("OlderExportAgain", func(t *testing.T) {
		s, _, ids := mustStore(t)
		janFile, febFile := fileOf(t, "jan.csv", jan), fileOf(t, "feb.csv", feb)
		for _, f := range []string{janFile, febFile} {
			if _, err := orders.ImportShopify(ctx, s, "", f); err != nil {
				t.Fatal(err)
			}
		}
		res, err := orders.ImportShopify(ctx, s, "", janFile)
		if err != nil {
			t.Fatal(err)
		}
		if sum := res.Summary(); !strings.Contains(sum, "Stale rows (older than the ledger, not applied): 1\n  jan.csv line 2 (order #2): older than the ledger: refunded 0.00 here, 110.00 in the ledger") {
			t.Errorf("summary:\n%s", sum)
		}
		if b := mustBalances(t, s, ids["ANA10"]); b.Commission != 0 {
			t.Errorf("commission %d after the older export, want 0", b.Commission)
		}
		// Both files at once, newest first.
		s2, _, ids2 := mustStore(t)
		if _, err := orders.ImportShopify(ctx, s2, "", febFile, janFile); err != nil {
			t.Fatal(err)
		}
		if b := mustBalances(t, s2, ids2["ANA10"]); b.Commission != 0 {
			t.Errorf("commission %d after feb, jan in one import, want 0", b.Commission)
		}
		mustCheck(t, s)
		mustCheck(t, s2)
	})

	t.Run("CodeMovedThenRefund", func(t *testing.T) {
		s, _, ids := mustStore(t)
		importRows(t, s, "jan.csv", jan, order("#3"))
		// ANA10 leaves Ana: first to no deal, then to Chloe's.
		if err := s.SetDealCodes(ctx, "", ids["ANA10"], nil); err != nil {
			t.Fatal(err)
		}
		res := importRows(t, s, "feb.csv", feb)
		if len(res.Unattributed) != 0 || len(res.Rejected) != 0 || res.Updated != 1 {
			t.Errorf("refund after the code was removed: %s", res.Summary())
		}
		if err := s.SetDealCodes(ctx, "", ids["CHLOE5"], []string{"CHLOE5", "ANA10"}); err != nil {
			t.Fatal(err)
		}
		importRows(t, s, "mar.csv", order("#3", "Financial Status", "refunded", "Refunded Amount", "110.00"))
		if b := mustBalances(t, s, ids["ANA10"]); b.Commission != 0 || b.Owed != 0 {
			t.Errorf("Ana: %+v, want both refunds clawed back", b)
		}
		if b := mustBalances(t, s, ids["CHLOE5"]); b.Commission != 0 {
			t.Errorf("Chloe earned %d on Ana's order", b.Commission)
		}
		mustCheck(t, s)
	})

	t.Run("MoreInput", func(t *testing.T) {
		s, _, ids := mustStore(t)
		item := map[string]string{"Name": "#5", "Lineitem name": "Tee"}
		res := importRows(t, s, "odd.csv",
			order("#4", "Financial Status", "weird"),
			order("#5"), item, order("#5", "Subtotal", "90.00"),
			order("#6"), map[string]string{"Name": "#6", "Currency": "EUR"},
			order("#7", "Discount Code", "ANA10"), order("#7", "Discount Code", "BEN"),
			order("#8", "Paid at", "2031-01-01 10:00:00 +0000"),
			order("#9"), map[string]string{"Name": "#9", "Subtotal": "100", "Currency": "usd"}, order("#9"))
		sum := res.Summary()
		for _, want := range []string{
			`odd.csv line 2 (order #4): unknown financial status "weird"`,
			"odd.csv line 3 (order #5): order #5 not imported: its row on line 5 gives another subtotal",
			"odd.csv line 5 (order #5): order #5 not imported: subtotal 90.00 here, 100.00 on line 3",
			"odd.csv line 7 (order #6): order #6 not imported: currency EUR here, USD on line 6",
			"odd.csv line 9 (order #7): order #7 not imported: discount code BEN here, ANA10 on line 8",
			"odd.csv line 10 (order #8): paid date 2031-01-01 is after today",
			"Orders imported: 1 new",
		} {
			if !strings.Contains(sum, want) {
				t.Errorf("summary lacks %q:\n%s", want, sum)
			}
		}
		if res.Rows != 12 || res.Orders != 2 || len(res.Rejected) != 8 {
			t.Errorf("rows %d orders %d rejected %d, want 12, 2 (#8, #9), 8", res.Rows, res.Orders, len(res.Rejected))
		}
		if b := mustBalances(t, s, ids["ANA10"]); b.Commission != 1000 {
			t.Errorf("commission %d, want 10.00 of #9 only", b.Commission)
		}
		mustCheck(t, s)
	})
}
