package ledger

import (
	"fmt"
	"strings"
)

// orderImport posts one import's orders inside its transaction. post writes
// five statements per transfer (deal balances, two brand accounts, the
// transfer, RETURNING the remaining balance); for a million-row export that
// is most of the time. Here instead, inside the same transaction:
//
//   - the source's known orders are read once into a map;
//   - each touched deal's balances are kept in memory and written once at
//     the end, and the brand's commission expense is summed per currency
//     and written once;
//   - orders and transfers are written by multi-row INSERTs of a few
//     hundred rows, with their running remaining balance computed here;
//   - an order of the import whose hold has already run out is released
//     right away, instead of by a second pass.
//
// The rules are post's (same accounts, same signs, same remaining_after),
// and Check recomputes all of it from the transfers, as for any operation.
type orderImport struct {
	tx     *Tx
	source string
	today  string
	res    *ImportResult

	deals   map[int64]*importDeal
	known   map[string]*knownOrder
	nextKey int64            // next orders.id
	expense map[string]int64 // commission expense change per currency
	orders  []*knownOrder    // new orders not yet written
	xfers   []importTransfer // transfers not yet written
	updates []*knownOrder    // written orders whose figures changed
	// overflow is set when a running total would not fit in an int64: the
	// import then fails whole in finish, since a wrapped total would be
	// written as a valid but wrong integer.
	overflow bool
}

// sum adds v to *p, noting an overflow instead of wrapping.
func (imp *orderImport) sum(p *int64, v int64) {
	s, err := addChecked(*p, v)
	if err != nil {
		imp.overflow = true
	}
	*p = s
}

// sumIn adds v to m[key], noting an overflow instead of wrapping.
func (imp *orderImport) sumIn(m map[string]int64, key string, v int64) {
	t := m[key]
	imp.sum(&t, v)
	m[key] = t
}

type importDeal struct {
	dealRow
	missing bool // no such deal
	touched bool
}

// knownOrder is an order of the source: its row in orders.
type knownOrder struct {
	key, deal              int64
	orderID                string
	paidDate, releaseOn    string
	base, commission, held int64
	written, dirty         bool
}

type importTransfer struct {
	deal      int64
	currency  string
	from, to  string
	amount    int64
	kind      string
	date      string
	reference string
	comment   string
	orderKey  int64
	remaining int64
}

// importBatch is how many rows one INSERT writes: large enough that the
// per-statement cost vanishes, small enough to stay far below SQLite's
// 32766 bound variables (14 per transfer).
const importBatch = 256

