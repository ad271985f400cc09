package orders_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// FuzzParsePresets (issue 17): through each preset's mapping, whatever the
// bytes, the mapped parser does not panic, fails only with EINVALID, every
// data row is an order, a further line item or a rejection, and every order
// is sound: a valid paid date when paid, a known currency, a base within
// the subtotal, and only a paying status earns.
func FuzzParsePresets(f *testing.F) {
	for i, p := range orders.Presets {
		b, err := os.ReadFile(filepath.Join("..", "..", "cmd", "payouts", "testdata", "presets", p.Name+".csv"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
		f.Add(uint8(i), []byte(strings.Join(p.Detect, ",")+"\n"))
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		p := orders.Presets[int(which)%len(orders.Presets)]
		m, err := p.WithCurrency(map[bool]string{true: "", false: "EUR"}[p.Mapping.Currency != ""])
		if err != nil {
			t.Fatal(err)
		}
		x, err := orders.ParseCSV(strings.NewReader(string(data)), m)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("%s: error %v is not a ledger EINVALID error", p.Name, err)
			}
			return
		}
		if got := len(x.Orders) + x.Items + len(x.Rejected); got != x.Rows {
			t.Fatalf("%s: orders %d + items %d + rejected %d = %d, want the %d rows read", p.Name, len(x.Orders), x.Items, len(x.Rejected), got, x.Rows)
		}
		for _, o := range x.Orders {
			if _, err := time.Parse(ledger.DateLayout, o.Date); (err != nil && o.Paid()) || o.ID == "" || o.Line < 2 {
				t.Fatalf("%s: unsound order %+v", p.Name, o)
			}
			if _, err := ledger.LookupCurrency(o.Currency); err != nil {
				t.Fatalf("%s: order %+v: %v", p.Name, o, err)
			}
			if o.Subtotal < 0 || o.Refunded < 0 || o.Base() < 0 || o.Base() > o.Subtotal {
				t.Fatalf("%s: order %+v: base %d out of range", p.Name, o, o.Base())
			}
			if o.Earns() && m.Status != "" && o.Status != "paid" && o.Status != "partially_refunded" {
				t.Fatalf("%s: order %+v earns on status %q", p.Name, o, o.Status)
			}
		}
	})
}
