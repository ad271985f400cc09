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
	"strings"
)

// Order is one order of an export, with its order-level figures.
type Order struct {
	Line      int      // line of the order's first row in its file
	ID        string   // the store's order name or number: "#1001"
	Date      string   // YYYY-MM-DD: paid date, else created date
	Codes     []string // discount codes, normalized
	Currency  string
	Subtotal  int64  // minor units, after discounts
	Refunded  int64  // minor units refunded so far
	Status    string // financial status, lower case
	Cancelled bool
}

// Earns reports whether the order's status earns a commission: not
// cancelled, and paid (not voided, pending, authorized or refunded).
func (o Order) Earns() bool { return !o.Cancelled && !noEarnings[o.Status] }

// Base is the revenue a commission is on: subtotal less refunds, never
// below zero, and zero for an order that earns nothing.
func (o Order) Base() int64 {
	if !o.Earns() || o.Refunded >= o.Subtotal {
		return 0
	}
	return o.Subtotal - o.Refunded
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
}

func (x *Export) reject(line int, orderID, format string, args ...any) {
	x.Rejected = append(x.Rejected, RowError{File: x.File, Line: line, OrderID: orderID, Reason: fmt.Sprintf(format, args...)})
}
