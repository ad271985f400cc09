package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// journal is the one posting engine of a write transaction. Every transfer,
// whichever operation or import it comes from, goes through journal.post:
// it loads the deal on first use, checks the transfer against the tables
// (kindFlows, accounts: currency, floors, totals that would overflow),
// moves the deal's figures in memory, and queues the transfer with the
// deal's remaining balance after it. flush writes what is queued with one
// statement each: the transfers (one multi-row INSERT), every changed deal
// (one UPDATE of its figures) and every changed brand account.
//
// An interactive operation flushes once, at its end (Store.do): for a
// request or a payment that is one INSERT, one UPDATE and at most one
// brand upsert, as many statements as posting row by row took. An import
// and the large-program builder flush transfers every journalBatch rows.
// A read of transfers inside the transaction flushes them first
// (flushTransfers); the deal figures a transaction reads come from here.
type journal struct {
	tx     *Tx
	deals  map[int64]*journalDeal
	brand  map[[2]string]int64 // change of each brand account, per currency
	queue  []queued
	ids    *idSource // gives each transfer its ID as it is posted; nil: the database does, when written
	lastID int64     // the ID of the last transfer written
	batch  int       // write transfers every batch rows; 0: only on flush
	// byDeal writes each flush's transfers deal by deal (an import's on
	// SQLite): see sortByDeal.
	byDeal bool
	args   argBuffers // the arguments of the INSERTs, emptied, to use again
	dry    bool       // write nothing: an import's preview (PreviewOrders)
	posted int64      // transfers posted
}

// journalDeal is a deal as the journal holds it.
type journalDeal struct {
	dealRow
	touched bool
	saved   Balances // the figures as the file holds them
	// creator is the creator's name and payable whether they have payout
	// details on file, read with the deal (named) for payeeReady.
	creator        string
	payable, named bool
}

// queued is a transfer posted and not yet written.
type queued struct {
	transfer
	id        int64 // 0: given by SQLite when written
	at        int64 // when it was recorded (a builder moves the clock)
	posting   string
	remaining int64
}

// journalBatch is how many transfers the builder and the import write per
// INSERT: large enough that the per-statement cost vanishes, small enough to
// stay far below SQLite's 32766 bound variables.
const journalBatch = 256

// journal returns the transaction's journal.
func (tx *Tx) journal() *journal {
	if tx.j == nil {
		tx.j = &journal{tx: tx, deals: map[int64]*journalDeal{}, brand: map[[2]string]int64{}}
	}
	return tx.j
}

// post posts one transfer: see journal.
func (tx *Tx) post(t transfer) error { return tx.journal().post(t) }

// dealLoad is how the journal loads a deal: its rule and figures, and
// whether its creator can be paid (so that a payment reads the deal once).
const dealLoad = dealLoadWhere + `= ?`

// dealLoadWhere is dealLoad up to the deal ID's test.
const dealLoadWhere = `SELECT d.id, d.currency, d.rule_kind, d.rule_value, d.hold_days, d.creator_id,
	d.scheduled, d.held, d.owed, d.requested, d.paid, d.commission, d.fees, d.bonuses, d.revenue, cr.name, ` + detailsOnFileSQL + `
	FROM deals d JOIN creators cr ON cr.id = d.creator_id WHERE d.id `

// scanJournalDeal reads a row of dealLoad.
func scanJournalDeal(sc interface{ Scan(...any) error }) (*journalDeal, error) {
	d := &journalDeal{named: true}
	err := sc.Scan(&d.ID, &d.Currency, &d.Rule.Kind, &d.Rule.Value, &d.HoldDays, &d.CreatorID,
		&d.Scheduled, &d.Held, &d.Owed, &d.Requested, &d.Paid, &d.Commission, &d.Fees, &d.Bonuses, &d.Revenue, &d.creator, &d.payable)
	d.saved = d.Balances
	return d, err
}

