package orders_test

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// FuzzParseShopify: whatever the bytes, the parser does not panic, every
// data row is an order, a further line item or a reported rejection, and
// every order it returns is sound; importing it, every order is imported,
// unattributed or reported.
func FuzzParseShopify(f *testing.F) {
	for _, name := range []string{"shopify_first.csv", "shopify_later.csv", "woo_orders.csv"} {
		b, err := os.ReadFile(testFile(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	head := strings.Join(orders.ShopifyHeader, ",") + "\n"
	f.Add([]byte(head))
	f.Add([]byte(head + "#1,,paid,2026-01-01,,,,USD,1.00\n"))
	f.Add([]byte("\ufeff" + head + "\"#1\n\",x"))
	f.Add([]byte("Name,Financial Status,Paid at,Currency,Subtotal,Discount Code\n#1,paid,2026-10-07 09:50:26 +0200,USD,10.00,ANA10\n#1,,,,,\n#2,paid,2026-10-07,JPY,5,KAI\n"))

	s, _, _ := mustStore(f)
	codes, err := s.CodeMap(ctx)
	if err != nil {
		f.Fatal(err)
	}
	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	n := 0
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := orders.ParseShopify(strings.NewReader(string(data)))
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("error %v is not a ledger EINVALID error", err)
			}
			return
		}
		if got := len(x.Orders) + x.Items + len(x.Rejected); got != x.Rows {
			t.Fatalf("orders %d + items %d + rejected %d = %d, want the %d rows read", len(x.Orders), x.Items, len(x.Rejected), got, x.Rows)
		}
		for _, o := range x.Orders {
			if _, err := time.Parse(ledger.DateLayout, o.Date); (err != nil && o.Paid()) || o.ID == "" || o.Line < 2 {
				t.Fatalf("unsound order %+v", o)
			}
			if _, err := ledger.LookupCurrency(o.Currency); err != nil {
				t.Fatalf("order %+v: %v", o, err)
			}
			if o.Subtotal < 0 || o.Refunded < 0 || o.Base() < 0 || o.Base() > o.Subtotal {
				t.Fatalf("order %+v: base %d out of range", o, o.Base())
			}
		}
		for _, r := range x.Rejected {
			if r.Line < 1 || r.Reason == "" {
				t.Fatalf("rejection without line or reason: %+v", r)
			}
		}
		a := orders.Attribute(codes, x)
		if len(a.Inputs) != len(x.Orders) || len(a.Rejected) != len(x.Rejected) {
			t.Fatalf("attributed %d orders, %d rejections; want the %d orders read, %d rejections",
				len(a.Inputs), len(a.Rejected), len(x.Orders), len(x.Rejected))
		}
		if fuzzing {
			// The ledger under the fuzzer's coverage instrumentation runs
			// at a few executions a minute; the seed corpus, run by every
			// go test, imports each input for real.
			return
		}
		n++
		read := len(x.Orders) // Import consumes x.Orders
		res, err := orders.Import(ctx, s, "", "fuzz-"+strconv.Itoa(n), x)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		reported := len(res.Rejected) - len(x.Rejected)
		notPaid := 0
		for _, n := range res.NotPaid {
			notPaid += n
		}
		if got := res.New + res.Updated + res.Unchanged + len(res.Unattributed) + reported + notPaid + len(res.Stale); got != read || res.Orders != read {
			t.Fatalf("imported %d + unattributed %d + rejected %d + not paid %d + stale %d = %d (result says %d), want the %d orders read",
				res.New+res.Updated+res.Unchanged, len(res.Unattributed), reported, notPaid, len(res.Stale), got, res.Orders, read)
		}
	})
}
