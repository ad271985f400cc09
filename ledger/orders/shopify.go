package orders

import (
	"io"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Shopify's column names, as its orders export writes them.
const (
	colName     = "Name"
	colStatus   = "Financial Status"
	colPaidAt   = "Paid at"
	colCurrency = "Currency"
	colSubtotal = "Subtotal"
	colCodes    = "Discount Code"
	colRefunded = "Refunded Amount"
	colCancel   = "Cancelled at"
	colTotal    = "Total"
)

// ParseShopify reads Shopify's orders export: one row per line item, the
// order-level fields (Financial Status, Paid at, Currency, Subtotal, Total,
// Discount Code, Refunded Amount, Cancelled at) on each order's first row,
// and the order's Name on every row. A row that cannot be read, an unknown
// status, or an order whose rows disagree is reported in Rejected with its
// line and skipped. The error is for a file that is not such an export at
// all, has no rows, breaks its quoting, or cannot be read: then nothing of
// it is used.
func ParseShopify(r io.Reader) (*Export, error) {
	return parseShopify(r, "")
}

func parseShopify(r io.Reader, file string) (*Export, error) {
	defer lowGC()()
	t, err := openTable(r, file)
	if err != nil {
		return nil, err
	}
	var missing []string
	// idx says where each column is in the rows read ahead: only the
	// columns read are kept, in this order.
	idx := map[string]int{}
	var cols []int
	for _, c := range []string{colName, colStatus, colPaidAt, colCurrency, colSubtotal, colCodes, colRefunded, colCancel, colTotal} {
		at := t.col(c)
		idx[c] = -1
		if at >= 0 {
			idx[c] = len(cols)
			cols = append(cols, at)
		} else if c != colRefunded && c != colCancel && c != colTotal {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s: not a Shopify orders export: no %s column", nameOr(file), strings.Join(missing, ", "))
	}
	x := &Export{File: file}
	size := readerSize(r)
	seen := map[string]seenOrder{} // order name -> its first row
	rows := t.readAhead(cols)
	defer rows.close()
	for {
		rec, line, reason, offset, err := rows.next()
		if err == io.EOF {
			if x.Rows == 0 {
				return nil, noRows(file)
			}
			x.compact()
			return x, nil
		} else if err != nil {
			return nil, err
		}
		x.Rows++
		if reason != "" {
			x.reject(line, "", "%s", reason)
			continue
		}
		name := field(rec, idx[colName])
		if name == "" {
			x.reject(line, "", "missing order name")
			continue
		}
		if first, ok := seen[name]; ok {
			// Another row of a known order: a further line item (its order
			// fields empty), or a repeat that must agree with the first.
			x.again(first, line, rec, idx)
			if first.idx >= 0 && x.Orders[first.idx].drop {
				seen[name] = seenOrder{line: first.line, idx: -1}
			}
			continue
		}
		name = strings.Clone(name) // do not keep the whole row alive
		o, why := shopifyOrder(rec, idx, name, line)
		if why != "" {
			seen[name] = seenOrder{line: line, idx: -1}
			x.reject(line, name, "%s", why)
			continue
		}
		seen[name] = seenOrder{line: line, idx: len(x.Orders)}
		x.Orders = growOrders(x.Orders, offset, size)
		x.Orders = append(x.Orders, x.share(o))
	}
}

// seenOrder is where an order's first row went: its line, and its index in
// Orders (-1 when the order was rejected).
type seenOrder struct{ line, idx int }

// again takes a further row of an order read before. Shopify writes the
// order's fields on its first row only; a row that repeats them must say
// the same, or the file does not say what the order is, and the order is
// rejected whole (both rows), not taken from whichever row came first.
func (x *Export) again(first seenOrder, line int, rec []string, idx map[string]int) {
	if first.idx < 0 {
		x.Items++ // of an order rejected already
		return
	}
	o := &x.Orders[first.idx]
	what, here, there := "", "", ""
	if v := field(rec, idx[colCurrency]); v != "" && !strings.EqualFold(v, o.Currency) {
		what, here, there = "currency", v, o.Currency
	} else if v := field(rec, idx[colSubtotal]); v != "" {
		if cur, err := ledger.LookupCurrency(o.Currency); err == nil {
			if sub, err := parseMoney(v, cur); err != nil || sub != o.Subtotal {
				what, here, there = "subtotal", v, ledger.Format(o.Subtotal, o.Currency)
			}
		}
	}
	if what == "" {
		if v := field(rec, idx[colCodes]); v != "" && strings.Join(splitCodes(v), ",") != strings.Join(o.Codes, ",") {
			what, here, there = "discount code", v, strings.Join(o.Codes, ",")
		}
	}
	if what == "" {
		if v := field(rec, idx[colStatus]); v != "" {
			var p Order
			if readStatus(&p, v) != "" || p.Status != o.Status {
				what, here, there = "financial status", v, o.Status
			}
		}
	}
	if what == "" {
		x.Items++
		return
	}
	x.dropOrder(first, line, o, what, here, there)
}

// dropOrder rejects an order whose rows disagree: its first row (taken out
// of Orders) and the row at line.
func (x *Export) dropOrder(first seenOrder, line int, o *Order, what, here, there string) {
	if there == "" {
		there = "none"
	}
	o.drop = true
	x.reject(first.line, o.ID, "order %s not imported: its row on line %d gives another %s", o.ID, line, what)
	x.reject(line, o.ID, "order %s not imported: %s %s here, %s on line %d", o.ID, what, here, there, first.line)
}

// compact takes the rejected orders out of Orders.
func (x *Export) compact() {
	n := 0
	for _, o := range x.Orders {
		if !o.drop {
			x.Orders[n] = o
			n++
		}
	}
	clear(x.Orders[n:])
	x.Orders = x.Orders[:n]
}

// shopifyOrder reads an order's first row.
func shopifyOrder(rec []string, idx map[string]int, name string, line int) (Order, string) {
	o := Order{Line: line, ID: name, Cancelled: field(rec, idx[colCancel]) != ""}
	if why := readStatus(&o, field(rec, idx[colStatus])); why != "" {
		return o, why
	}
	code := field(rec, idx[colCurrency])
	if code == "" {
		return o, "missing currency (an order's first row holds its order fields)"
	}
	cur, err := ledger.LookupCurrency(code)
	if err != nil {
		return o, ledger.ErrorMessage(err)
	}
	o.Currency = cur.Code
	sub := field(rec, idx[colSubtotal])
	if sub == "" {
		return o, "missing subtotal"
	}
	if o.Subtotal, err = parseMoney(sub, cur); err != nil {
		return o, "subtotal: " + err.Error()
	}
	if v := field(rec, idx[colTotal]); v != "" {
		if o.Total, err = parseMoney(v, cur); err != nil {
			return o, "total: " + err.Error()
		}
	}
	if ref := field(rec, idx[colRefunded]); ref != "" {
		if o.Refunded, err = parseMoney(ref, cur); err != nil {
			return o, "refunded amount: " + err.Error()
		}
		if o.Refunded > 0 && o.Total == 0 && idx[colTotal] < 0 {
			return o, "a refund, but no Total column: the refund cannot be shared between merchandise and shipping"
		}
	}
	o.Codes = splitCodes(field(rec, idx[colCodes]))
	// Only a paid order has a paid date, and only it is needed: it starts
	// the hold. Created at is not a paid date.
	if !o.Paid() {
		return o, ""
	}
	date := field(rec, idx[colPaidAt])
	if date == "" {
		return o, "missing paid date (Paid at) of a " + o.Status + " order"
	}
	if o.Date, err = parseDay(date); err != nil {
		return o, "paid date: " + err.Error()
	}
	return o, ""
}

func nameOr(file string) string {
	if file == "" {
		return "the file"
	}
	return file
}