func (tx *Tx) newOrderImport(source string, res *ImportResult) (*orderImport, error) {
	imp := &orderImport{tx: tx, source: source, today: tx.today(), res: res,
		deals: map[int64]*importDeal{}, known: map[string]*knownOrder{}, expense: map[string]int64{}}
	// A statement that writes many rows and may stop halfway on a failed
	// constraint keeps a statement journal to undo just its own rows: here
	// a temporary file written page by page, the largest cost of a big
	// import after the B-trees. Nothing needs that partial undo, since any
	// failure rolls the whole operation back; so the INSERTs are OR FAIL
	// and foreign keys are checked at commit, which drops the journal.
	// (defer_foreign_keys switches itself off at the end of the transaction.)
	if _, err := tx.ExecContext(tx.ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return nil, fmt.Errorf("defer foreign keys: %w", err)
	}
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, order_id, deal_id, paid_date, release_on, base, commission, held FROM orders WHERE source = ?`, source)
	if err != nil {
		return nil, fmt.Errorf("read known orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o := &knownOrder{written: true}
		if err := rows.Scan(&o.key, &o.orderID, &o.deal, &o.paidDate, &o.releaseOn, &o.base, &o.commission, &o.held); err != nil {
			return nil, fmt.Errorf("read known orders: %w", err)
		}
		imp.known[o.orderID] = o
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read known orders: %w", err)
	}
	if err := tx.queryRow(`SELECT coalesce(max(id), 0) + 1 FROM orders`).Scan(&imp.nextKey); err != nil {
		return nil, fmt.Errorf("read order keys: %w", err)
	}
	return imp, nil
}

func (imp *orderImport) deal(id int64) (*importDeal, error) {
	if d, ok := imp.deals[id]; ok {
		return d, nil
	}
	row, err := imp.tx.deal(id)
	d := &importDeal{dealRow: row}
	if ErrorCode(err) == ENOTFOUND {
		d.missing = true
	} else if err != nil {
		return nil, err
	}
	imp.deals[id] = d
	return d, nil
}

// add posts one order. It returns a reason when the order is rejected and an
// error only when the transaction itself failed.
func (imp *orderImport) add(o OrderInput) (string, error) {
	o.OrderID = strings.TrimSpace(o.OrderID)
	if o.OrderID == "" {
		return "missing order id", nil
	}
	if o.Base < 0 {
		return "negative order amount", nil
	}
	if o.Base > MaxAmount {
		return "order amount too large (at most 10^15 minor units)", nil
	}
	paid, ok := validDate(o.PaidDate)
	if !ok {
		return fmt.Sprintf("invalid paid date %q", o.PaidDate), nil
	}
	d, err := imp.deal(o.DealID)
	if err != nil {
		return "", err
	}
	if d.missing {
		return fmt.Sprintf("deal %d not found", o.DealID), nil
	}
	if !strings.EqualFold(o.Currency, d.Currency) {
		return fmt.Sprintf("order currency %s differs from the deal's %s", o.Currency, d.Currency), nil
	}
	commission, err := d.Rule.Commission(o.Base)
	if err != nil {
		return "order amount too large", nil
	}

	k, seen := imp.known[o.OrderID]
	var oldBase, oldCommission int64
	date := o.PaidDate
	switch {
	case !seen:
		k = &knownOrder{key: imp.nextKey, deal: d.ID, orderID: o.OrderID, paidDate: o.PaidDate,
			releaseOn: paid.AddDate(0, 0, d.HoldDays).Format(DateLayout)}
		imp.nextKey++
		imp.known[o.OrderID] = k
		imp.orders = append(imp.orders, k)
		imp.res.New++
	case k.deal != d.ID:
		return fmt.Sprintf("order was imported before for deal %d", k.deal), nil
	case k.base == o.Base && k.commission == commission:
		imp.res.Unchanged++
		return "", nil
	default:
		oldBase, oldCommission = k.base, k.commission
		date = imp.today // a change to a known order happens now, not on its paid date
		imp.res.Updated++
		if k.written && !k.dirty {
			k.dirty = true
			imp.updates = append(imp.updates, k)
		}
	}
	k.base, k.commission = o.Base, commission
	d.touched = true

	legs, n := commissionLegs(commission-oldCommission, k.held)
	for _, l := range legs[:n] {
		imp.transfer(d, k, l.from, l.to, l.amount, l.kind, date, l.comment)
	}
	if k.held > 0 && k.releaseOn <= imp.today {
		imp.transfer(d, k, AccHeld, AccOwed, k.held, KindRelease, imp.today, "")
		imp.res.Released++
	}
	if db := o.Base - oldBase; db != 0 {
		imp.sum(&d.Revenue, db)
		imp.sumIn(imp.res.Revenue, d.Currency, db)
	}
	if delta := commission - oldCommission; delta != 0 {
		imp.sumIn(imp.res.Commission, d.Currency, delta)
	}
	if len(imp.xfers) >= importBatch || len(imp.orders) >= importBatch {
		return "", imp.flush(false)
	}
	return "", nil
}

// transfer applies one transfer to the in-memory balances of the deal, the
// order and the brand, and queues it. Signs are post's: commission expense
// -> held is commission earned; held or owed -> expense is a refund.
func (imp *orderImport) transfer(d *importDeal, k *knownOrder, from, to string, amount int64, kind, date, comment string) {
	for _, side := range []struct {
		acc  string
		sign int64
	}{{from, -1}, {to, 1}} {
		switch side.acc {
		case AccHeld:
			imp.sum(&d.Held, side.sign*amount)
			imp.sum(&k.held, side.sign*amount)
		case AccOwed:
			imp.sum(&d.Owed, side.sign*amount)
		case AccCommissionExpense:
			imp.sum(&d.Commission, -side.sign*amount)
			imp.sumIn(imp.expense, d.Currency, side.sign*amount)
		}
	}
	imp.xfers = append(imp.xfers, importTransfer{deal: d.ID, currency: d.Currency, from: from, to: to, amount: amount,
		kind: kind, date: date, reference: k.orderID, comment: comment, orderKey: k.key, remaining: d.Remaining()})
}

// flush writes the queued orders and transfers; all writes them to the last
// row, else only whole batches are written.
func (imp *orderImport) flush(all bool) error {
	for len(imp.orders) >= importBatch || (all && len(imp.orders) > 0) {
		n := min(len(imp.orders), importBatch)
		if err := imp.insertOrders(imp.orders[:n]); err != nil {
			return err
		}
		imp.orders = imp.orders[n:]
	}
	for len(imp.xfers) >= importBatch || (all && len(imp.xfers) > 0) {
		n := min(len(imp.xfers), importBatch)
		if err := imp.insertTransfers(imp.xfers[:n]); err != nil {
			return err
		}
		imp.xfers = imp.xfers[n:]
	}
	if len(imp.orders) == 0 {
		imp.orders = nil // let the written ones go
	}
	if len(imp.xfers) == 0 {
		imp.xfers = imp.xfers[:0:0]
	}
	return nil
}

func (imp *orderImport) insertOrders(batch []*knownOrder) error {
	var q strings.Builder
	q.WriteString(`INSERT OR FAIL INTO orders (source, id, order_id, deal_id, paid_date, release_on, base, commission, held) VALUES `)
	args := make([]any, 0, 9*len(batch))
	for i, o := range batch {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(placeholders(9))
		args = append(args, imp.source, o.key, o.orderID, o.deal, o.paidDate, o.releaseOn, o.base, o.commission, o.held)
		o.written = true
	}
	if _, err := imp.tx.exec(q.String(), args...); err != nil {
		return fmt.Errorf("insert orders: %w", err)
	}
	return nil
}

func (imp *orderImport) insertTransfers(batch []importTransfer) error {
	var q strings.Builder
	q.WriteString(`INSERT OR FAIL INTO transfers (at, operator, op_id, deal_id, currency, from_account, to_account, amount, kind, date,
		reference, comment, order_key, remaining_after) VALUES `)
	args := make([]any, 0, 14*len(batch))
	at := ms(imp.tx.now)
	for i, t := range batch {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(placeholders(14))
		args = append(args, at, imp.tx.operator, imp.tx.opID, t.deal, t.currency, t.from, t.to, t.amount, t.kind, t.date, t.reference, t.comment, t.orderKey, t.remaining)
	}
	if _, err := imp.tx.exec(q.String(), args...); err != nil {
		return fmt.Errorf("insert transfers: %w", err)
	}
	return nil
}

// placeholders writes one row of a multi-row INSERT. The parameters are
// anonymous: the driver looks a numbered one up by name, in time growing
// with the number of parameters.
func placeholders(n int) string {
	return "(" + strings.Repeat("?,", n-1) + "?)"
}

// finish writes what is still queued, the changed known orders, each touched
// deal's balances and the brand's commission expense.
func (imp *orderImport) finish() error {
	if imp.overflow {
		return Errorf(EINVALID, "amount too large: the import's totals would overflow; nothing was imported")
	}
	if err := imp.flush(true); err != nil {
		return err
	}
	for _, k := range imp.updates {
		if _, err := imp.tx.exec(`UPDATE orders SET base = ?, commission = ?, held = ? WHERE id = ?`, k.base, k.commission, k.held, k.key); err != nil {
			return fmt.Errorf("update order: %w", err)
		}
	}
	for _, d := range imp.deals {
		if !d.touched {
			continue
		}
		if _, err := imp.tx.exec(`UPDATE deals SET held = ?, owed = ?, commission = ?, revenue = ? WHERE id = ?`,
			d.Held, d.Owed, d.Commission, d.Revenue, d.ID); err != nil {
			return fmt.Errorf("update deal balances: %w", err)
		}
	}
	for cur, v := range imp.expense {
		if v == 0 {
			continue
		}
		if _, err := imp.tx.exec(`INSERT INTO brand_accounts (kind, currency, balance) VALUES (?1, ?2, ?3)
			ON CONFLICT (kind, currency) DO UPDATE SET balance = balance + excluded.balance`, AccCommissionExpense, cur, v); err != nil {
			return fmt.Errorf("update brand balance: %w", err)
		}
	}
	return nil
}
