package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
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
	// Credited is the net commission posted per deal ID (in the deal's
	// currency): what each creator earned from this import.
	Credited map[int64]int64
	// Outcomes says, for each order by its position in the input, what
	// became of it. Only PreviewOrders fills it: a million-row import
	// would hold a million of them for nobody.
	Outcomes []OrderOutcome
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
// have run out are released by the import's last transaction.
//
// An import may hold a million orders, so its journal writes transfers a
// batch at a time (see orderImport), and it is the one operation written
// in several transactions: each chunk of importChunkSize orders commits on its
// own, so other programs wait for one chunk, not for the whole file. Each
// chunk is a consistent state (its orders, their transfers and the balances
// they change, as for any operation); the operation ID is recorded by the
// last one only. An import stopped halfway (killed, cancelled, a failed
// chunk) leaves the chunks before it saved: run again, with the same
// operation ID or another, the orders already in are Unchanged and the rest
// are imported, so the result is the same ledger as one uninterrupted run.
func (s *Store) ImportOrders(ctx context.Context, opID, source string, orders []OrderInput) (ImportResult, error) {
	res := newImportResult()
	source = strings.TrimSpace(source)
	if source == "" {
		return res, Errorf(EINVALID, "order source required")
	}
	opID = strings.TrimSpace(opID)
	if opID == "" {
		opID = NewOpID() // one ID for every chunk
	}
	const kind = "orders.import"
	// Checked here too: the chunks before the last commit outside do.
	if err := s.allow(ctx, kind); err != nil {
		return res, err
	}
	// Every transaction of the import writes thousands of rows: what
	// statement journals remain stay in memory (withMemoryJournal), and the
	// page cache is the import's (importCacheKiB).
	ctx = withImportCache(ctx)
	fp := orderFingerprint(source, orders)
	hash, err := opHash(kind, fp)
	if err != nil {
		return res, err
	}
	last := 0 // the last chunk's first order
	if n := len(orders); n > importChunkSize {
		ok, err := s.chunkable(ctx, orders)
		if err != nil {
			return res, err
		}
		if ok {
			last = (n - 1) / importChunkSize * importChunkSize
		}
	}
	var watch *sql.Conn // sees other programs' commits (data_version)
	if last > 0 && s.pg == nil {
		if watch, err = s.db.Conn(ctx); err != nil {
			return res, s.storageError(fmt.Errorf("%s: %w", kind, err))
		}
		defer watch.Close()
	}
	saved := 0              // orders committed by the chunks so far
	known := &knownOrders{} // whether a chunk's orders can be in the ledger
	// stopped says what a person needs once chunks are saved: the import
	// is not all or nothing any more, and running it again completes it.
	stopped := func(err error) error {
		if saved == 0 || err == nil {
			return err
		}
		why := ErrorMessage(err)
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			why = "cancelled"
		}
		return Errorf(ErrorCode(err), "the import stopped (%s) after %d of %d orders, which are saved: import the same files again to complete it",
			why, saved, len(orders))
	}
	for from := 0; from < last; from += importChunkSize {
		done, err := s.importChunk(ctx, opID, kind, hash, source, orders, from, from+importChunkSize, &res, known)
		if err != nil {
			return res, stopped(err)
		}
		saved = from + importChunkSize
		if done { // recorded already: the same operation ran before
			return newImportResult(), nil
		}
		if afterImportChunk != nil {
			afterImportChunk(from + importChunkSize)
		}
		if err := s.importYield(ctx, watch); err != nil {
			return res, stopped(err)
		}
	}
	ran := false
	before := res.clone()
	_, err = s.do(ctx, opID, kind, fp, func(tx *Tx) (int64, error) {
		ran = true
		res = before.clone() // a run again starts from the same counts
		if err := tx.importOrders(source, orders, last, len(orders), &res, known); err != nil {
			return 0, err
		}
		// Holds of orders this import did not touch (other sources, older
		// imports) that have run out.
		n, err := tx.orders().releaseDue(tx.today())
		res.Released += n
		return int64(res.New + res.Updated), err
	})
	if !ran && err == nil {
		return newImportResult(), nil
	}
	if err == nil && len(orders) >= analyzeMinOrders {
		s.analyzeAfterLoad(ctx, "orders", "transfers", "deals")
	}
	return res, stopped(err)
}

// importChunkSize is how many orders one transaction of an import writes:
// under two seconds of writing, which is how long another program waits
// for the ledger during a large import (BenchmarkWritersDuringImport, one
// machine, 2026-12-02, three runs: the longest wait 1.58 to 1.64 s, none
// past the two-second note). Each chunk also writes the figures of every
// deal it touched and pauses once (importYield), so fewer chunks make an
// import faster: 32,768 orders, the size before schema 20 made the writing
// faster, made the million-row import about 3 s slower than 49,152, but
// 49,152 waited 1.84 to 2.17 s, past the note once in three runs.
var importChunkSize = 40960

// afterImportChunk, when set (tests only), is called after each chunk but
// the last has committed, with the index of the next order.
var afterImportChunk func(next int)

// inImportTx, when set (tests only), is called in each transaction of an
// import (not of a preview) before it writes.
var inImportTx func(tx *Tx)

