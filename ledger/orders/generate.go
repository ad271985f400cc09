package orders

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"github.com/payouts/payouts/ledger"
)

// ShopifyHeader is the header row of Shopify's orders export, as Shopify
// writes it.
var ShopifyHeader = []string{
	"Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency",
	"Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at",
	"Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku",
	"Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
	"Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province",
	"Billing Country", "Billing Phone", "Shipping Name", "Shipping Street", "Shipping Address1", "Shipping Address2",
	"Shipping Company", "Shipping City", "Shipping Zip", "Shipping Province", "Shipping Country", "Shipping Phone",
	"Notes", "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount", "Vendor",
	"Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount",
	"Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value",
	"Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name",
	"Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References",
}

// GenerateOptions shape a generated Shopify export.
type GenerateOptions struct {
	Rows  int               // data rows (line items) to write
	Seed  uint64            // the same seed writes the same file
	Codes map[string]string // discount code -> the currency of its deal
	Start time.Time         // orders are paid over the year after Start
	BOM   bool              // start with a UTF-8 byte order mark, as Excel saves
}

// GenerateShopify writes a realistic Shopify orders export, for demos,
// tests and the benchmark: orders of one to three line items; about 70%
// with a discount code of opt.Codes (in that code's currency), 10% with an
// unknown code, 20% with none; mostly paid, some partially or fully
// refunded, pending, voided or cancelled; product names and notes with
// commas, quotes and newlines; paid dates rising with the order number over
// the year after Start. It returns the number of orders written.
func GenerateShopify(w io.Writer, opt GenerateOptions) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	if opt.BOM {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(ShopifyHeader); err != nil {
		return 0, err
	}
	codes := make([]string, 0, len(opt.Codes))
	for c := range opt.Codes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	if opt.Start.IsZero() {
		opt.Start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5EED))
	zone := time.FixedZone("", 2*3600)
	products := []struct {
		name  string
		price int64
	}{
		{"Everyday Tee, Black / M", 2500}, {`12" Vinyl "Live at Home"`, 3200}, {"Trail Bottle 750ml", 1800},
		{"Glow Serum", 4200}, {"Linen Shirt - Sand / L", 6800}, {"Gift Card", 5000}, {"Travel Mug", 2200},
	}
	rec := make([]string, len(ShopifyHeader))
	step := int64(365*24*3600) / int64(max(1, opt.Rows/2)) // seconds between orders (two rows each on average)
	step = max(step, 1)
	rows, orders := 0, 0
	for rows < opt.Rows {
		orders++
		items := 1 + rng.IntN(3)
		items = min(items, opt.Rows-rows)
		currency, code := "USD", ""
		switch p := rng.IntN(10); {
		case p < 7 && len(codes) > 0:
			code = codes[rng.IntN(len(codes))]
			currency = opt.Codes[code]
		case p < 8:
			code = fmt.Sprintf("NODEAL%02d", rng.IntN(50))
		}
		cur, err := ledger.LookupCurrency(currency)
		if err != nil {
			return orders, err
		}
		unit := int64(1)
		for range 2 - min(cur.Exponent, 2) {
			unit *= 100 // yen and the like: prices in whole units
		}
		// Orders come in the order they were placed, as in Shopify's
		// export, spread over the year.
		paid := opt.Start.Add(time.Duration(int64(orders-1)*step+rng.Int64N(step)) * time.Second).In(zone)
		status, cancelled := "paid", ""
		var subtotal, refunded int64
		type line struct {
			name       string
			qty, price int64
		}
		lines := make([]line, items)
		for i := range lines {
			p := products[rng.IntN(len(products))]
			lines[i] = line{p.name, int64(1 + rng.IntN(2)), p.price * unit}
			subtotal += lines[i].qty * lines[i].price
		}
		shipping := 500 * unit
		total := subtotal + shipping
		switch p := rng.IntN(100); {
		case p < 5:
			status, refunded = "partially_refunded", subtotal/2
		case p < 9:
			status, refunded = "refunded", total
		case p < 11:
			status = "pending"
		case p < 13:
			status = "voided"
		case p < 15:
			status, cancelled = "refunded", paid.Add(26*time.Hour).Format("2006-01-02 15:04:05 -0700")
			refunded = total
		}
		name := "#" + strconv.Itoa(1000+orders)
		for i, l := range lines {
			clear(rec)
			rec[0] = name
			rec[1] = fmt.Sprintf("customer%d@example.com", rng.IntN(100000))
			rec[16] = strconv.FormatInt(l.qty, 10)
			rec[17] = l.name
			rec[18] = ledger.Format(l.price, currency)
			rec[20] = "SKU-" + strconv.Itoa(rng.IntN(900)+100)
			rec[21], rec[22], rec[23] = "true", "true", "pending"
			rec[50] = "Payouts Demo Co."
			if i == 0 {
				at := paid.Format("2006-01-02 15:04:05 -0700")
				rec[2] = status
				if status != "pending" && status != "voided" {
					rec[3] = at
				}
				rec[4], rec[6], rec[7] = "unfulfilled", "no", currency
				rec[8] = ledger.Format(subtotal, currency)
				rec[9] = ledger.Format(shipping, currency)
				rec[10] = ledger.Format(0, currency)
				rec[11] = ledger.Format(total, currency)
				rec[12] = code
				rec[14], rec[15] = "Standard", at
				rec[24], rec[26], rec[29], rec[30], rec[32] = "Alex Doe", "1 Main St, Apt 4", "Springfield", "12345", "US"
				if rng.IntN(20) == 0 {
					rec[44] = "Leave at the door,\nring twice \"please\""
				}
				rec[46] = cancelled
				rec[47] = "Shopify Payments"
				rec[49] = ledger.Format(refunded, currency)
				rec[55] = strconv.Itoa(5_000_000_000 + orders)
				rec[58] = "web"
			}
			if err := cw.Write(rec); err != nil {
				return orders, err
			}
			rows++
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return orders, err
	}
	return orders, bw.Flush()
}
