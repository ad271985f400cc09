package ledger

import (
	"container/heap"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Bulk loads a large program (creators, deals, a million orders and what
// follows them) as one operation: one SQLite transaction, prepared
// statements, and the deals' cached balances, the brand balances and each
// transfer's remaining balance kept in memory and written once at the end
// instead of updated row by row. It posts the same transfers, with the same
// floors and rules, as the per-operation methods do, so the ledger it leaves
// passes Check. It exists for the generator of large programs and for
// benchmarks: the application's own operations go through Store's methods.
//
// Orders are held in memory while their commission is on hold and written
// when the hold runs out or the load ends, so memory grows with the orders
// inside their hold window, not with all orders. Transfers are written in
// batches; nothing a Bulk method reads depends on one not yet written.
type Bulk struct {
	tx        *Tx
	deals     map[int64]*bulkDeal
	brand     map[[2]string]int64
	pending   map[int64]*pendingOrder
	queue     releaseQueue
	reqPosted map[int64]int64  // request ID -> its request transfer, for cancels
	reqDate   map[int64]string // request ID -> its date, for payments
	nextOrder int64
	transfers int64

	nextTransfer     int64  // the ID of the next transfer posted
	rows             []any  // transfers posted, not yet inserted
	batchInsert      string // the INSERT of a full batch of transfers
	orderRows        []any  // order rows written, not yet inserted
	orderBatchInsert string // the INSERT of a full batch of orders
}

type bulkDeal struct {
	dealRow
	touched bool
}

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

// BulkResult sums up a bulk load.
type BulkResult struct {
	Transfers int64 // transfers posted
}

// Bulk runs fn as one operation over a Bulk loader and writes the balances
// it kept in memory before committing. Any error leaves the ledger as it
// was. The same opID replays as a no-op, as for every operation.
func (s *Store) Bulk(ctx context.Context, opID string, fn func(b *Bulk) error) (BulkResult, error) {
	var res BulkResult
	_, err := s.do(ctx, opID, "bulk.load", "bulk", func(tx *Tx) (int64, error) {
		b, err := newBulk(tx)
		if err != nil {
			return 0, err
		}
		if err := fn(b); err != nil {
			return 0, err
		}
		if err := b.flush(); err != nil {
			return 0, err
		}
		res.Transfers = b.transfers
		return b.transfers, nil
	})
	return res, err
}

// newBulk reads what the load must keep in memory: every deal's balances and
// the orders still on hold.
func newBulk(tx *Tx) (*Bulk, error) {
	b := &Bulk{tx: tx, deals: map[int64]*bulkDeal{}, brand: map[[2]string]int64{}, pending: map[int64]*pendingOrder{},
		reqPosted: map[int64]int64{}, reqDate: map[int64]string{}}
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, currency, rule_kind, rule_value, hold_days, creator_id,
		scheduled, held, owed, requested, paid, commission, fees, bonuses, revenue FROM deals`)
	if err != nil {
		return nil, fmt.Errorf("bulk: read deals: %w", err)
	}
	for rows.Next() {
		d := &bulkDeal{}
		if err := rows.Scan(&d.ID, &d.Currency, &d.Rule.Kind, &d.Rule.Value, &d.HoldDays, &d.CreatorID,
			&d.Scheduled, &d.Held, &d.Owed, &d.Requested, &d.Paid, &d.Commission, &d.Fees, &d.Bonuses, &d.Revenue); err != nil {
			rows.Close()
			return nil, fmt.Errorf("bulk: read deals: %w", err)
		}
		b.deals[d.ID] = d
	}
	rows.Close()
	rows, err = tx.QueryContext(tx.ctx, `SELECT id, deal_id, source, order_id, paid_date, release_on, base, commission, held FROM orders WHERE held > 0`)
	if err != nil {
		return nil, fmt.Errorf("bulk: read held orders: %w", err)
	}
	for rows.Next() {
		o := &pendingOrder{stored: true}
		if err := rows.Scan(&o.key, &o.deal, &o.source, &o.orderID, &o.paidDate, &o.releaseOn, &o.base, &o.commission, &o.held); err != nil {
			rows.Close()
			return nil, fmt.Errorf("bulk: read held orders: %w", err)
		}
		b.pending[o.key] = o
		heap.Push(&b.queue, o)
	}
	rows.Close()
	if err := tx.queryRow(`SELECT coalesce(max(id), 0) + 1 FROM orders`).Scan(&b.nextOrder); err != nil {
		return nil, fmt.Errorf("bulk: next order: %w", err)
	}
	if err := tx.queryRow(`SELECT coalesce(max(id), 0) + 1 FROM transfers`).Scan(&b.nextTransfer); err != nil {
		return nil, fmt.Errorf("bulk: next transfer: %w", err)
	}
	b.batchInsert = transferInsert(rowBatch)
	b.orderBatchInsert = orderInsert(rowBatch)
	tx.bulk = b // the operations' rules, run in this transaction, post through b
	return b, nil
}

// SetClock sets the time recorded for what follows, so a generated program
// can be written as if it happened day by day. Today (for release dates and
// effective dates left empty) is this time's UTC day.
func (b *Bulk) SetClock(t time.Time) { b.tx.now = t.UTC() }

// Transfers returns how many transfers the load has posted so far.
func (b *Bulk) Transfers() int64 { return b.transfers }

// AddCreator adds a creator and returns its ID.
func (b *Bulk) AddCreator(in CreatorInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	res, err := b.tx.exec(`INSERT INTO creators (name, name_key, email, handle, notes, payout_details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		in.Name, nameKey(in.Name), in.Email, in.Handle, in.Notes, in.PayoutDetails, ms(b.tx.now))
	if isUnique(err) {
		return 0, Errorf(ECONFLICT, "a creator named %q already exists", in.Name)
	} else if err != nil {
		return 0, fmt.Errorf("bulk: add creator: %w", err)
	}
	return res.LastInsertId()
}

// AddCampaign adds a campaign and returns its ID.
func (b *Bulk) AddCampaign(in CampaignInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	res, err := b.tx.exec(`INSERT INTO campaigns (name, name_key, notes, created_at) VALUES (?, ?, ?, ?)`, in.Name, nameKey(in.Name), in.Notes, ms(b.tx.now))
	if isUnique(err) {
		return 0, Errorf(ECONFLICT, "a campaign named %q already exists", in.Name)
	} else if err != nil {
		return 0, fmt.Errorf("bulk: add campaign: %w", err)
	}
	return res.LastInsertId()
}

// AddDeal adds a deal with its discount codes and returns its ID.
func (b *Bulk) AddDeal(in DealInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	res, err := b.tx.exec(`INSERT INTO deals (creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		in.CreatorID, in.CampaignID, in.Currency, in.Rule.Kind, in.Rule.Value, in.HoldDays, ms(b.tx.now))
	if isUnique(err) {
		return 0, Errorf(ECONFLICT, "this creator already has a %s deal in this campaign", in.Currency)
	} else if err != nil {
		return 0, fmt.Errorf("bulk: add deal: %w", err)
	}
	id, _ := res.LastInsertId()
	for _, c := range in.Codes {
		if _, err := b.tx.exec(`INSERT INTO deal_codes (code, deal_id) VALUES (?, ?)`, c, id); isUnique(err) {
			return 0, Errorf(ECONFLICT, "discount code %s already belongs to another deal", c)
		} else if err != nil {
			return 0, fmt.Errorf("bulk: add code: %w", err)
		}
	}
	d := &bulkDeal{dealRow: dealRow{ID: id, Currency: in.Currency, Rule: in.Rule, HoldDays: in.HoldDays, CreatorID: in.CreatorID}}
	b.deals[id] = d
	return id, nil
}

func (b *Bulk) deal(id int64) (*bulkDeal, error) {
	d, ok := b.deals[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "deal %d not found", id)
	}
	return d, nil
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
	d, err := b.deal(o.DealID)
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
		if _, err := b.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccCommissionExpense, To: AccHeld,
			Amount: commission, Kind: KindCommission, Date: o.PaidDate, Reference: o.OrderID, OrderKey: p.key}); err != nil {
			return 0, err
		}
	}
	d.Revenue += o.Base
	d.touched = true
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
	d, err := b.deal(p.deal)
	if err != nil {
		return err
	}
	commission, err := d.Rule.Commission(base)
	if err != nil {
		return Errorf(EINVALID, "order %s: amount too large", p.orderID)
	}
	legs, n := commissionLegs(commission-p.commission, p.held)
	for _, l := range legs[:n] {
		if _, err := b.post(transfer{DealID: d.ID, Currency: d.Currency, From: l.from, To: l.to,
			Amount: l.amount, Kind: l.kind, Reference: p.orderID, Comment: l.comment, OrderKey: key}); err != nil {
			return err
		}
		if l.to == AccHeld {
			p.held += l.amount
		} else if l.from == AccHeld {
			p.held -= l.amount
		}
	}
	d.Revenue += base - p.base
	d.touched = true
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
			d, err := b.deal(p.deal)
			if err != nil {
				return n, err
			}
			if _, err := b.post(transfer{DealID: d.ID, Currency: d.Currency, From: AccHeld, To: AccOwed, Amount: p.held,
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
	if len(b.orderRows) == rowBatch*orderCols {
		return b.writeOrders()
	}
	return nil
}

// orderCols is the number of columns of an orders row.
const orderCols = 9

// orderInsert returns the INSERT of n orders.
func orderInsert(n int) string {
	row := "(?" + strings.Repeat(", ?", orderCols-1) + ")"
	return `INSERT INTO orders (id, source, order_id, deal_id, paid_date, release_on, base, commission, held) VALUES ` +
		row + strings.Repeat(", "+row, n-1)
}

// writeOrders inserts the order rows written and not yet inserted.
func (b *Bulk) writeOrders() error {
	if len(b.orderRows) == 0 {
		return nil
	}
	n := len(b.orderRows) / orderCols
	q := b.orderBatchInsert
	if n != rowBatch {
		q = orderInsert(n)
	}
	_, err := b.tx.exec(q, b.orderRows...)
	b.orderRows = b.orderRows[:0]
	if isUnique(err) {
		return Errorf(ECONFLICT, "an order of this load was imported before (same source and order ID)")
	}
	return wrap(err, "bulk: write orders")
}

// AddFee agrees a fixed fee (and with Confirm confirms it) as Store.AddFee
// does, and returns the fee's ID.
func (b *Bulk) AddFee(in FeeInput) (int64, error) { return b.tx.addFee(in) }

// ConfirmFee confirms a scheduled fee (scheduled -> owed).
func (b *Bulk) ConfirmFee(feeID int64) error { return b.tx.confirmFee(feeID) }

// AddBonus pays a deal an extra amount (bonus expense -> owed).
func (b *Bulk) AddBonus(in BonusInput) (int64, error) { return b.tx.addBonus(in) }

// Owed returns what a deal is owed now, as the load has it.
func (b *Bulk) Owed(dealID int64) int64 {
	if d, ok := b.deals[dealID]; ok {
		return d.Owed
	}
	return 0
}

// RequestPayout queues a payout (owed -> requested) as Store.RequestPayout
// does, refusing more than is owed, and returns the request's ID.
func (b *Bulk) RequestPayout(in RequestInput) (int64, error) { return b.tx.requestPayout(in) }

// PayOffline records an offline payment of a request (requested -> offline
// cash) as Store.PayOffline does; a reference pays once.
func (b *Bulk) PayOffline(in PayInput) error {
	if err := in.normalize(); err != nil {
		return err
	}
	return b.tx.payOffline(in)
}

// CancelRequest takes a request out of the queue (requested -> owed).
func (b *Bulk) CancelRequest(requestID int64, comment string) error {
	return b.tx.cancelRequest(requestID, comment)
}

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

// account returns the balance of d that an account changes and the sign of
// the change when money flows into that account: a deal account grows, an
// expense account's derived total (commission, fees, bonuses) shrinks, cash
// (paid) grows.
func (d *bulkDeal) account(acc string) (*int64, int64) {
	switch acc {
	case AccScheduled:
		return &d.Scheduled, 1
	case AccHeld:
		return &d.Held, 1
	case AccOwed:
		return &d.Owed, 1
	case AccRequested:
		return &d.Requested, 1
	case AccCommissionExpense:
		return &d.Commission, -1
	case AccFeeExpense:
		return &d.Fees, -1
	case AccBonusExpense:
		return &d.Bonuses, -1
	case AccStripeCash, AccOfflineCash:
		return &d.Paid, 1
	}
	return nil, 0
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
	from, fromSign := d.account(t.From)
	to, toSign := d.account(t.To)
	if from == nil || to == nil || !FlowAllowed(t.Kind, t.From, t.To) {
		return 0, Errorf(EINTERNAL, "post %s: bad accounts %s -> %s", t.Kind, t.From, t.To)
	}
	*from -= fromSign * t.Amount
	*to += toSign * t.Amount
	if d.Scheduled < 0 || d.Held < 0 || d.Requested < 0 {
		*from += fromSign * t.Amount
		*to -= toSign * t.Amount
		return 0, Errorf(EINTERNAL, "post %s: deal %d would go below zero on %s", t.Kind, t.DealID, t.From)
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
		if _, err := b.tx.exec(`UPDATE deals SET scheduled = ?, held = ?, owed = ?, requested = ?, paid = ?, commission = ?, fees = ?, bonuses = ?, revenue = ? WHERE id = ?`,
			d.Scheduled, d.Held, d.Owed, d.Requested, d.Paid, d.Commission, d.Fees, d.Bonuses, d.Revenue, d.ID); err != nil {
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
