package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// OrderInput is one store order attributed to a deal, as an import reads it.
type OrderInput struct {
	OrderID  string
	DealID   int64
	Currency string
	PaidDate string // YYYY-MM-DD; the hold window starts here
	// Base is the revenue the commission is on: subtotal less refunds, never
	// below zero. A cancelled or voided order has base zero.
	Base int64
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
	Released   int              // commissions released from hold at the end
	Rejected   []OrderRejection
}

// ImportOrders posts the commissions of attributed orders in one operation,
// idempotent per (source, order ID): an order already imported with the same
// base changes nothing; one with another base (a later export, after a
// refund) posts only the difference. A decrease comes out of held first and
// then out of owed, which may leave owed negative (a clawback carried into
// the next payout). Orders that cannot be posted (currency mismatch, bad
// date, unknown deal) are returned in Rejected; the rest are posted. Holds
// that have run out are released at the end, in the same transaction.
func (s *Store) ImportOrders(ctx context.Context, opID, source string, orders []OrderInput) (ImportResult, error) {
	res := ImportResult{Commission: map[string]int64{}, Revenue: map[string]int64{}}
	source = strings.TrimSpace(source)
	if source == "" {
		return res, Errorf(EINVALID, "order source required")
	}
	// The operation's input is large; its fingerprint stands for it.
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", source)
	for _, o := range orders {
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\x00%d\n", o.OrderID, o.DealID, o.Currency, o.PaidDate, o.Base)
	}
	fingerprint := hex.EncodeToString(h.Sum(nil))
	_, err := s.do(ctx, opID, "orders.import", fingerprint, func(tx *Tx) (int64, error) {
		res = ImportResult{Commission: map[string]int64{}, Revenue: map[string]int64{}}
		deals := map[int64]dealRow{}
		for i, o := range orders {
			reason, err := tx.postOrder(source, o, deals, &res)
			if err != nil {
				return 0, err
			}
			if reason != "" {
				res.Rejected = append(res.Rejected, OrderRejection{Index: i, OrderID: o.OrderID, Reason: reason})
			}
		}
		n, err := tx.release(tx.today())
		res.Released = n
		return int64(res.New + res.Updated), err
	})
	return res, err
}

// postOrder posts one order. It returns a reason when the order is rejected
// and an error only when the transaction itself failed.
func (tx *Tx) postOrder(source string, o OrderInput, deals map[int64]dealRow, res *ImportResult) (string, error) {
	o.OrderID = strings.TrimSpace(o.OrderID)
	if o.OrderID == "" {
		return "missing order id", nil
	}
	if o.Base < 0 {
		return "negative order amount", nil
	}
	paid, err := time.Parse(DateLayout, o.PaidDate)
	if err != nil {
		return fmt.Sprintf("invalid paid date %q", o.PaidDate), nil
	}
	d, ok := deals[o.DealID]
	if !ok {
		d, err = tx.deal(o.DealID)
		if ErrorCode(err) == ENOTFOUND {
			return fmt.Sprintf("deal %d not found", o.DealID), nil
		} else if err != nil {
			return "", err
		}
		deals[o.DealID] = d
	}
	if !strings.EqualFold(o.Currency, d.Currency) {
		return fmt.Sprintf("order currency %s differs from the deal's %s", o.Currency, d.Currency), nil
	}
	commission, err := d.Rule.Commission(o.Base)
	if err != nil {
		return "order amount too large", nil
	}

	var key, oldBase, oldCommission, held int64
	var oldDeal int64
	isNew := false
	err = tx.queryRow(`SELECT id, deal_id, base, commission, held FROM orders WHERE source = ? AND order_id = ?`, source, o.OrderID).
		Scan(&key, &oldDeal, &oldBase, &oldCommission, &held)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		release := paid.AddDate(0, 0, d.HoldDays).Format(DateLayout)
		r, err := tx.exec(`INSERT INTO orders (source, order_id, deal_id, paid_date, release_on, base, commission, held) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			source, o.OrderID, d.ID, o.PaidDate, release, o.Base, commission, commission)
		if err != nil {
			return "", err
		}
		key, _ = r.LastInsertId()
		isNew = true
		res.New++
	case err != nil:
		return "", err
	default:
		if oldDeal != d.ID {
			return fmt.Sprintf("order was imported before for deal %d", oldDeal), nil
		}
		if oldBase == o.Base && oldCommission == commission {
			res.Unchanged++
			return "", nil
		}
		res.Updated++
	}

	delta := commission - oldCommission
	date := o.PaidDate
	if !isNew {
		date = tx.today() // a change to a known order happens now, not on its paid date
	}
	switch {
	case delta > 0:
		if _, err := tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccCommissionExpense, To: AccHeld,
			Amount: delta, Kind: KindCommission, Date: date, Reference: o.OrderID, OrderKey: key}); err != nil {
			return "", err
		}
		held += delta
	case delta < 0:
		back := -delta
		fromHeld := min(back, held)
		if fromHeld > 0 {
			if _, err := tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccHeld, To: AccCommissionExpense,
				Amount: fromHeld, Kind: KindRefund, Date: date, Reference: o.OrderID, OrderKey: key}); err != nil {
				return "", err
			}
			held -= fromHeld
		}
		if rest := back - fromHeld; rest > 0 {
			if _, err := tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccOwed, To: AccCommissionExpense,
				Amount: rest, Kind: KindRefund, Date: date, Reference: o.OrderID, Comment: "clawback of released commission", OrderKey: key}); err != nil {
				return "", err
			}
		}
	}
	if !isNew {
		if _, err := tx.exec(`UPDATE orders SET base = ?, commission = ?, held = ? WHERE id = ?`, o.Base, commission, held, key); err != nil {
			return "", err
		}
	}
	if db := o.Base - oldBase; db != 0 {
		if _, err := tx.exec(`UPDATE deals SET revenue = revenue + ? WHERE id = ?`, db, d.ID); err != nil {
			return "", err
		}
		res.Revenue[d.Currency] += db
	}
	res.Commission[d.Currency] += delta
	return "", nil
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
