package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ordersTestdata(name string) string {
	return filepath.Join("..", "..", "ledger", "orders", "testdata", name)
}

// TestImportCLI: an import with rejected rows imports the rest and exits 3;
// a clean one exits 0; importing again changes nothing; mapped CSV imports
// through a saved mapping; release prints a count; the ledger checks.
func TestImportCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "import.payouts")
	for _, args := range [][]string{
		{"creator", "add", "Ana Silva"},
		{"creator", "add", "Ben Okafor"},
		{"campaign", "add", "Autumn"},
		{"deal", "add", "--creator", "Ana Silva", "--campaign", "Autumn", "--currency", "USD", "--percent", "10", "--code", "ANA10"},
		{"deal", "add", "--creator", "Ben Okafor", "--campaign", "Autumn", "--currency", "EUR", "--percent", "12.5", "--code", "ben"},
	} {
		ok(t, db, args...)
	}

	summary := filepath.Join(t.TempDir(), "summary.txt")
	r := payouts(t, db, "import", "shopify", ordersTestdata("shopify_first.csv"), "--summary", summary)
	if r.code != 3 {
		t.Fatalf("import with bad rows: exit %d, want 3 (stderr %q)", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "7 rows rejected") {
		t.Errorf("stderr = %q, want the count of rejected rows", r.stderr)
	}
	for _, want := range []string{"Rejected rows: 7", "line 14 (order #1010): subtotal", "line 22: row has 3 fields",
		"Unattributed orders: 4", "order #1007, code SUMMER, subtotal 55.00 USD", "Orders imported: 5 new",
		"Not paid yet, no commission: 2 (pending 1, voided 1)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if saved, err := os.ReadFile(summary); err != nil || string(saved) != r.stdout {
		t.Errorf("saved summary = %q, %v; want the printed one", saved, err)
	}

	out := ok(t, db, "import", "shopify", ordersTestdata("shopify_later.csv"))
	// #1014, pending in the first export, is paid now: new.
	if !strings.Contains(out, "1 new, 2 updated, 1 unchanged") {
		t.Errorf("later export: %s", out)
	}
	out = ok(t, db, "import", "shopify", ordersTestdata("shopify_later.csv"))
	if !strings.Contains(out, "0 new, 0 updated, 4 unchanged") {
		t.Errorf("same export again: %s", out)
	}

	ok(t, db, "import", "mapping", "set", "woo", "--order-id", "Order Number", "--date", "Order Date", "--code", "Coupon Code",
		"--amount", "Order Subtotal Amount", "--currency", "Order Currency", "--status", "Order Status", "--refunded", "Refund Amount")
	if out := ok(t, db, "import", "mapping", "list", "--format", "csv"); !strings.Contains(out, "woo,Order Number,Order Date,Coupon Code") {
		t.Errorf("mapping list = %q", out)
	}
	r = payouts(t, db, "import", "csv", ordersTestdata("woo_orders.csv"), "--mapping", "woo")
	if r.code != 3 || !strings.Contains(r.stdout, "woo_orders.csv line 5 (order W-504): date") {
		t.Errorf("csv import: exit %d, stdout %q; want 3 and the bad date's line", r.code, r.stdout)
	}
	if r := payouts(t, db, "import", "csv", ordersTestdata("woo_orders.csv"), "--mapping", "nope"); r.code != 1 {
		t.Errorf("unknown mapping: exit %d, want 1", r.code)
	}
	if r := payouts(t, db, "import", "mapping", "set", "half", "--order-id", "Id"); r.code != 1 {
		t.Errorf("incomplete mapping: exit %d, want 1", r.code)
	}
	if r := payouts(t, db, "import", "shopify", ordersTestdata("woo_orders.csv")); r.code != 1 || !strings.Contains(r.stderr, "not a Shopify orders export") {
		t.Errorf("not a Shopify file: exit %d, stderr %q; want 1", r.code, r.stderr)
	}
	if out := ok(t, db, "release"); out == "" {
		t.Error("release printed nothing")
	}
	ok(t, db, "check")
}

// TestImportSummaryUnwritable: the import is committed before its summary
// is saved, so a summary that cannot be written is a warning after a saved
// import, not exit 1 ("the ledger is unchanged"), which would invite a
// second import.
func TestImportSummaryUnwritable(t *testing.T) {
	db := importLedger(t)
	nowhere := filepath.Join(t.TempDir(), "no such folder", "summary.txt")
	r := payouts(t, db, "import", "shopify", ordersTestdata("shopify_later.csv"), "--summary", nowhere)
	if r.code != 0 {
		t.Fatalf("exit %d, want 0 (stderr %q)", r.code, r.stderr)
	}
	if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 ||
		!strings.Contains(r.stderr, "import was saved") || !strings.Contains(r.stderr, nowhere) {
		t.Errorf("stderr = %q, want one warning that the import was saved and the summary not", r.stderr)
	}
	if out := ok(t, db, "import", "shopify", ordersTestdata("shopify_later.csv")); !strings.Contains(out, "0 new") {
		t.Errorf("the first import was not saved: %s", out)
	}
}
