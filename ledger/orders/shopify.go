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
	colCreated  = "Created at"
	colCurrency = "Currency"
	colSubtotal = "Subtotal"
	colCodes    = "Discount Code"
	colRefunded = "Refunded Amount"
	colCancel   = "Cancelled at"
)

// ParseShopify reads Shopify's orders export: one row per line item, the
// order-level fields (Financial Status, Paid at, Currency, Subtotal,
// Discount Code, Refunded Amount, Cancelled at) on each order's first row
// only, and the order's Name on every row. A row that cannot be read is
// reported in Rejected with its line and skipped. The error is for a file
// that is not such an export at all, or cannot be read.
func ParseShopify(r io.Reader) (*Export, error) {
	return parseShopify(r, "")
}

func parseShopify(r io.Reader, file string) (*Export, error) {
	t, err := openTable(r, file)
	if err != nil {
		return nil, err
	}
	var missing []string
	idx := map[string]int{}
	for _, c := range []string{colName, colStatus, colPaidAt, colCreated, colCurrency, colSubtotal, colCodes, colRefunded, colCancel} {
		idx[c] = t.col(c)
		if idx[c] < 0 && c != colRefunded && c != colCancel && c != colCreated {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s: not a Shopify orders export: no %s column", nameOr(file), strings.Join(missing, ", "))
	}
	x := &Export{File: file}
	seen := map[string]int{} // order name -> line of its first row
	prev := ""
	for {
		rec, line, reason, err := t.next()
		if err == io.EOF {
			if x.Rows == 0 {
				return nil, noRows(file)
			}
			return x, nil
		} else if err != nil {
			return nil, err
		}
		x.Rows++
		if reason != "" {
			x.reject(line, "", "%s", reason)
			prev = ""
			continue
		}
		name := field(rec, idx[colName])
		if name == "" {
			x.reject(line, "", "missing order name")
			continue
		}
		if name == prev {
			x.Items++ // another line item of the order just read
			continue
		}
		prev = name
		if first, ok := seen[name]; ok {
			if field(rec, idx[colStatus]) == "" && field(rec, idx[colSubtotal]) == "" {
				x.Items++ // a line item written apart from its order
				continue
			}
			x.reject(line, name, "order %s appears again (first on line %d)", name, first)
			continue
		}
		name = strings.Clone(name) // do not keep the whole row alive
		seen[name] = line
		o, why := shopifyOrder(rec, idx, name, line)
		if why != "" {
			x.reject(line, name, "%s", why)
			continue
		}
		x.Orders = append(x.Orders, o)
	}
}

// shopifyOrder reads an order's first row.
func shopifyOrder(rec []string, idx map[string]int, name string, line int) (Order, string) {
	o := Order{Line: line, ID: name, Status: strings.ToLower(field(rec, idx[colStatus])), Cancelled: field(rec, idx[colCancel]) != ""}
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
	if ref := field(rec, idx[colRefunded]); ref != "" {
		if o.Refunded, err = parseMoney(ref, cur); err != nil {
			return o, "refunded amount: " + err.Error()
		}
	}
	date := field(rec, idx[colPaidAt])
	if date == "" {
		date = field(rec, idx[colCreated])
	}
	if date == "" {
		return o, "missing paid date"
	}
	if o.Date, err = parseDay(date); err != nil {
		return o, "paid date: " + err.Error()
	}
	if o.Status == "" {
		return o, "missing financial status"
	}
	o.Status = strings.Clone(o.Status)
	o.Codes = splitCodes(field(rec, idx[colCodes]))
	return o, ""
}

func nameOr(file string) string {
	if file == "" {
		return "the file"
	}
	return file
}
