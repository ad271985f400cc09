package ledger

import (
	"cmp"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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

// transferColumns is the one column list of a transfer row, but its id.
const transferColumns = `deal_id, currency, from_account, to_account, amount, kind, date, posting_date, at,
	operator, op_id, method, reference, comment, reverses, fee_id, request_id, order_key, remaining_after`

// transferCols is how many columns transferColumns lists.
const transferCols = 19

// transferInsert is the INSERT of n transfers, with their IDs when withID
// (else the database gives them: PostgreSQL refuses an explicit NULL).
func transferInsert(n int, withID bool) string {
	if withID {
		return `INSERT OR FAIL INTO transfers (id, ` + transferColumns + `) VALUES ` + rowsOf(n, transferCols+1)
	}
	return `INSERT OR FAIL INTO transfers (` + transferColumns + `) VALUES ` + rowsOf(n, transferCols)
}

// transferCopyColumns are the columns of a transfer row with its id, for
// COPY.
var transferCopyColumns = columnList("id, " + transferColumns)

// transferNewCopyColumns are those of a transfer row the database numbers.
var transferNewCopyColumns = columnList(transferColumns)

var transferBatchInsert = [2]string{transferInsert(journalBatch, false), transferInsert(journalBatch, true)}

// flushTransfers writes the queued transfers, journalBatch rows per INSERT.
// The INSERT is OR FAIL (a failed constraint stops it where it is, with no
// partial undo: any failure rolls the whole operation back), and since
// schema 20 nothing in it may abort (its foreign keys are deferred, its
// guard fails), so SQLite keeps no statement journal for it.
func (j *journal) flushTransfers() error {
	if j.dry {
		j.queue = j.queue[:0]
		return nil
	}
	// The written rows' slots and the arguments are used again by the next
	// batch (a million-row import writes thousands): allocated afresh each
	// time they were a fifth of the import's garbage.
	if j.byDeal {
		j.sortByDeal()
	}
	all := j.queue
	size := j.tx.batchRows()
	for len(j.queue) > 0 {
		n := min(len(j.queue), size)
		last := j.queue[n-1].id // IDs given (a builder, an import), or none
		// A batch without IDs (an import's) goes by COPY on PostgreSQL,
		// and the database numbers its rows in order, as an INSERT would:
		// nothing needs their IDs but lastTransfer, which reads the last.
		copyNew := last == 0 && n >= copyMinRows && j.tx.canCopy()
		args := j.args.take()
		for _, q := range j.queue[:n] {
			if last != 0 {
				args = append(args, q.id)
			}
			args = append(args, q.DealID, q.Currency, q.From, q.To, q.Amount, q.Kind, q.Date, q.posting, q.at,
				j.tx.operator, j.tx.opID, q.Method, q.Reference, q.Comment, nullID(q.Reverses), nullID(q.FeeID),
				nullID(q.RequestID), nullID(q.OrderKey), q.remaining)
		}
		queueing := j.tx.queueing()
		behind, err := j.tx.writeBehind(args, func(w txWriter) error {
			return j.writeTransfers(w, n, args, last, copyNew, queueing)
		})
		if err != nil {
			return err
		}
		j.args.handed(j.tx, args, behind)
		j.queue = j.queue[n:]
	}
	clear(all) // let the written ones' strings go
	// The queue is kept for the next flush unless it grew past what the
	// journal writes at a time (a large interactive flush).
	if cap(all) <= 2*max(size, j.batch) {
		j.queue = all[:0]
	} else {
		j.queue = nil // a large flush's queue goes too
	}
	return nil
}

// sortByDeal puts the queued transfers in order of deal, each deal's in the
// order they were posted, before they are written and numbered. A deal's
// history is in the order of its transfers' IDs, which this keeps; how the
// transfers of different deals interleave says nothing. Written in the
// order posted, an import's transfers land all over the indexes that begin
// with the deal (transfers_deal, transfers_deal_report): one page here,
// the next far away. Written deal by deal, each index page is visited once
// per flush. In the sqlite3 CLI, the 624,883 transfers of the 1M-row import
// written 52,000 at a time took 2.38 s and 2.46 s sorted so against 3.04 s
// and 2.87 s in the order posted (2026-12-03; 16,384 at a time 2.47 s and
// 2.57 s, 4,096 gained nothing). See importSortRows for the import itself.
func (j *journal) sortByDeal() {
	if j.ids != nil || len(j.queue) < 2 {
		return // IDs given: they are the order
	}
	// The rows are large: sort their places, then move each row once, in
	// place (a copy of the queue was 20 MB more at the import's peak).
	order := make([]int32, len(j.queue))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(j.queue[a].DealID, j.queue[b].DealID), cmp.Compare(a, b))
	})
	// Row i goes to the place where order names it; follow each cycle of
	// that permutation, marking each place done as it is filled.
	for start := range order {
		if order[start] < 0 {
			continue
		}
		first := j.queue[start]
		at := start
		for {
			from := int(order[at])
			order[at] = -1
			if from == start {
				j.queue[at] = first
				break
			}
			j.queue[at] = j.queue[from]
			at = from
		}
	}
}

// insertNumbered writes transfers whose IDs the database gives and keeps
// the last one: the highest, as IDs grow in the order rows are inserted.
// SQLite tells it without RETURNING: the last rowid of the connection is
// the INSERT's last row (the guard trigger it runs inserts nothing). A
// RETURNING there fills a temporary table with every row's ID and reads
// each back: about a second of a million-row import.
func (j *journal) insertNumbered(w txWriter, q string, args []any) error {
	if j.tx.store.pg == nil {
		res, err := w.exec(q, args...)
		if err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
		j.lastID = max(j.lastID, id)
		return nil
	}
	rows, err := w.query(q+` RETURNING id`, args...)
	if err != nil {
		return fmt.Errorf("insert transfers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
		j.lastID = max(j.lastID, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("insert transfers: %w", err)
	}
	return rows.Close()
}

// lastTransfer returns the ID of the last transfer posted, writing it if
// its ID is not known yet.
func (j *journal) lastTransfer() (int64, error) {
	if j.byDeal {
		// Written deal by deal, the last posted is not the last numbered.
		return 0, Errorf(EINTERNAL, "the last transfer of a transaction written deal by deal is not known")
	}
	if n := len(j.queue); n > 0 && j.queue[n-1].id != 0 {
		return j.queue[n-1].id, nil
	}
	if err := j.flushTransfers(); err != nil {
		return 0, err
	}
	if err := j.tx.waitBehind(); err != nil { // it sets lastID
		return 0, err
	}
	if j.lastID < 0 {
		// The last batch went by COPY: the sequence's last value given in
		// this session is its last row's.
		if err := j.tx.queryRow(pgRaw + `SELECT currval(pg_get_serial_sequence('transfers', 'id'))`).Scan(&j.lastID); err != nil {
			return 0, fmt.Errorf("last transfer: %w", err)
		}
	}
	return j.lastID, nil
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
