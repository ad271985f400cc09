package orders_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// shopifyCSV builds a small export: each row sets the named columns.
func shopifyCSV(bom bool, rows ...map[string]string) string {
	var b strings.Builder
	if bom {
		b.WriteString("\ufeff")
	}
	b.WriteString(strings.Join(orders.ShopifyHeader, ",") + "\n")
	for _, r := range rows {
		f := make([]string, len(orders.ShopifyHeader))
		for i, h := range orders.ShopifyHeader {
			v := r[h]
			if strings.ContainsAny(v, ",\"\n") {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			f[i] = v
		}
		b.WriteString(strings.Join(f, ",") + "\n")
	}
	return b.String()
}

func TestParseShopify(t *testing.T) {
	paid := map[string]string{"Name": "#1", "Financial Status": "paid", "Paid at": "2026-10-07 00:30:00 +0200",
		"Currency": "EUR", "Subtotal": "100.00", "Discount Code": " a1, b2 ,A1"}
	item := map[string]string{"Name": "#1", "Lineitem name": "Tee, \"Black\"\nM"}
	with := func(m map[string]string, k, v string) map[string]string {
		out := map[string]string{}
		for a, b := range m {
			out[a] = b
		}
		out[k] = v
		return out
	}
	tests := []struct {
		name   string
		csv    string
		want   orders.Order
		reason string
	}{
		{"OK", shopifyCSV(true, paid, item, item), orders.Order{Line: 2, ID: "#1", Date: "2026-10-07", Codes: []string{"A1", "B2"}, Currency: "EUR", Subtotal: 10000, Status: "paid"}, ""},
		{"NoBOM", shopifyCSV(false, paid), orders.Order{Line: 2, ID: "#1", Date: "2026-10-07", Codes: []string{"A1", "B2"}, Currency: "EUR", Subtotal: 10000, Status: "paid"}, ""},
		{"Refund", shopifyCSV(false, with(paid, "Refunded Amount", "30.50")), orders.Order{Line: 2, ID: "#1", Date: "2026-10-07", Codes: []string{"A1", "B2"}, Currency: "EUR", Subtotal: 10000, Refunded: 3050, Status: "paid"}, ""},
		{"Total", shopifyCSV(false, with(paid, "Total", "110.00")), orders.Order{Line: 2, ID: "#1", Date: "2026-10-07", Codes: []string{"A1", "B2"}, Currency: "EUR", Subtotal: 10000, Total: 11000, Status: "paid"}, ""},
		// Issue 9 item 1: Created at is not a paid date; an unpaid order
		// needs none.
		{"PaidWithoutPaidAt", shopifyCSV(false, with(with(paid, "Paid at", ""), "Created at", "2026-10-09 10:00:00 -0500")), orders.Order{}, "missing paid date (Paid at) of a paid order"},
		{"PendingNoDate", shopifyCSV(false, with(with(with(paid, "Paid at", ""), "Created at", "2026-10-09"), "Financial Status", "pending")), orders.Order{Line: 2, ID: "#1", Codes: []string{"A1", "B2"}, Currency: "EUR", Subtotal: 10000, Status: "pending"}, ""},
		{"StatusAsWritten", shopifyCSV(false, with(paid, "Financial Status", "Partially Refunded")), orders.Order{Line: 2, ID: "#1", Date: "2026-10-07", Codes: []string{"A1", "B2"}, Currency: "EUR", Subtotal: 10000, Status: "partially_refunded"}, ""},
		// Issue 9 item 8: an unknown status earns nothing: it is rejected.
		{"UnknownStatus", shopifyCSV(false, with(paid, "Financial Status", "weird")), orders.Order{}, `unknown financial status "weird": only paid, partially_refunded and refunded orders earn (pending, authorized and voided earn nothing)`},
		{"NoStatus", shopifyCSV(false, with(paid, "Financial Status", "")), orders.Order{}, "missing financial status"},
		{"RefundWithoutTotalColumn", strings.Replace(shopifyCSV(false, with(paid, "Refunded Amount", "5.00")), ",Total,", ",Totals,", 1), orders.Order{}, "a refund, but no Total column: the refund cannot be shared between merchandise and shipping"},
		{"YenTrailingZeros", shopifyCSV(false, with(with(paid, "Currency", "JPY"), "Subtotal", "1200.00")), orders.Order{Line: 2, ID: "#1", Date: "2026-10-07", Codes: []string{"A1", "B2"}, Currency: "JPY", Subtotal: 1200, Status: "paid"}, ""},
		{"YenDecimals", shopifyCSV(false, with(with(paid, "Currency", "JPY"), "Subtotal", "1200.50")), orders.Order{}, "subtotal: invalid amount \"1200.5\": JPY has no decimals"},
		{"BadNumber", shopifyCSV(false, with(paid, "Subtotal", "1O0.00")), orders.Order{}, "subtotal: invalid amount \"1O0.00\": not a decimal number"},
		{"Negative", shopifyCSV(false, with(paid, "Subtotal", "-5.00")), orders.Order{}, "subtotal: invalid amount \"-5.00\": must not be negative"},
		{"BadDate", shopifyCSV(false, with(paid, "Paid at", "07/10/2026")), orders.Order{}, "paid date: invalid date \"07/10/2026\""},
		{"NoCurrency", shopifyCSV(false, with(paid, "Currency", "")), orders.Order{}, "missing currency (an order's first row holds its order fields)"},
		{"UnknownCurrency", shopifyCSV(false, with(paid, "Currency", "XXX")), orders.Order{}, "unknown currency \"XXX\" (use an ISO 4217 code such as USD, EUR, JPY)"},
		{"NoName", shopifyCSV(false, with(paid, "Name", "")), orders.Order{}, "missing order name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := orders.ParseShopify(strings.NewReader(tt.csv))
			if err != nil {
				t.Fatal(err)
			}
			if tt.reason != "" {
				if len(x.Rejected) != 1 || x.Rejected[0].Reason != tt.reason || x.Rejected[0].Line != 2 {
					t.Fatalf("rejected = %v, want one at line 2: %s", x.Rejected, tt.reason)
				}
				return
			}
			if len(x.Orders) != 1 || len(x.Rejected) != 0 {
				t.Fatalf("got %d orders, rejected %v; want 1 order", len(x.Orders), x.Rejected)
			}
			got := x.Orders[0]
			if got.ID != tt.want.ID || got.Line != tt.want.Line || got.Date != tt.want.Date || got.Currency != tt.want.Currency ||
				got.Subtotal != tt.want.Subtotal || got.Refunded != tt.want.Refunded || got.Status != tt.want.Status ||
				strings.Join(got.Codes, ",") != strings.Join(tt.want.Codes, ",") {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOrderBase(t *testing.T) {
	tests := []struct {
		name string
		o    orders.Order
		want int64
	}{
		{"Paid", orders.Order{Status: "paid", Subtotal: 1000}, 1000},
		{"PartlyRefunded", orders.Order{Status: "partially_refunded", Subtotal: 1000, Refunded: 250}, 750},
		{"RefundAboveSubtotal", orders.Order{Status: "partially_refunded", Subtotal: 1000, Refunded: 1100}, 0},
		// Issue 9 item 4: a refund is of the total, shipping and taxes
		// included: the subtotal keeps its share of what was not refunded.
		{"ProratedShippingRefund", orders.Order{Status: "partially_refunded", Subtotal: 7500, Total: 8000, Refunded: 2500}, 5156},
		{"ProratedHalf", orders.Order{Status: "partially_refunded", Subtotal: 10000, Total: 12000, Refunded: 6000}, 5000},
		{"ProratedRoundsHalfUp", orders.Order{Status: "partially_refunded", Subtotal: 1, Total: 2, Refunded: 1}, 1},
		{"RefundOfShippingOnly", orders.Order{Status: "partially_refunded", Subtotal: 10000, Total: 10500, Refunded: 500}, 9524},
		{"RefundAboveTotal", orders.Order{Status: "partially_refunded", Subtotal: 10000, Total: 10500, Refunded: 11000}, 0},
		{"RefundedInFull", orders.Order{Status: "refunded", Subtotal: 10000, Total: 10500, Refunded: 0}, 0},
		{"Unknown", orders.Order{Status: "weird", Subtotal: 1000}, 0},
		{"Cancelled", orders.Order{Status: "paid", Subtotal: 1000, Cancelled: true}, 0},
		{"Voided", orders.Order{Status: "voided", Subtotal: 1000}, 0},
		{"Huge", orders.Order{Status: "partially_refunded", Subtotal: 1e15, Total: 1e15 + 1, Refunded: 1}, 1e15 - 1},
		{"Pending", orders.Order{Status: "pending", Subtotal: 1000}, 0},
		{"Authorized", orders.Order{Status: "authorized", Subtotal: 1000}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.o.Base(); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

// TestParseShopifyLines: line numbers count physical lines, so a quoted
// newline in one row moves the next row's line.
func TestParseShopifyLines(t *testing.T) {
	a := map[string]string{"Name": "#1", "Financial Status": "paid", "Paid at": "2026-10-07", "Currency": "USD", "Subtotal": "1.00", "Notes": "two\nlines"}
	b := map[string]string{"Name": "#2", "Financial Status": "paid", "Paid at": "2026-10-07", "Currency": "USD", "Subtotal": "x"}
	x, err := orders.ParseShopify(strings.NewReader(shopifyCSV(false, a, b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Rejected) != 1 || x.Rejected[0].Line != 4 {
		t.Errorf("rejected = %v, want one on line 4", x.Rejected)
	}
}

var _ = ledger.DateLayout
