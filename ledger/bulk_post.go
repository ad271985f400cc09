package ledger

import (
	"fmt"
	"strings"
)

// linked finds the transfer a reversal points at without a query when the
// load posted it (an open request's request transfer); otherwise it writes
// the transfers still queued, so that Tx.firstTransfer's query sees them.
func (b *Bulk) linked(column string, id int64, kind string) (int64, bool, error) {
	if column == "request_id" && kind == KindRequest {
		if t, ok := b.reqPosted[id]; ok {
			return t, true, nil
		}
	}
	if err := b.writeTransfers(); err != nil {
		return 0, false, fmt.Errorf("bulk: %w", err)
	}
	return 0, false, nil
}

// post is the in-memory twin of Tx.post: it applies the transfer to the
// deal's balances held in memory, refuses what would take scheduled, held or
// requested below zero (the deals table's CHECK constraints, which only see
// the final figures here), and inserts the transfer with its remaining
// balance.
func (b *Bulk) post(t transfer) (int64, error) {
	if t.Amount <= 0 {
		return 0, Errorf(EINTERNAL, "post %s: amount %d is not positive", t.Kind, t.Amount)
	}
	d, ok := b.deals[t.DealID]
	if !ok || d.Currency != t.Currency {
		return 0, Errorf(EINTERNAL, "post %s: deal %d in %s not found", t.Kind, t.DealID, t.Currency)
	}
	if !FlowAllowed(t.Kind, t.From, t.To) {
		return 0, Errorf(EINTERNAL, "post %s: bad accounts %s -> %s", t.Kind, t.From, t.To)
	}
	before := d.Balances
	if err := d.move(t.From, t.To, t.Amount); err != nil {
		return 0, err
	}
	if acc := d.belowFloor(); acc != "" {
		d.Balances = before
		return 0, Errorf(EINTERNAL, "post %s: deal %d would go below zero on %s", t.Kind, t.DealID, acc)
	}
	d.touched = true
	if !IsDealAccount(t.From) {
		b.brand[[2]string{t.From, t.Currency}] -= t.Amount
	}
	if !IsDealAccount(t.To) {
		b.brand[[2]string{t.To, t.Currency}] += t.Amount
	}
	date := t.Date
	if date == "" {
		date = b.tx.today()
	}
	tx := b.tx
	id := b.nextTransfer
	b.nextTransfer++
	b.rows = append(b.rows, id, t.DealID, t.Currency, t.From, t.To, t.Amount, t.Kind, date, ms(tx.now),
		tx.operator, tx.opID, t.Method, t.Reference, t.Comment, nullID(t.Reverses), nullID(t.FeeID), nullID(t.RequestID), nullID(t.OrderKey), d.Remaining())
	b.transfers++
	switch t.Kind {
	case KindRequest:
		b.reqPosted[t.RequestID] = id // for a cancel, without a query
		b.reqDate[t.RequestID] = date // for a payment
	case KindPaid, KindRequestCancel:
		delete(b.reqPosted, t.RequestID)
		delete(b.reqDate, t.RequestID)
	}
	if len(b.rows) == rowBatch*transferCols {
		if err := b.writeTransfers(); err != nil {
			return 0, fmt.Errorf("post %s: %w", t.Kind, err)
		}
	}
	return id, nil
}

// Transfers and orders are inserted rowBatch rows per statement: the
// per-statement cost of database/sql and the driver is paid once per batch,
// not per row.
const (
	rowBatch     = 64
	transferCols = 19
)

// transferInsert returns the INSERT of n transfers.
func transferInsert(n int) string {
	row := "(?" + strings.Repeat(", ?", transferCols-1) + ")"
	return `INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at,
		operator, op_id, method, reference, comment, reverses, fee_id, request_id, order_key, remaining_after) VALUES ` +
		row + strings.Repeat(", "+row, n-1)
}

// writeTransfers inserts the transfers posted and not yet written. Their IDs
// were given in order, so the file holds what one insert each would have.
func (b *Bulk) writeTransfers() error {
	if len(b.rows) == 0 {
		return nil
	}
	n := len(b.rows) / transferCols
	q := b.batchInsert
	if n != rowBatch {
		q = transferInsert(n)
	}
	_, err := b.tx.exec(q, b.rows...)
	b.rows = b.rows[:0]
	if err != nil {
		return fmt.Errorf("insert transfers: %w", err)
	}
	return nil
}

// flush writes what the load kept in memory: the orders still on hold, the
// balances of every deal it touched and the brand balances.
func (b *Bulk) flush() error {
	if err := b.writeTransfers(); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	for _, p := range b.queue {
		if err := b.writeOrder(p); err != nil {
			return err
		}
	}
	if err := b.writeOrders(); err != nil {
		return err
	}
	for _, d := range b.deals {
		if !d.touched {
			continue
		}
		if _, err := b.tx.exec(dealUpdate(), dealUpdateArgs(d.ID, &d.Balances)...); err != nil {
			return fmt.Errorf("bulk: write deal %d: %w", d.ID, err)
		}
	}
	for k, v := range b.brand {
		if _, err := b.tx.exec(`INSERT INTO brand_accounts (kind, currency, balance) VALUES (?1, ?2, ?3)
			ON CONFLICT (kind, currency) DO UPDATE SET balance = balance + excluded.balance`, k[0], k[1], v); err != nil {
			return fmt.Errorf("bulk: brand balance: %w", err)
		}
	}
	return nil
}