// chunkable reports whether no running total of the import can overflow,
// whatever the ledger holds of its orders: only then is it written in
// chunks. An overflow is found while computing, and the import must then
// fail whole, which a chunk already committed would not allow; so an import
// whose amounts could ever come near (thousands of orders of 10^15 minor
// units) is written in one transaction, as before. The bound is generous:
// every total moves, per order, by less than four times its new commission
// and base plus what the ledger already holds of it (at most the largest
// total in the ledger).
func (s *Store) chunkable(ctx context.Context, orders []OrderInput) (bool, error) {
	var held, fixed, pct int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(max(abs(held)), max(abs(owed)), max(abs(commission)), max(abs(revenue))), 0),
		coalesce(max(CASE WHEN rule_kind = 'per_order' THEN rule_value END), 0),
		coalesce(max(CASE WHEN rule_kind = 'percent' THEN rule_value END), 0) FROM deals`).Scan(&held, &fixed, &pct); err != nil {
		return false, s.storageError(fmt.Errorf("orders.import: read deal totals: %w", err))
	}
	var brand int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(abs(balance)), 0) FROM brand_accounts`).Scan(&brand); err != nil {
		return false, s.storageError(fmt.Errorf("orders.import: read brand totals: %w", err))
	}
	perBase := pct/10000 + 2 // commission at most base times this, plus the base itself
	if perBase > 1000 || fixed > MaxAmount || max(held, brand) > math.MaxInt64/16 {
		return false, nil
	}
	bound := 8 * max(held, brand, fixed)
	for _, o := range orders {
		b := max(o.Base, o.Refunded, 0)
		if b > MaxAmount {
			continue // rejected
		}
		var err error
		if bound, err = addChecked(bound, 8*(b*perBase+fixed)); err != nil || bound > math.MaxInt64/2 {
			return false, nil
		}
	}
	return true, nil
}

// importChunk writes orders[from:to] in a transaction of its own, unless the
// operation is recorded already (done).
func (s *Store) importChunk(ctx context.Context, opID, kind, hash, source string, orders []OrderInput, from, to int, res *ImportResult, known *knownOrders) (done bool, err error) {
	before := res.clone()
	return retryOp(s, ctx, func() (bool, error) {
		*res = before.clone() // a run again starts from the same counts
		return s.importChunkOnce(ctx, opID, kind, hash, source, orders, from, to, res, known)
	})
}

func (s *Store) importChunkOnce(ctx context.Context, opID, kind, hash, source string, orders []OrderInput, from, to int, res *ImportResult, known *knownOrders) (done bool, err error) {
	tx, err := s.begin(ctx, opID)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	defer tx.close()
	if done, _, err := tx.priorOp(opID, kind, hash); err != nil || done {
		return done, err
	}
	if err := tx.importOrders(source, orders, from, to, res, known); err != nil {
		if ErrorCode(err) == EINTERNAL {
			return false, s.storageError(fmt.Errorf("%s: %w", kind, err))
		}
		return false, err
	}
	if err := known.ended(tx); err != nil {
		return false, s.storageError(fmt.Errorf("%s: %w", kind, err))
	}
	if err := tx.commit(); err != nil {
		return false, s.storageError(fmt.Errorf("%s: commit: %w", kind, err))
	}
	known.committed()
	return false, nil
}

// importOrders posts orders[from:to] in tx. known is nil for a preview,
// which works out the same result and writes nothing (PreviewOrders).
func (tx *Tx) importOrders(source string, orders []OrderInput, from, to int, res *ImportResult, known *knownOrders) error {
	dry := known == nil
	skip, err := known.skipRead(tx, source, orders)
	if err != nil {
		return err
	}
	var ids []string // the orders to look up
	if !skip {
		ids = make([]string, 0, to-from)
		for _, o := range orders[from:to] {
			if id := strings.TrimSpace(o.OrderID); id != "" {
				ids = append(ids, id)
			}
		}
	}
	if inImportTx != nil && !dry {
		inImportTx(tx)
	}
	imp, err := tx.newOrderImport(source, res, ids, dry)
	if err != nil {
		return err
	}
	imp.first = from
	// The deals of the chunk's orders, many per query: a known order's
	// deal is the one that earned it.
	deals := make([]int64, 0, to-from)
	for _, o := range orders[from:to] {
		if k, ok := imp.book.known(source, strings.TrimSpace(o.OrderID)); ok {
			deals = append(deals, k.deal)
		} else {
			deals = append(deals, o.DealID)
		}
	}
	if err := tx.journal().preload(deals); err != nil {
		return err
	}
	for i := from; i < to; i++ {
		if (i-from)&0xfff == 0 {
			if err := tx.ctx.Err(); err != nil {
				return err
			}
		}
		if err := imp.add(i, orders[i]); errors.Is(err, errTotalOverflow) || errors.Is(err, errBrandOverflow) {
			imp.overflow = true // finish says what was not imported
			break
		} else if err != nil {
			return err
		}
	}
	return imp.finish()
}

// clone returns a copy of r sharing nothing with it.
func (r *ImportResult) clone() ImportResult {
	c := *r
	c.Commission, c.Revenue, c.NotPaid, c.Credited = maps.Clone(r.Commission), maps.Clone(r.Revenue), maps.Clone(r.NotPaid), maps.Clone(r.Credited)
	c.Rejected, c.Stale, c.Unattributed, c.Outcomes = slices.Clone(r.Rejected), slices.Clone(r.Stale), slices.Clone(r.Unattributed), slices.Clone(r.Outcomes)
	return c
}

func newImportResult() ImportResult {
	return ImportResult{Commission: map[string]int64{}, Revenue: map[string]int64{}, NotPaid: map[string]int{}, Credited: map[int64]int64{}}
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
		n, err := tx.orders().releaseDue(tx.today())
		return int64(n), err
	})
	return int(n), err
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
