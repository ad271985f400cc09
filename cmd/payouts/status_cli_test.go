package main_test

import (
	"strings"
	"testing"
)

// wooStatusExport is what WooCommerce writes for a shop where some buyers
// pay by bank transfer: "On hold" waits for the money, "Pending payment"
// never paid, "Failed" was declined. Only the paid orders may earn.
const wooStatusExport = `Order Number,Order Date,Coupon Code,Order Subtotal Amount,Order Currency,Order Status,Refund Amount,Order Total
W-1,2026-10-01 10:00:00,ANA10,100.00,USD,Completed,0,110.00
W-2,2026-10-02 10:00:00,ana10,200.00,USD,On hold,0,210.00
W-3,2026-10-03 10:00:00,ANA10,300.00,USD,Pending payment,0,310.00
W-4,2026-10-04 10:00:00,ANA10,50.00,USD,processing,0,55.00
W-5,2026-10-05 10:00:00,ANA10,400.00,USD,Failed,0,410.00
W-6,2026-10-06 10:00:00,ANA10,70.00,USD,Draft,0,70.00
`

// readmeWooMapping is the README's own "woo" mapping (Importing orders).
var readmeWooMapping = []string{"import", "mapping", "set", "woo", "--order-id", "Order Number", "--date", "Order Date",
	"--code", "Coupon Code", "--amount", "Order Subtotal Amount", "--currency", "Order Currency",
	"--status", "Order Status", "--paid-status", "completed,processing",
	"--not-paid-status", "pending payment,on hold,failed,cancelled,refunded",
	"--refunded", "Refund Amount", "--total", "Order Total"}

// TestMappingPaidStatusesCLI (issue 17): through the README's woo mapping,
// "On hold", "Pending payment" and "Failed" orders earn nothing, Completed
// and processing (any case) earn, and a status in neither list is a
// rejected row naming it. A mapping without a status column says, when
// saved, that every row is paid.
func TestMappingPaidStatusesCLI(t *testing.T) {
	db := importLedger(t)
	out := ok(t, db, readmeWooMapping...)
	if !strings.Contains(out, "paying completed, processing") {
		t.Errorf("mapping set said %q; want the paying statuses", out)
	}
	r := payouts(t, db, "import", "csv", saveExport(t, "woo.csv", []byte(wooStatusExport)), "--mapping", "woo")
	if r.code != 3 {
		t.Fatalf("import: exit %d, stdout %q, stderr %q; want 3 (the Draft row)", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"Commission posted: USD 15.00", // 10% of 100 + 50: W-1 and W-4 only
		"Not paid yet, no commission: 3 (failed 1, pending 1, pending_payment 1)",
		`line 7 (order W-6): status "Draft" is neither paying`,
		"Rejected rows: 1",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("import output lacks %q:\n%s", want, r.stdout)
		}
	}
	if out := ok(t, db, "import", "mapping", "list", "--format", "csv"); !strings.Contains(out, "completed,processing") {
		t.Errorf("mapping list = %q; want the paying statuses", out)
	}

	out = ok(t, db, "import", "mapping", "set", "plain", "--order-id", "Order Number", "--date", "Order Date",
		"--code", "Coupon Code", "--amount", "Order Subtotal Amount", "--fixed-currency", "USD")
	if !strings.Contains(out, "no status column: every row is imported as a paid order") {
		t.Errorf("mapping without status said %q", out)
	}
	for _, bad := range [][]string{
		{"--paid-status", "completed"}, // no status column
		{"--status", "Order Status", "--paid-status", "completed", "--not-paid-status", "Completed"},
		{"--status", "Order Status", "--not-paid-status", "failed"}, // nothing would earn
	} {
		args := append([]string{"import", "mapping", "set", "bad", "--order-id", "Order Number", "--date", "Order Date",
			"--code", "Coupon Code", "--amount", "Order Subtotal Amount", "--fixed-currency", "USD"}, bad...)
		if r := payouts(t, db, args...); r.code != 1 || !strings.Contains(r.stderr, "mapping:") {
			t.Errorf("%v: exit %d, stderr %q; want a mapping error", bad, r.code, r.stderr)
		}
	}
	ok(t, db, "check")
}
