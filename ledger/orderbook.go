package ledger

import (
	"container/heap"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// order is an order of a source as the ledger keeps it: its row in
// orders. It is the one type the import and the builder hold of an order.
type order struct {
	key, deal              int64
	source, orderID        string
	paidDate, releaseOn    string
	base, commission, held int64
	status                 string // "" for orders imported before version 8, and the builder's
	refunded               int64
	cancelled              bool
	written                bool // its row is in the file
	dirty                  bool // written, and changed since (in updates)
	ready                  bool // new, in ready to be written
	index                  int  // in the release queue; -1 when not in it
}

type orderRef struct{ source, id string }

// orderBook is the one set of order rules of a write transaction: the
// import and the large-program builder both change orders through it.
// change posts the difference of an order's commission (commissionLegs)
// and moves its deal's revenue; releaseDue releases every order whose hold has run out, those it holds
// and those in the file alike. It keeps the orders it read or made in
// memory, writes new rows journalBatch at a time and changed rows at
// flush, each with one column list; a new order still on hold waits in
// memory (its row is written once, when it is released or at flush), so the
// builder writes each of a million orders once.
type orderBook struct {
	tx      *Tx
	byRef   map[orderRef]*order // orders resolved by source and order ID (the import's)
	byKey   map[int64]*order    // every order in memory
	queue   releaseQueue        // orders in memory still on hold, by release date
	keys    idSource            // the IDs of new orders
	ready   []*order            // new orders to write: those on hold wait in the queue
	updates []*order            // written orders whose row changed
	dry     bool                // write nothing: an import's preview
	args    argBuffers          // the arguments of the INSERTs, emptied, to use again
}

// orders returns the transaction's order book.
func (tx *Tx) orders() *orderBook {
	if tx.book == nil {
		tx.book = &orderBook{tx: tx, byRef: map[orderRef]*order{}, byKey: map[int64]*order{}}
	}
	return tx.book
}

// known returns the order of source with ID id that the book resolved.
func (b *orderBook) known(source, id string) (*order, bool) {
	k, ok := b.byRef[orderRef{source, id}]
	return k, ok
}

// hold takes an order read from the file into the book.
func (b *orderBook) hold(k *order, resolved bool) {
	k.written, k.index = true, -1
	b.byKey[k.key] = k
	if resolved {
		b.byRef[orderRef{k.source, k.orderID}] = k
	}
	b.queued(k)
}

// newOrder makes a new order of deal d, paid on paid, with nothing earned
// yet (change gives it its figures). resolved keeps it findable by source
// and ID for the rest of the transaction.
func (b *orderBook) newOrder(source, orderID string, d *journalDeal, paid time.Time, resolved bool) (*order, error) {
	b.keys.table, b.keys.counted = "orders", b.dry // a preview writes nothing, in a read-only transaction
	key, err := b.keys.take(b.tx)
	if err != nil {
		return nil, err
	}
	k := &order{key: key, deal: d.ID, source: source, orderID: orderID, paidDate: paid.Format(DateLayout),
		releaseOn: paid.AddDate(0, 0, d.HoldDays).Format(DateLayout), index: -1}
	b.byKey[k.key] = k
	if resolved {
		b.byRef[orderRef{source, orderID}] = k
	}
	return k, nil
}

// apply applies order o of source to deal d, as an export has it now, at
// base and commission: a known order (by source and order ID) is changed as
// of today; a new one is made, its release date its paid date plus the
// deal's hold days, and earns as of its paid date. resolved keeps a new
// order findable by source and ID for the rest of the transaction. It
// returns the order and whether it is new.
func (b *orderBook) apply(source string, o OrderInput, d *journalDeal, base, commission int64, resolved bool) (k *order, isNew bool, err error) {
	k, seen := b.known(source, o.OrderID)
	date := b.tx.today()
	if !seen {
		paid, ok := validDate(o.PaidDate)
		if !ok {
			return nil, false, Errorf(EINVALID, "order %s: invalid paid date %q", o.OrderID, o.PaidDate)
		}
		if k, err = b.newOrder(source, o.OrderID, d, paid, resolved); err != nil {
			return nil, false, err
		}
		date = o.PaidDate
	} else if commission > k.commission {
		// An increase is held from the day it is recorded; the order has
		// one release date, so what it still holds waits with it.
		k.releaseOn = max(k.releaseOn, b.tx.now.AddDate(0, 0, d.HoldDays).Format(DateLayout))
	}
	k.status, k.refunded, k.cancelled = o.Status, o.Refunded, o.Cancelled
	return k, !seen, b.change(k, d, base, commission, date)
}

// change sets order k of deal d to base and commission, as of date (its
// paid date when new, today when an export changed it): it posts the
// difference (an increase into held, a decrease out of held then owed)
// and moves the deal's revenue.
func (b *orderBook) change(k *order, d *journalDeal, base, commission int64, date string) error {
	legs, n := commissionLegs(commission-k.commission, k.held)
	for _, l := range legs[:n] {
		if err := b.post(k, d, l.from, l.to, l.amount, l.kind, date, l.comment); err != nil {
			return err
		}
	}
	if err := b.tx.journal().addRevenue(d, base-k.base); err != nil {
		return err
	}
	k.base, k.commission = base, commission
	return b.changed(k)
}

// releaseIfDue releases order k of deal d when its release date has come,
// and says whether it did: an import releases an order whose hold has run
// out right away, instead of by a second pass.
func (b *orderBook) releaseIfDue(k *order, d *journalDeal) (bool, error) {
	if k.held > 0 && k.releaseOn <= b.tx.today() {
		return true, b.release(k, d)
	}
	return false, nil
}

// post posts one transfer of order k and follows what k holds.
func (b *orderBook) post(k *order, d *journalDeal, from, to string, amount int64, kind, date, comment string) error {
	if err := b.tx.post(transfer{DealID: d.ID, Currency: d.Currency, From: from, To: to, Amount: amount,
		Kind: kind, Date: date, Reference: k.orderID, Comment: comment, OrderKey: k.key}); err != nil {
		return err
	}
	if to == AccHeld {
		k.held += amount
	} else if from == AccHeld {
		k.held -= amount
	}
	return nil
}

// release moves what order k holds to owed, today.
func (b *orderBook) release(k *order, d *journalDeal) error {
	if err := b.post(k, d, AccHeld, AccOwed, k.held, KindRelease, b.tx.today(), ""); err != nil {
		return err
	}
	return b.changed(k)
}

// changed files k where its new figures will be written (a new order on
// hold waits in the queue), keeps the release queue to the orders on hold,
// and writes a whole batch of new orders once there is one.
func (b *orderBook) changed(k *order) error {
	b.queued(k)
	switch {
	case k.written && !k.dirty:
		k.dirty = true
		b.updates = append(b.updates, k)
	case !k.written && !k.ready && k.held == 0:
		k.ready = true
		b.ready = append(b.ready, k)
		if len(b.ready) >= b.tx.batchRows() {
			return b.writeReady(false)
		}
	}
	return nil
}

func (b *orderBook) queued(k *order) {
	switch {
	case k.held > 0 && k.index < 0:
		heap.Push(&b.queue, k)
	case k.held > 0:
		heap.Fix(&b.queue, k.index)
	case k.index >= 0:
		heap.Remove(&b.queue, k.index)
	}
}

// releaseDue releases every order whose release date is on or before today:
// those the book holds, then those on hold in the file that it does not.
func (b *orderBook) releaseDue(today string) (int, error) {
	var due []*order
	for len(b.queue) > 0 && b.queue[0].releaseOn <= today {
		due = append(due, heap.Pop(&b.queue).(*order))
	}
	rows, err := b.tx.QueryContext(b.tx.ctx, `SELECT `+orderColumns+` FROM orders WHERE held > 0 AND release_on <= ? ORDER BY release_on, id`, today)
	if err != nil {
		return 0, fmt.Errorf("read orders due: %w", err)
	}
	for rows.Next() {
		k, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return 0, fmt.Errorf("read orders due: %w", err)
		}
		if _, ok := b.byKey[k.key]; !ok { // else the book's copy is the newer
			b.hold(k, false)
			due = append(due, k)
		}
	}
	if err := closeRows(rows); err != nil {
		return 0, fmt.Errorf("read orders due: %w", err)
	}
	for i, k := range due {
		d, err := b.tx.journal().deal(k.deal)
		if err != nil {
			return i, err
		}
		if err := b.release(k, d); err != nil {
			return i, err
		}
	}
	return len(due), nil
}

