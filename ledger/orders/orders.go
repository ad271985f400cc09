// Package orders reads store order exports (Shopify's orders CSV, and any
// other CSV through a saved column mapping), attributes each order to a deal
// by its discount code, and imports the commissions into the ledger in one
// operation.
//
// Parsing is separate from importing: ParseShopify and ParseCSV turn a file
// into an Export (the orders it holds and the rows that could not be read,
// with their line numbers); Import attributes and posts Exports. The
// ImportShopify and ImportCSV entry points do both for files on disk.
package orders

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Order is one order of an export, with its order-level figures.
type Order struct {
	Line      int      // line of the order's first row in its file
	ID        string   // the store's order name or number: "#1001"
	Date      string   // YYYY-MM-DD: the paid date of a paid order
	Codes     []string // discount codes, normalized
	Currency  string
	Subtotal  int64  // minor units, merchandise after discounts
	Total     int64  // minor units, with shipping and taxes; 0 when not known
	Refunded  int64  // minor units refunded so far (of the total)
	Status    string // financial status: paid, partially_refunded, refunded, or one that is not paid (pending...)
	Cancelled bool

	drop bool // rejected after it was read (a later row disagrees)
}

// Paid reports whether the order has been paid (and may have been refunded
// since): only a paid order earns, and its paid date starts the hold.
func (o Order) Paid() bool { return paidStatus[o.Status] }

// Earns reports whether the order's status earns a commission: paid, not
// cancelled and not refunded in full.
func (o Order) Earns() bool { return o.Paid() && !o.Cancelled && o.Status != "refunded" }

// Base is the revenue a commission is on. A refund is of the order's total
// (shipping and taxes included), so the subtotal keeps the share of the
// total that was not refunded: subtotal x (1 - refunded / total), rounded
// by ledger.MulDivRound, never below zero. Without a total, the refund is
// taken from the subtotal itself. Zero for an order that earns nothing.
func (o Order) Base() int64 {
	if !o.Earns() {
		return 0
	}
	if o.Refunded <= 0 {
		return o.Subtotal
	}
	total := o.Total
	if total <= 0 {
		total = o.Subtotal
	}
	if o.Refunded >= total {
		return 0
	}
	base, err := ledger.MulDivRound(o.Subtotal, total-o.Refunded, total)
	if err != nil || base < 0 {
		return 0 // cannot happen: the ratio is below one
	}
	return min(base, o.Subtotal)
}

// paidStatus are the financial statuses of a paid order.
var paidStatus = map[string]bool{"paid": true, "partially_refunded": true, "refunded": true}

// statuses maps the financial statuses an export may write (Shopify's, and
// the common ones of other stores through a mapping) to an order's Status.
// A status not listed is an error: an order earns only on a status known
// to mean paid.
var statuses = map[string]struct {
	status    string
	cancelled bool
}{
	"paid": {"paid", false}, "partially_refunded": {"partially_refunded", false}, "refunded": {"refunded", false},
	"pending": {"pending", false}, "authorized": {"authorized", false}, "voided": {"voided", false},
	"partially_paid": {"partially_paid", false}, "unpaid": {"unpaid", false}, "expired": {"expired", false},
	// Other stores (WooCommerce and the like).
	"completed": {"paid", false}, "processing": {"paid", false}, "on_hold": {"pending", false},
	"failed": {"failed", false}, "void": {"voided", false},
	"cancelled": {"paid", true}, "canceled": {"paid", true},
}

// KnownStatuses lists the financial statuses an import reads, for messages
// and the README.
func KnownStatuses() []string {
	out := make([]string, 0, len(statuses))
	for s := range statuses {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// statusSpaces writes "Partially Refunded" and "on-hold" as the keys of
// statuses do. One for the package: building a Replacer per row was a
// third of what a million-row import allocated.
var statusSpaces = strings.NewReplacer(" ", "_", "-", "_")

// readStatus reads a financial status as written ("Partially Refunded",
// "on-hold" too) into o, or says why it cannot.
func readStatus(o *Order, s string) string {
	k := statusSpaces.Replace(strings.ToLower(strings.TrimSpace(s)))
	if k == "" {
		return "missing financial status"
	}
	st, ok := statuses[k]
	if !ok {
		return fmt.Sprintf("unknown financial status %q: only paid, partially_refunded and refunded orders earn (pending, authorized and voided earn nothing)", s)
	}
	o.Status = st.status
	o.Cancelled = o.Cancelled || st.cancelled
	return ""
}

// RowError is a row of an export that was not imported, and why.
type RowError struct {
	File    string
	Line    int
	OrderID string // when known
	Reason  string
}

func (e RowError) String() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + " ")
	}
	fmt.Fprintf(&b, "line %d", e.Line)
	if e.OrderID != "" {
		b.WriteString(" (order " + e.OrderID + ")")
	}
	return b.String() + ": " + e.Reason
}

// Export is what one file holds.
type Export struct {
	File     string // shown in reports; may be empty
	Rows     int    // data rows read (not the header)
	Items    int    // further line-item rows of orders already read
	Orders   []Order
	Rejected []RowError

	// strings and codes are the dates and code lists of Orders, each kept
	// once (share).
	strings map[string]string
	codes   map[string][]string
}

// share makes o's date and codes the export's one copy of each: a file
// has a few hundred dates and a few thousand codes, a million-row one half
// a million orders, and each kept its own strings.
func (x *Export) share(o Order) Order {
	if x.strings == nil {
		x.strings, x.codes = map[string]string{}, map[string][]string{}
	}
	if d, ok := x.strings[o.Date]; ok {
		o.Date = d
	} else {
		x.strings[o.Date] = o.Date
	}
	key := strings.Join(o.Codes, ",")
	if c, ok := x.codes[key]; ok {
		o.Codes = c
	} else {
		o.Codes = slices.Clip(o.Codes) // shared: an append must copy
		x.codes[key] = o.Codes
	}
	return o
}

func (x *Export) reject(line int, orderID, format string, args ...any) {
	x.Rejected = append(x.Rejected, RowError{File: x.File, Line: line, OrderID: orderID, Reason: fmt.Sprintf(format, args...)})
}
