package ledger

import (
	"container/heap"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// pendingOrder is an order whose row is not written yet.
type pendingOrder struct {
	key                    int64
	deal                   int64
	source, orderID        string
	paidDate, releaseOn    string
	base, commission, held int64
	stored                 bool // the row exists already (loaded from the file)
	index                  int  // in the queue
}

// releaseQueue orders pending orders by release date, then key.
type releaseQueue []*pendingOrder

func (q releaseQueue) Len() int { return len(q) }

func (q releaseQueue) Less(i, j int) bool {
	if q[i].releaseOn != q[j].releaseOn {
		return q[i].releaseOn < q[j].releaseOn
	}
	return q[i].key < q[j].key
}

func (q releaseQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i]; q[i].index = i; q[j].index = j }

func (q *releaseQueue) Push(x any) {
	o := x.(*pendingOrder)
	o.index = len(*q)
	*q = append(*q, o)
}

func (q *releaseQueue) Pop() any {
	old := *q
	o := old[len(old)-1]
	*q = old[:len(old)-1]
	o.index = -1
	return o
}

// Order posts the commission of an order seen for the first time (commission
// expense -> held, dated on its paid date) and returns its key. Unlike
// ImportOrders it takes new orders only: an order imported before makes the
// load fail with a conflict.
func (b *Bulk) Order(source string, o OrderInput) (int64, error) {
	o.OrderID = strings.TrimSpace(o.OrderID)
	if o.OrderID == "" || strings.TrimSpace(source) == "" {
		return 0, Errorf(EINVALID, "order source and ID required")
	}
	if o.Base < 0 {
		return 0, Errorf(EINVALID, "order %s: negative order amount", o.OrderID)
	}
	paid, err := time.Parse(DateLayout, o.PaidDate)
	if err != nil {
		return 0, Errorf(EINVALID, "order %s: invalid paid date %q", o.OrderID, o.PaidDate)
	}
	d, err := b.tx.journal().deal(o.DealID)
	if err != nil {
		return 0, err
	}
	if !strings.EqualFold(o.Currency, d.Currency) {
		return 0, Errorf(EINVALID, "order %s: currency %s differs from the deal's %s", o.OrderID, o.Currency, d.Currency)
	}
	commission, err := d.Rule.Commission(o.Base)
	if err != nil {
		return 0, Errorf(EINVALID, "order %s: amount too large", o.OrderID)
	}
	p := &pendingOrder{key: b.nextOrder, deal: d.ID, source: source, orderID: o.OrderID, paidDate: o.PaidDate,
		releaseOn: paid.AddDate(0, 0, d.HoldDays).Format(DateLayout), base: o.Base, commission: commission, held: commission}
	b.nextOrder++
	if commission > 0 {
		if err := b.tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccCommissionExpense, To: AccHeld,
			Amount: commission, Kind: KindCommission, Date: o.PaidDate, Reference: o.OrderID, OrderKey: p.key}); err != nil {
			return 0, err
		}
	}
	if err := b.tx.journal().addRevenue(d, o.Base); err != nil {
		return 0, err
	}
	if p.held == 0 {
		// Nothing on hold: the row is final now.
		return p.key, b.writeOrder(p)
	}
	b.pending[p.key] = p
	heap.Push(&b.queue, p)
	return p.key, nil
}

