package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// OrderInput is one store order as an import reads it.
type OrderInput struct {
	OrderID string
	// DealID is the deal the order's discount code belongs to, 0 when none.
	// It attributes a new order only: an order imported before stays with
	// the deal that earned it, whatever its codes say now.
	DealID   int64
	Currency string
	PaidDate string // YYYY-MM-DD; the hold window starts here (an unpaid order has none)
	// Base is the revenue the commission is on: subtotal less its share of
	// the refunds, never below zero.
	Base int64
	// Status is the order's financial status: "" or OrderPaid,
	// OrderPartiallyRefunded, OrderRefunded for a paid order; any other
	// (pending, authorized, voided...) is not paid and earns nothing.
	Status string
	// Refunded is the amount refunded so far; for an order already in the
	// ledger it never goes down.
	Refunded int64
	// Cancelled orders earn nothing, and are never uncancelled.
	Cancelled bool
}

// The financial statuses of a paid order, in the order they progress.
const (
	OrderPaid              = "paid"
	OrderPartiallyRefunded = "partially_refunded"
	OrderRefunded          = "refunded"
)

// paidRank orders the statuses of a paid order; 0 is not paid.
func paidRank(status string) int {
	switch status {
	case "", OrderPaid:
		return 1
	case OrderPartiallyRefunded:
		return 2
	case OrderRefunded:
		return 3
	}
	return 0
}

// OrderRejection says why one order of an import was not posted.
type OrderRejection struct {
	Index   int // position in the input
	OrderID string
	Reason  string
}

// ImportResult sums up what an import posted.
type ImportResult struct {
	New        int              // orders seen for the first time
	Updated    int              // orders whose figures changed since the last import
	Unchanged  int              // orders already imported with the same figures
	Commission map[string]int64 // net commission posted, per currency
	Revenue    map[string]int64 // net revenue attributed, per currency
	Released   int              // commissions released from hold
	// NotPaid counts the orders not paid yet, by status: they earn nothing
	// and are not recorded; they earn once an export shows them paid.
	NotPaid  map[string]int
	Rejected []OrderRejection
	// Stale are rows older than what the ledger holds of their order (a
	// smaller refund, a refunded or cancelled order paid again): not applied.
	Stale []OrderRejection
	// Unattributed are the positions of new paid orders with no deal.
	Unattributed []int
}

// ImportOrders posts the commissions of orders in one operation, idempotent
// per (source, order ID):
//
//   - only a paid order earns; an unpaid one (pending, authorized,
//     voided...) is counted in NotPaid and not recorded;
//   - a new order is attributed to DealID and held until its paid date plus
//     the deal's hold days; one already imported keeps its deal;
//   - an order already imported with the same figures changes nothing; one
//     with another base posts only the difference: an increase is held for
//     the hold days from today, a decrease comes out of held first and then
//     out of owed, which may leave owed negative (a clawback carried into
//     the next payout);
//   - a row older than what the ledger holds of its order is Stale, not
//     applied, so importing exports again in any order leaves the ledger
//     as the newest says.
//
// Orders that cannot be posted (currency mismatch, bad or future paid date,
// unknown deal) are returned in Rejected; the rest are posted. Holds that
// have run out are released in the same transaction.
//
// An import may hold a million orders, so it does not go through post one
// transfer at a time: see orderImport.
func (s *Store) ImportOrders(ctx context.Context, opID, source string, orders []OrderInput) (ImportResult, error) {
	res := newImportResult()
	source = strings.TrimSpace(source)
	if source == "" {
		return res, Errorf(EINVALID, "order source required")
	}
	_, err := s.do(ctx, opID, "orders.import", orderFingerprint(source, orders), func(tx *Tx) (int64, error) {
		res = newImportResult()
		imp, err := tx.newOrderImport(source, &res)
		if err != nil {
			return 0, err
		}
		for i, o := range orders {
			if i&0xfff == 0 {
				if err := ctx.Err(); err != nil {
					return 0, err
				}
			}
			if err := imp.add(i, o); err != nil {
				return 0, err
			}
		}
		if err := imp.finish(); err != nil {
			return 0, err
		}
		// Holds of orders this import did not touch (other sources, older
		// imports) that have run out.
		n, err := tx.release(tx.today())
		res.Released += n
		return int64(res.New + res.Updated), err
	})
	return res, err
}

