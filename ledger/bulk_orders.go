package ledger

import "strings"

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
	// Not resolved: an order already in the file makes the load fail when
	// its row is written, so the load keeps only orders on hold in memory.
	k, _, err := b.tx.orders().apply(source, o, d, o.Base, commission, false)
	if err != nil {
		return 0, err
	}
	return k.key, nil
}

// Refund changes the base of an order posted before (a later export after a
// refund or a cancellation: zero) and posts the difference as ImportOrders
// does: a decrease out of held first, then out of owed (a clawback).
func (b *Bulk) Refund(key, base int64) error {
	k, err := b.tx.orders().byKeyOrRead(key)
	if err != nil {
		return err
	}
	if base < 0 {
		return Errorf(EINVALID, "order %s: negative order amount", k.orderID)
	}
	d, err := b.tx.journal().deal(k.deal)
	if err != nil {
		return err
	}
	commission, err := d.Rule.Commission(base)
	if err != nil {
		return Errorf(EINVALID, "order %s: amount too large", k.orderID)
	}
	return b.tx.orders().change(k, d, base, commission, b.tx.today())
}

// Release moves the commissions whose hold has run out by the clock's day
// from held to owed, and returns how many orders were released.
func (b *Bulk) Release() (int, error) { return b.tx.orders().releaseDue(b.tx.today()) }