// Refund changes the base of an order posted before (a later export after a
// refund or a cancellation: zero) and posts the difference as ImportOrders
// does: a decrease out of held first, then out of owed (a clawback).
func (b *Bulk) Refund(key, base int64) error {
	p, ok := b.pending[key]
	if !ok {
		if err := b.writeOrders(); err != nil {
			return err
		}
		p = &pendingOrder{key: key, stored: true}
		err := b.tx.queryRow(`SELECT deal_id, source, order_id, paid_date, release_on, base, commission, held FROM orders WHERE id = ?`, key).
			Scan(&p.deal, &p.source, &p.orderID, &p.paidDate, &p.releaseOn, &p.base, &p.commission, &p.held)
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(ENOTFOUND, "order %d not found", key)
		} else if err != nil {
			return fmt.Errorf("bulk: read order: %w", err)
		}
	}
	if base < 0 {
		return Errorf(EINVALID, "order %s: negative order amount", p.orderID)
	}
	d, err := b.tx.journal().deal(p.deal)
	if err != nil {
		return err
	}
	commission, err := d.Rule.Commission(base)
	if err != nil {
		return Errorf(EINVALID, "order %s: amount too large", p.orderID)
	}
	legs, n := commissionLegs(commission-p.commission, p.held)
	for _, l := range legs[:n] {
		if err := b.tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: l.from, To: l.to,
			Amount: l.amount, Kind: l.kind, Reference: p.orderID, Comment: l.comment, OrderKey: key}); err != nil {
			return err
		}
		if l.to == AccHeld {
			p.held += l.amount
		} else if l.from == AccHeld {
			p.held -= l.amount
		}
	}
	if err := b.tx.journal().addRevenue(d, base-p.base); err != nil {
		return err
	}
	p.base, p.commission = base, commission
	if !ok {
		_, err := b.tx.exec(`UPDATE orders SET base = ?, commission = ?, held = ? WHERE id = ?`, p.base, p.commission, p.held, key)
		return wrap(err, "bulk: update order")
	}
	return nil
}

// Release moves the commissions whose hold has run out by the clock's day
// from held to owed, and returns how many orders were released.
func (b *Bulk) Release() (int, error) {
	today := b.tx.today()
	n := 0
	for len(b.queue) > 0 && b.queue[0].releaseOn <= today {
		p := heap.Pop(&b.queue).(*pendingOrder)
		delete(b.pending, p.key)
		if p.held > 0 {
			d, err := b.tx.journal().deal(p.deal)
			if err != nil {
				return n, err
			}
			if err := b.tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccHeld, To: AccOwed, Amount: p.held,
				Kind: KindRelease, Reference: p.orderID, OrderKey: p.key}); err != nil {
				return n, err
			}
			p.held = 0
			n++
		}
		if err := b.writeOrder(p); err != nil {
			return n, err
		}
	}
	return n, nil
}

func (b *Bulk) writeOrder(p *pendingOrder) error {
	if p.stored {
		_, err := b.tx.exec(`UPDATE orders SET base = ?, commission = ?, held = ? WHERE id = ?`, p.base, p.commission, p.held, p.key)
		return wrap(err, "bulk: update order")
	}
	b.orderRows = append(b.orderRows, p.key, p.source, p.orderID, p.deal, p.paidDate, p.releaseOn, p.base, p.commission, p.held)
	p.stored = true
	if len(b.orderRows) == journalBatch*orderCols {
		return b.writeOrders()
	}
	return nil
}

// orderCols is the number of columns of an orders row the builder writes.
const orderCols = 9

// orderInsert returns the INSERT of n orders.
func orderInsert(n int) string {
	return `INSERT INTO orders (id, source, order_id, deal_id, paid_date, release_on, base, commission, held) VALUES ` +
		rowsOf(n, orderCols)
}

// writeOrders inserts the order rows written and not yet inserted.
func (b *Bulk) writeOrders() error {
	if len(b.orderRows) == 0 {
		return nil
	}
	n := len(b.orderRows) / orderCols
	q := orderBatchInsert
	if n != journalBatch {
		q = orderInsert(n)
	}
	_, err := b.tx.exec(q, b.orderRows...)
	b.orderRows = b.orderRows[:0]
	if isUnique(err) {
		return Errorf(ECONFLICT, "an order of this load was imported before (same source and order ID)")
	}
	return wrap(err, "bulk: write orders")
}

var orderBatchInsert = orderInsert(journalBatch)

// flush writes the orders the load kept in memory; the journal writes the
// rest when the operation ends.
func (b *Bulk) flush() error {
	for _, p := range b.queue {
		if err := b.writeOrder(p); err != nil {
			return err
		}
	}
	return b.writeOrders()
}
