package ledger

import (
	"fmt"
	"strings"
	"time"
)

// orderImport posts one import's orders inside its transaction, through
// the transaction's journal (the one posting engine: same accounts, signs,
// floors and remaining balances as every operation), which writes
// transfers journalBatch rows per statement and each touched deal and brand
// account once at the end. Here, besides:
//
//   - the source's known orders are read once into a map;
//   - new orders are written by multi-row INSERTs of journalBatch rows;
//   - an order of the import whose hold has already run out is released
//     right away, instead of by a second pass.
//
// Check recomputes all of it from the transfers, as for any operation.
type orderImport struct {
	tx     *Tx
	source string
	now    time.Time
	today  string
	res    *ImportResult

	book    *orderBook
	missing map[int64]bool // deals that do not exist
	// overflow is set when a total would not fit in an int64: the import
	// then fails whole in finish, since a wrapped total would be written as
	// a valid but wrong integer.
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
	s, err := addChecked(m[key], v)
	if err != nil {
		imp.overflow = true
	}
	m[key] = s
}

// newOrderImport starts the import of one chunk of orders, whose order IDs
// are ids: only those known orders are read, as they are now, since other
// programs may have written between two chunks.
func (tx *Tx) newOrderImport(source string, res *ImportResult, ids []string, dry bool) (*orderImport, error) {
	imp := &orderImport{tx: tx, source: source, now: tx.now, today: tx.today(), res: res, dry: dry,
		book: tx.orders(), missing: map[int64]bool{}}
	if res.Credited == nil {
		res.Credited = map[int64]int64{}
	}
	j := tx.journal()
	j.batch, j.dry = tx.batchRows(), dry
	if !tx.canCopy() && !dry {
		// On SQLite a chunk's transfers are written together, deal by
		// deal (sortByDeal): up to importSortRows of them held at a time.
		j.batch, j.byDeal = importSortRows, true
		if cap(j.queue) < importSortRows {
			j.queue = make([]queued, 0, importSortRows)
		}
	}
	// On PostgreSQL its batches are written behind while the next is
	// worked out (tx_behind.go); a preview writes nothing.
	tx.behindOK = !dry && writesBehind(tx)
	imp.book.dry = dry
	// The foreign keys of orders and transfers are checked at commit
	// (DEFERRABLE INITIALLY DEFERRED since schema 20): any failure rolls
	// the whole operation back.
	if err := imp.readKnown(ids); err != nil {
		return nil, err
	}
	return imp, nil
}

// importSortRows is how many transfers an import holds before writing
// them deal by deal (sortByDeal), about 7 MB of them. The more at a time,
// the fewer times each index page is visited: the 1M-row import (about
// 52,000 transfers a chunk), alternated runs on 2026-12-03, took 1.49x,
// 1.63x and 1.57x sqlite3's .import holding 32,768, against 1.78x, 1.79x
// and 1.71x holding 16,384; holding 65,536 (a whole chunk) it took 296 to
// 307 MB of memory at its peak, past the 300 MB the import may take.
const importSortRows = 32768

// readKnown reads the source's orders among ids into imp.known.
func (imp *orderImport) readKnown(ids []string) error {
	const batch = 500
	for len(ids) > 0 {
		n := min(len(ids), batch)
		var q string
		var args []any
		if imp.tx.store.pg != nil {
			// All at once (knownOrdersPG), each ID once: the lookup
			// returns a row per ID listed, an IN list one per row.
			n, q, args = len(ids), knownOrdersPG, []any{imp.source, pgTexts(uniqueTexts(ids))}
		} else {
			args = make([]any, 0, n+1)
			args = append(args, imp.source)
			for _, id := range ids[:n] {
				args = append(args, id)
			}
			q = `SELECT ` + orderColumns + ` FROM orders WHERE source = ? AND order_id IN (?` + strings.Repeat(",?", n-1) + `)`
		}
		ids = ids[n:]
		rows, err := imp.tx.QueryContext(imp.tx.ctx, q, args...)
		if err != nil {
			return fmt.Errorf("read known orders: %w", err)
		}
		for rows.Next() {
			o, err := scanOrder(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("read known orders: %w", err)
			}
			imp.book.hold(o, true)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read known orders: %w", err)
		}
	}
	return nil
}

// deal returns the deal of an order, or nil when there is none.
func (imp *orderImport) deal(id int64) (*journalDeal, error) {
	if imp.missing[id] {
		return nil, nil
	}
	d, err := imp.tx.journal().deal(id)
	if ErrorCode(err) == ENOTFOUND {
		imp.missing[id] = true
		return nil, nil
	}
	return d, err
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
	k, seen := imp.book.known(imp.source, o.OrderID)
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
	_, ok := validDate(o.PaidDate)
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
	if d == nil {
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

	oldBase, oldCommission := int64(0), int64(0)
	outcome := OutcomeNew
	switch {
	case !seen:
		imp.res.New++
	case k.base == base && k.commission == commission:
		// The same money; a status or refund that moved on without changing
		// it (a refund of shipping only on a per-order deal) is still
		// recorded, so an older row cannot undo it later.
		imp.res.Unchanged++
		imp.note(i, OrderOutcome{Outcome: OutcomeUnchanged, DealID: d.ID})
		if k.status != o.Status || k.refunded != o.Refunded || k.cancelled != o.Cancelled {
			k.status, k.refunded, k.cancelled = o.Status, o.Refunded, o.Cancelled
			return imp.book.changed(k)
		}
		return nil
	default:
		oldBase, oldCommission = k.base, k.commission
		imp.res.Updated++
		outcome = OutcomeUpdated
	}
	k, _, err = imp.book.apply(imp.source, o, d, base, commission, true)
	if err != nil {
		return err
	}
	if released, err := imp.book.releaseIfDue(k, d); err != nil {
		return err
	} else if released {
		imp.res.Released++
	}
	if db := base - oldBase; db != 0 {
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
	return nil
}

// staleness says why a row of a known order is older than what the ledger
// holds of it, or "": a refund never shrinks, a refunded order is never
// paid again, a cancelled one never comes back.
func staleness(k *order, o OrderInput, cur string) string {
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

// finish writes what is still in memory: the order book's new and changed
// orders, then the journal (transfers, touched deals, brand accounts).
func (imp *orderImport) finish() error {
	if imp.overflow {
		if imp.first > 0 {
			return Errorf(EINVALID, "amount too large: the import's totals would overflow; the orders from row %d on were not imported (those before are saved)", imp.first+1)
		}
		return Errorf(EINVALID, "amount too large: the import's totals would overflow; nothing was imported")
	}
	return imp.tx.flush()
}
