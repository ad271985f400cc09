package ledger

import (
	"fmt"
	"strings"
	"time"
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
	now    time.Time
	today  string
	res    *ImportResult

	deals   map[int64]*importDeal
	known   map[string]*knownOrder
	nextKey int64               // next orders.id
	brand   map[[2]string]int64 // change of each brand account, per currency
	orders  []*knownOrder       // new orders not yet written
	xfers   []importTransfer    // transfers not yet written
	updates []*knownOrder       // written orders whose figures changed
	// overflow is set when a running total would not fit in an int64: the
	// import then fails whole in finish, since a wrapped total would be
	// written as a valid but wrong integer.
	overflow bool
	first    int // the chunk's first order in the input
	// dry runs the rules and writes nothing: a preview (PreviewOrders).
	dry bool
}

// note records what became of the order at position i.
func (imp *orderImport) note(i int, o OrderOutcome) {
	if i < len(imp.res.Outcomes) {
		imp.res.Outcomes[i] = o
	}
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
	status                 string // "" for orders imported before version 8
	refunded               int64
	cancelled              bool
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

// newOrderImport starts the import of one chunk of orders, whose order IDs
// are ids: only those known orders are read, as they are now, since other
// programs may have written between two chunks.
func (tx *Tx) newOrderImport(source string, res *ImportResult, ids []string, dry bool) (*orderImport, error) {
	imp := &orderImport{tx: tx, source: source, now: tx.now, today: tx.today(), res: res, dry: dry,
		deals: map[int64]*importDeal{}, known: map[string]*knownOrder{}, brand: map[[2]string]int64{}}
	if res.Credited == nil {
		res.Credited = map[int64]int64{}
	}
	// A statement that writes many rows and may stop halfway on a failed
	// constraint keeps a statement journal to undo just its own rows: here
	// a temporary file written page by page, the largest cost of a big
	// import after the B-trees. Nothing needs that partial undo, since any
	// failure rolls the whole operation back; so the INSERTs are OR FAIL
	// and foreign keys are checked at commit, which drops the journal.
	// (defer_foreign_keys switches itself off at the end of the transaction.)
	if _, err := tx.ExecContext(tx.ctx, `PRAGMA defer_foreign_keys = ON`); err != nil && !dry {
		return nil, fmt.Errorf("defer foreign keys: %w", err)
	}
	if err := imp.readKnown(ids); err != nil {
		return nil, err
	}
	if err := tx.queryRow(`SELECT coalesce(max(id), 0) + 1 FROM orders`).Scan(&imp.nextKey); err != nil {
		return nil, fmt.Errorf("read order keys: %w", err)
	}
	return imp, nil
}

// readKnown reads the source's orders among ids into imp.known.
func (imp *orderImport) readKnown(ids []string) error {
	const batch = 500
	for len(ids) > 0 {
		n := min(len(ids), batch)
		args := make([]any, 0, n+1)
		args = append(args, imp.source)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		ids = ids[n:]
		rows, err := imp.tx.QueryContext(imp.tx.ctx, `SELECT id, order_id, deal_id, paid_date, release_on, base, commission, held, status, refunded, cancelled
			FROM orders WHERE source = ? AND order_id IN (?`+strings.Repeat(",?", n-1)+`)`, args...)
		if err != nil {
			return fmt.Errorf("read known orders: %w", err)
		}
		for rows.Next() {
			o := &knownOrder{written: true}
			if err := rows.Scan(&o.key, &o.orderID, &o.deal, &o.paidDate, &o.releaseOn, &o.base, &o.commission, &o.held,
				&o.status, &o.refunded, &o.cancelled); err != nil {
				rows.Close()
				return fmt.Errorf("read known orders: %w", err)
			}
			imp.known[o.orderID] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read known orders: %w", err)
		}
	}
	return nil
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

// add posts the order at position i, or records in the result why not. It
// returns an error only when the transaction itself failed.
func (imp *orderImport) add(i int, o OrderInput) error {
	reject := func(list *[]OrderRejection, format string, args ...any) error {
		r := OrderRejection{Index: i, OrderID: o.OrderID, Reason: fmt.Sprintf(format, args...)}
		*list = append(*list, r)
		what := OutcomeRejected
		if list == &imp.res.Stale {
			what = OutcomeStale
		}
		imp.note(i, OrderOutcome{Outcome: what, DealID: o.DealID, Reason: r.Reason})
		return nil
	}
	o.OrderID = strings.TrimSpace(o.OrderID)
	if o.OrderID == "" {
		return reject(&imp.res.Rejected, "missing order id")
	}
	if o.Base < 0 || o.Refunded < 0 {
		return reject(&imp.res.Rejected, "negative order amount")
	}
	if o.Status == "" {
		o.Status = OrderPaid
	}
	k, seen := imp.known[o.OrderID]
	if paidRank(o.Status) == 0 {
		// Not paid: it earns nothing and is not recorded. The ledger
		// holding it paid means this row is older.
		if seen && (k.commission != 0 || k.status != "") {
			return reject(&imp.res.Stale, "older than the ledger: %s here, paid in the ledger; not applied", o.Status)
		}
		imp.res.NotPaid[o.Status]++
		imp.note(i, OrderOutcome{Outcome: OutcomeNotPaid, DealID: o.DealID, Reason: o.Status})
		return nil
	}
	if o.Base > MaxAmount || o.Refunded > MaxAmount {
		return reject(&imp.res.Rejected, "order amount too large (at most 10^15 minor units)")
	}
	paid, ok := validDate(o.PaidDate)
	if !ok {
		return reject(&imp.res.Rejected, "invalid paid date %q", o.PaidDate)
	}
	// One day of slack: the store writes its own time zone's date.
	if tomorrow := imp.now.AddDate(0, 0, 1).Format(DateLayout); o.PaidDate > tomorrow {
		return reject(&imp.res.Rejected, "paid date %s is after today (%s)", o.PaidDate, imp.today)
	}
	dealID := o.DealID
	if seen {
		dealID = k.deal // the deal that earned it, whatever its codes say now
	} else if dealID == 0 {
		imp.res.Unattributed = append(imp.res.Unattributed, i)
		imp.note(i, OrderOutcome{Outcome: OutcomeUnattributed})
		return nil
	}
	d, err := imp.deal(dealID)
	if err != nil {
		return err
	}
	if d.missing {
		return reject(&imp.res.Rejected, "deal %d not found", dealID)
	}
	if !strings.EqualFold(o.Currency, d.Currency) {
		return reject(&imp.res.Rejected, "order in %s, but deal %d is in %s: not converted", o.Currency, d.ID, d.Currency)
	}
	if seen {
		if why := staleness(k, o, d.Currency); why != "" {
			return reject(&imp.res.Stale, "older than the ledger: %s; not applied", why)
		}
	}
	base := o.Base
	if o.Status == OrderRefunded || o.Cancelled {
		base = 0
	}
	commission, err := d.Rule.Commission(base)
	if err != nil {
		return reject(&imp.res.Rejected, "order amount too large")
	}

	var oldBase, oldCommission int64
	date := o.PaidDate
	outcome := OutcomeNew
	switch {
	case !seen:
		k = &knownOrder{key: imp.nextKey, deal: d.ID, orderID: o.OrderID, paidDate: o.PaidDate,
			releaseOn: paid.AddDate(0, 0, d.HoldDays).Format(DateLayout)}
		imp.nextKey++
		imp.known[o.OrderID] = k
		imp.orders = append(imp.orders, k)
		imp.res.New++
	case k.base == base && k.commission == commission:
		// The same money; a status or refund that moved on without changing
		// it (a refund of shipping only on a per-order deal) is still
		// recorded, so an older row cannot undo it later.
		imp.res.Unchanged++
		imp.note(i, OrderOutcome{Outcome: OutcomeUnchanged, DealID: d.ID})
		if k.status != o.Status || k.refunded != o.Refunded || k.cancelled != o.Cancelled {
			k.status, k.refunded, k.cancelled = o.Status, o.Refunded, o.Cancelled
			if k.written && !k.dirty {
				k.dirty = true
				imp.updates = append(imp.updates, k)
			}
		}
		return nil
	default:
		oldBase, oldCommission = k.base, k.commission
		date = imp.today // a change to a known order happens now, not on its paid date
		if commission > oldCommission {
			// An increase is held from the day it is recorded; the order has
			// one release date, so what it still holds waits with it.
			k.releaseOn = max(k.releaseOn, imp.now.AddDate(0, 0, d.HoldDays).Format(DateLayout))
		}
		imp.res.Updated++
		outcome = OutcomeUpdated
		if k.written && !k.dirty {
			k.dirty = true
			imp.updates = append(imp.updates, k)
		}
	}
	k.base, k.commission = base, commission
	k.status, k.refunded, k.cancelled = o.Status, o.Refunded, o.Cancelled
	d.touched = true

	legs, n := commissionLegs(commission-oldCommission, k.held)
	for _, l := range legs[:n] {
		imp.transfer(d, k, l.from, l.to, l.amount, l.kind, date, l.comment)
	}
	if k.held > 0 && k.releaseOn <= imp.today {
		imp.transfer(d, k, AccHeld, AccOwed, k.held, KindRelease, imp.today, "")
		imp.res.Released++
	}
	if db := base - oldBase; db != 0 {
		imp.sum(&d.Revenue, db)
		imp.sumIn(imp.res.Revenue, d.Currency, db)
	}
	delta := commission - oldCommission
	if delta != 0 {
		imp.sumIn(imp.res.Commission, d.Currency, delta)
		c := imp.res.Credited[d.ID]
		imp.sum(&c, delta)
		imp.res.Credited[d.ID] = c
	}
	imp.note(i, OrderOutcome{Outcome: outcome, DealID: d.ID, Commission: delta})
	if len(imp.xfers) >= importBatch || len(imp.orders) >= importBatch {
		return imp.flush(false)
	}
	return nil
}

// staleness says why a row of a known order is older than what the ledger
// holds of it, or "": a refund never shrinks, a refunded order is never
// paid again, a cancelled one never comes back.
func staleness(k *knownOrder, o OrderInput, cur string) string {
	switch {
	case o.Refunded < k.refunded:
		return fmt.Sprintf("refunded %s here, %s in the ledger", Format(o.Refunded, cur), Format(k.refunded, cur))
	case k.status != "" && paidRank(o.Status) < paidRank(k.status):
		return fmt.Sprintf("%s here, %s in the ledger", orPaid(o.Status), k.status)
	case k.cancelled && !o.Cancelled:
		return "not cancelled here, cancelled in the ledger"
	}
	return ""
}

func orPaid(status string) string {
	if status == "" {
		return OrderPaid
	}
	return status
}

// transfer applies one transfer to the in-memory balances of the deal, the
// order and the brand, and queues it. Signs are post's: commission expense
// -> held is commission earned; held or owed -> expense is a refund.
func (imp *orderImport) transfer(d *importDeal, k *knownOrder, from, to string, amount int64, kind, date, comment string) {
	if d.move(from, to, amount) != nil {
		imp.overflow = true
	}
	for _, side := range []struct {
		acc  string
		sign int64
	}{{from, -1}, {to, 1}} {
		if side.acc == AccHeld {
			imp.sum(&k.held, side.sign*amount)
		}
		if !IsDealAccount(side.acc) {
			key := [2]string{side.acc, d.Currency}
			v := imp.brand[key]
			imp.sum(&v, side.sign*amount)
			imp.brand[key] = v
		}
	}
	imp.xfers = append(imp.xfers, importTransfer{deal: d.ID, currency: d.Currency, from: from, to: to, amount: amount,
		kind: kind, date: date, reference: k.orderID, comment: comment, orderKey: k.key, remaining: d.Remaining()})
}

// flush writes the queued orders and transfers; all writes them to the last
// row, else only whole batches are written.
func (imp *orderImport) flush(all bool) error {
	if imp.dry {
		// A preview keeps the balances in memory and nothing else.
		imp.orders, imp.xfers = nil, imp.xfers[:0]
		return nil
	}
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
	q.WriteString(`INSERT OR FAIL INTO orders (source, id, order_id, deal_id, paid_date, release_on, base, commission, held,
		status, refunded, cancelled) VALUES `)
	args := make([]any, 0, 12*len(batch))
	for i, o := range batch {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(placeholders(12))
		args = append(args, imp.source, o.key, o.orderID, o.deal, o.paidDate, o.releaseOn, o.base, o.commission, o.held,
			o.status, o.refunded, o.cancelled)
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
		if imp.first > 0 {
			return Errorf(EINVALID, "amount too large: the import's totals would overflow; the orders from row %d on were not imported (those before are saved)", imp.first+1)
		}
		return Errorf(EINVALID, "amount too large: the import's totals would overflow; nothing was imported")
	}
	if err := imp.flush(true); err != nil || imp.dry {
		return err
	}
	for _, k := range imp.updates {
		if _, err := imp.tx.exec(`UPDATE orders SET base = ?, commission = ?, held = ?, release_on = ?, status = ?, refunded = ?, cancelled = ?
			WHERE id = ?`, k.base, k.commission, k.held, k.releaseOn, k.status, k.refunded, k.cancelled, k.key); err != nil {
			return fmt.Errorf("update order: %w", err)
		}
	}
	for _, d := range imp.deals {
		if !d.touched {
			continue
		}
		if _, err := imp.tx.exec(dealUpdate(), dealUpdateArgs(d.ID, &d.Balances)...); err != nil {
			return fmt.Errorf("update deal balances: %w", err)
		}
	}
	for k, v := range imp.brand {
		if v == 0 {
			continue
		}
		if _, err := imp.tx.exec(`INSERT INTO brand_accounts (kind, currency, balance) VALUES (?1, ?2, ?3)
			ON CONFLICT (kind, currency) DO UPDATE SET balance = balance + excluded.balance`, k[0], k[1], v); err != nil {
			return fmt.Errorf("update brand balance: %w", err)
		}
	}
	return nil
}