// deal returns the deal as the journal holds it, loading it on first use.
func (j *journal) deal(id int64) (*journalDeal, error) {
	if d, ok := j.deals[id]; ok {
		return d, nil
	}
	d, err := scanJournalDeal(j.tx.queryRow(dealLoad, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Errorf(ENOTFOUND, "deal %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("read deal %d: %w", id, err)
	}
	j.deals[id] = d
	return d, nil
}

// preload loads the deals of ids that the journal does not hold yet, up to
// 500 per query (on PostgreSQL all in one, their IDs in an array: see
// store_pg_import.go): a chunk of an import touches thousands of deals
// (all 12,000 of the large program's), and loading each with a query of
// its own was a tenth of a million-row import's CPU time. A deal not found
// is left for deal to say so.
func (j *journal) preload(ids []int64) error {
	var want []int64
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if _, ok := j.deals[id]; !ok && id > 0 && !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	const batch = 500
	for len(want) > 0 {
		n := min(len(want), batch)
		var q string
		var args []any
		if j.tx.store != nil && j.tx.store.pg != nil {
			n = len(want) // all at once (store_pg_import.go)
			q, args = dealLoadWhere+`= ANY(CAST(? AS bigint[]))`, []any{pgInts(want)}
		} else {
			q, args = dealLoadWhere+`IN (?`+strings.Repeat(",?", n-1)+`)`, make([]any, n)
			for i, id := range want[:n] {
				args[i] = id
			}
		}
		rows, err := j.tx.QueryContext(j.tx.ctx, q, args...)
		if err != nil {
			return fmt.Errorf("read deals: %w", err)
		}
		for rows.Next() {
			d, err := scanJournalDeal(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("read deals: %w", err)
			}
			j.deals[d.ID] = d
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("read deals: %w", err)
		}
		want = want[n:]
	}
	return nil
}

// added records a deal the transaction has just inserted, with no figures.
func (j *journal) added(d dealRow) { j.deals[d.ID] = &journalDeal{dealRow: d, saved: d.Balances} }

// deal returns what operations need to know of a deal: the journal's copy.
func (tx *Tx) deal(id int64) (dealRow, error) {
	d, err := tx.journal().deal(id)
	if err != nil {
		return dealRow{}, err
	}
	return d.dealRow, nil
}

// post checks t against the tables, moves the deal's figures and queues it.
// Nothing changes when it refuses.
func (j *journal) post(t transfer) error {
	if t.Amount <= 0 {
		return Errorf(EINTERNAL, "post %s: amount %d is not positive", t.Kind, t.Amount)
	}
	fa, ok1 := accountOf(t.From)
	ta, ok2 := accountOf(t.To)
	if !ok1 || !ok2 || !FlowAllowed(t.Kind, t.From, t.To) {
		return Errorf(EINTERNAL, "post %s: bad accounts %s -> %s", t.Kind, t.From, t.To)
	}
	if t.Date == "" {
		t.Date = j.tx.today()
	}
	// The one rule of posting dates (PostingDate): a transfer dated in a
	// closed period is posted on the first open day, its date kept.
	posting, err := j.tx.postingDate(t.Date)
	if err != nil {
		return err
	}
	d, err := j.deal(t.DealID)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return err
	}
	if err != nil || d.Currency != t.Currency {
		return Errorf(EINTERNAL, "post %s: deal %d in %s not found", t.Kind, t.DealID, t.Currency)
	}
	before := d.Balances
	if err := d.moveAccounts(fa, ta, t.Amount); err != nil {
		return err
	}
	if acc := d.belowFloor(fa, ta); acc != "" {
		d.Balances = before
		return Errorf(EINTERNAL, "post %s: deal %d would go below zero on %s", t.Kind, t.DealID, acc)
	}
	var brand [2]struct {
		key [2]string
		v   int64
	}
	for i, side := range [2]struct {
		acc  account
		sign int64
	}{{fa, -1}, {ta, 1}} {
		if side.acc.deal {
			continue
		}
		key := [2]string{side.acc.name, t.Currency}
		v, err := addChecked(j.brand[key], side.sign*t.Amount)
		if err != nil {
			d.Balances = before
			return errBrandOverflow
		}
		brand[i].key, brand[i].v = key, v
	}
	for _, b := range brand {
		if b.key[0] != "" {
			j.brand[b.key] = b.v
		}
	}
	d.touched = true
	q := queued{transfer: t, at: ms(j.tx.now), posting: posting, remaining: d.Remaining()}
	if j.ids != nil {
		if q.id, err = j.ids.take(j.tx); err != nil {
			d.Balances = before
			return err
		}
	}
	j.queue = append(j.queue, q)
	j.posted++
	if j.batch > 0 && len(j.queue) >= j.batch {
		return j.flushTransfers()
	}
	return nil
}

// errBrandOverflow refuses a transfer that would take a brand balance past
// what an int64 holds.
var errBrandOverflow = Errorf(EINVALID, "amount too large: a brand balance would overflow")

// addRevenue moves a deal's order revenue by delta.
func (j *journal) addRevenue(d *journalDeal, delta int64) error {
	v, err := addChecked(d.Revenue, delta)
	if err != nil {
		return errTotalOverflow
	}
	d.Revenue = v
	d.touched = true
	return nil
}

// flush writes everything the journal holds: the queued transfers, each
// changed deal's figures and each changed brand account.
func (j *journal) flush() error {
	if err := j.flushTransfers(); err != nil || j.dry {
		return err
	}
	// Nothing reads the deals back in the transaction but through the
	// journal: on PostgreSQL they go in the batch of queued writes, not a
	// round trip each (execLater), many of them in one statement
	// (dealsUpdate; an import's flush changes thousands).
	var touched []*journalDeal
	for _, d := range j.deals {
		if d.touched {
			touched = append(touched, d)
		}
	}
	if len(touched) >= dealsBatchMin && j.tx.canCopy() {
		if q, args := dealsUpdate(touched); q != "" {
			if err := j.tx.execLater(q, args...); err != nil {
				return fmt.Errorf("write deals: %w", err)
			}
		}
	} else {
		for _, d := range touched {
			if q, args := dealUpdate(d.ID, &d.Balances, &d.saved); q != "" {
				if err := j.tx.execLater(q, args...); err != nil {
					return fmt.Errorf("write deal %d: %w", d.ID, err)
				}
			}
		}
	}
	for _, d := range touched {
		d.touched, d.saved = false, d.Balances
	}
	for k, v := range j.brand {
		if v == 0 {
			continue
		}
		// The old balance is named with its table: PostgreSQL refuses a
		// bare balance next to excluded's as ambiguous.
		if err := j.tx.execLater(`INSERT INTO brand_accounts (kind, currency, balance) VALUES (?1, ?2, ?3)
			ON CONFLICT (kind, currency) DO UPDATE SET balance = brand_accounts.balance + excluded.balance`, k[0], k[1], v); err != nil {
			return fmt.Errorf("brand balance: %w", err)
		}
	}
	clear(j.brand)
	return nil
}

// flush writes what the transaction holds in memory: the order book's
// orders, then the journal.
func (tx *Tx) flush() error {
	if tx.book != nil {
		if err := tx.book.flush(); err != nil {
			return err
		}
	}
	if tx.j != nil {
		return tx.j.flush()
	}
	return nil
}

// flushTransfers writes the transfers queued so far: a read of transfers
// inside the transaction calls it first.
func (tx *Tx) flushTransfers() error {
	if tx.j == nil {
		return nil
	}
	return tx.j.flushTransfers()
}

// rowsOf is the VALUES of a multi-row INSERT of n rows of cols columns. The
// parameters are anonymous: the driver looks a numbered one up by name, in
// time growing with the number of parameters.
func rowsOf(n, cols int) string {
	row := "(" + strings.Repeat("?,", cols-1) + "?)"
	return row + strings.Repeat(","+row, n-1)
}

// reuseArgs returns args emptied, for the next statement, once the one
// they were given to has run; when it was only queued (PostgreSQL's batched
// tail, see queueing) they belong to it, and the next gets new ones.
func reuseArgs(tx *Tx, args []any) []any {
	if tx.queueing() {
		return nil
	}
	clear(args)
	return args[:0]
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