func newImportResult() ImportResult {
	return ImportResult{Commission: map[string]int64{}, Revenue: map[string]int64{}, NotPaid: map[string]int{}}
}

// orderFingerprint stands for the operation's input, which is too large to
// hash as JSON.
func orderFingerprint(source string, orders []OrderInput) string {
	h := sha256.New()
	buf := make([]byte, 0, 256)
	buf = append(append(buf, source...), 0)
	for _, o := range orders {
		buf = append(buf, o.OrderID...)
		buf = append(buf, 0)
		buf = strconv.AppendInt(buf, o.DealID, 10)
		buf = append(buf, 0)
		buf = append(buf, o.Currency...)
		buf = append(buf, 0)
		buf = append(buf, o.PaidDate...)
		buf = append(buf, 0)
		buf = strconv.AppendInt(buf, o.Base, 10)
		buf = append(buf, 0)
		buf = append(buf, o.Status...)
		buf = append(buf, 0)
		buf = strconv.AppendInt(buf, o.Refunded, 10)
		buf = strconv.AppendBool(buf, o.Cancelled)
		buf = append(buf, '\n')
		if len(buf) > 32<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// Release moves every commission whose hold has run out (release date on or
// before today, by the store's clock) from held to owed, and returns how
// many were released.
func (s *Store) Release(ctx context.Context, opID string) (int, error) {
	day := s.Now().UTC().Format(DateLayout)
	n, err := s.do(ctx, opID, "orders.release", day, func(tx *Tx) (int64, error) {
		n, err := tx.release(tx.today())
		return int64(n), err
	})
	return int(n), err
}

func (tx *Tx) release(today string) (int, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT o.id, o.deal_id, d.currency, o.held, o.order_id FROM orders o JOIN deals d ON d.id = o.deal_id
		WHERE o.held > 0 AND o.release_on <= ? ORDER BY o.release_on, o.id`, today)
	if err != nil {
		return 0, err
	}
	type due struct {
		key, deal, held int64
		cur, orderID    string
	}
	var all []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.key, &d.deal, &d.cur, &d.held, &d.orderID); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range all {
		if _, err := tx.post(transfer{DealID: d.deal, Currency: d.cur, From: AccHeld, To: AccOwed, Amount: d.held,
			Kind: KindRelease, Reference: d.orderID, OrderKey: d.key}); err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE orders SET held = 0 WHERE id = ?`, d.key); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}

// validDate reports whether s is a YYYY-MM-DD date, and returns it.
func validDate(s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, s)
	return t, err == nil
}

// leg is one transfer of a change to an order's commission.
type leg struct {
	from, to string
	amount   int64
	comment  string
	kind     string
}

// commissionLegs is the rule for a change of an order's commission, held of
// it still on hold: an increase is earned into held; a decrease comes out of
// held first, then out of owed (a clawback of commission already released,
// which may leave owed negative). Every order path posts these legs.
func commissionLegs(delta, held int64) (legs [2]leg, n int) {
	switch {
	case delta > 0:
		legs[0] = leg{from: AccCommissionExpense, to: AccHeld, amount: delta, kind: KindCommission}
		return legs, 1
	case delta < 0:
		back := -delta
		if fromHeld := min(back, held); fromHeld > 0 {
			legs[n] = leg{from: AccHeld, to: AccCommissionExpense, amount: fromHeld, kind: KindRefund}
			n++
			back -= fromHeld
		}
		if back > 0 {
			legs[n] = leg{from: AccOwed, to: AccCommissionExpense, amount: back, kind: KindRefund, comment: "clawback of released commission"}
			n++
		}
	}
	return legs, n
}