// byKeyOrRead returns the order with key, reading it from the file when the
// book does not hold it.
func (b *orderBook) byKeyOrRead(key int64) (*order, error) {
	if k, ok := b.byKey[key]; ok {
		return k, nil
	}
	k, err := scanOrder(b.tx.queryRow(`SELECT `+orderColumns+` FROM orders WHERE id = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Errorf(ENOTFOUND, "order %d not found", key)
	} else if err != nil {
		return nil, fmt.Errorf("read order: %w", err)
	}
	b.hold(k, false)
	return k, nil
}

// orderColumns is the one column list of an order row.
const orderColumns = `id, source, order_id, deal_id, paid_date, release_on, base, commission, held, status, refunded, cancelled`

const orderCols = 12

func scanOrder(sc interface{ Scan(...any) error }) (*order, error) {
	k := &order{index: -1}
	err := sc.Scan(&k.key, &k.source, &k.orderID, &k.deal, &k.paidDate, &k.releaseOn, &k.base, &k.commission, &k.held,
		&k.status, &k.refunded, &k.cancelled)
	return k, err
}

// orderInsert is the INSERT of n orders.
func orderInsert(n int) string {
	return `INSERT OR FAIL INTO orders (` + orderColumns + `) VALUES ` + rowsOf(n, orderCols)
}

var orderBatchInsert = orderInsert(journalBatch)

// orderCopyColumns are the columns of an order row, for COPY.
var orderCopyColumns = columnList(orderColumns)

// writeReady writes the new orders in ready, journalBatch rows per
// INSERT (copyBatchPG per COPY on PostgreSQL); all writes them all, else
// only whole batches.
func (b *orderBook) writeReady(all bool) error {
	if b.dry {
		b.ready = b.ready[:0]
		return nil
	}
	size := b.tx.batchRows()
	for len(b.ready) >= size || (all && len(b.ready) > 0) {
		n := min(len(b.ready), size)
		batch := b.ready[:n]
		args := b.args.take()
		for _, k := range batch {
			args = append(args, k.key, k.source, k.orderID, k.deal, k.paidDate, k.releaseOn, k.base, k.commission, k.held,
				k.status, k.refunded, k.cancelled)
			k.written, k.ready = true, false
		}
		behind, err := b.tx.writeBehind(args, func(w txWriter) error { return writeOrders(w, n, args) })
		if err != nil {
			return err
		}
		b.args.handed(b.tx, args, behind)
		for _, k := range batch {
			b.forget(k)
		}
		b.ready = b.ready[n:]
	}
	if len(b.ready) == 0 {
		b.ready = nil // let the written ones go
	}
	return nil
}

// writeOrders writes n new orders, the values of args, with w: by COPY on
// PostgreSQL, with the same checks (see copyInto), else by INSERT.
func writeOrders(w txWriter, n int, args []any) error {
	copied, err := w.copyInto("orders", orderCopyColumns, args)
	if !copied {
		q := orderBatchInsert
		if n != journalBatch {
			q = orderInsert(n)
		}
		_, err = w.exec(q, args...)
	}
	if isUnique(err) {
		return Errorf(ECONFLICT, "an order was imported before (same source and order ID)")
	} else if err != nil {
		return fmt.Errorf("insert orders: %w", err)
	}
	return nil
}

// forget lets go of a written order that holds nothing and that no one
// looks up by source and ID (the builder's): the book keeps in memory only
// what it must.
func (b *orderBook) forget(k *order) {
	if k.held == 0 && !k.dirty {
		if _, resolved := b.byRef[orderRef{k.source, k.orderID}]; !resolved {
			delete(b.byKey, k.key)
		}
	}
}

// flush writes every new order and every changed one.
func (b *orderBook) flush() error {
	for _, k := range b.queue {
		if !k.written && !k.ready {
			k.ready = true
			b.ready = append(b.ready, k)
		}
	}
	if err := b.writeReady(true); err != nil || b.dry {
		return err
	}
	for _, k := range b.updates {
		if _, err := b.tx.exec(`UPDATE orders SET base = ?, commission = ?, held = ?, release_on = ?, status = ?, refunded = ?, cancelled = ?
			WHERE id = ?`, k.base, k.commission, k.held, k.releaseOn, k.status, k.refunded, k.cancelled, k.key); err != nil {
			return fmt.Errorf("update order: %w", err)
		}
		k.dirty = false
		b.forget(k)
	}
	b.updates = nil
	return nil
}

// releaseQueue orders orders on hold by release date, then key.
type releaseQueue []*order

func (q releaseQueue) Len() int { return len(q) }

func (q releaseQueue) Less(i, j int) bool {
	if q[i].releaseOn != q[j].releaseOn {
		return q[i].releaseOn < q[j].releaseOn
	}
	return q[i].key < q[j].key
}

func (q releaseQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i]; q[i].index = i; q[j].index = j }

func (q *releaseQueue) Push(x any) {
	o := x.(*order)
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
