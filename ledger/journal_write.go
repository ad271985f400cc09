package ledger

import (
	"cmp"
	"fmt"
	"slices"
)

// The journal's writing of transfers: their one column list, the batch
// INSERT (or COPY on PostgreSQL), the order they are written in, and the
// ID of the last one.

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
	if j.byDeal {
		j.sortByDeal()
	}
	// The written rows' slots and the arguments are used again by the next
	// batch (a million-row import writes thousands): allocated afresh each
	// time they were a fifth of the import's garbage.
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
	// place: a sorted copy would hold as much memory again (216 bytes a
	// row).
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
