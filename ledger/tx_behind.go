package ledger

import (
	"database/sql"
	"fmt"
)

// Writes behind: an import and the large-program builder post hundreds of
// thousands of transfers, and their journal writes them a batch at a time
// (journal.batch). Working out a batch (the order rules, the deals'
// figures in memory, the rows' values) is this process's work; writing it
// on PostgreSQL is the server's. Done in turn, each waits for the other.
// So on PostgreSQL (writesBehind) a bulk transaction hands each batch's
// COPY to a goroutine of its own and goes on with the next batch while the
// server writes it: one write at a time, in the order they were handed
// over.
//
// Every other statement of the transaction waits for that write first:
// sendQueued, which each read, write, COPY and the commit call before
// anything else, calls waitBehind. A write behind that fails fails every
// later statement and the commit with its error, and the transaction rolls
// back whole, as for any failed statement. What a write behind uses (its
// rows' values) is its own until it ends; what it yields (the last ID of
// its rows) is read only after waitBehind.

// writesBehind says whether a bulk transaction writes its batches behind:
// on PostgreSQL, whose server does the writing in a process of its own.
// On SQLite the writing is the process's own work, and writing behind
// made the 1M-row import slower (2026-12-02, quiet machine, runs
// alternated: 2.49x and 2.24x sqlite3's .import, against 2.26x and 2.13x
// written at once, with a tenth more CPU time): the two goroutines and
// the collector share the same two cores, and the B-trees are the same
// work whichever goroutine does it. On PostgreSQL the import of 500,000
// rows took 2.57x, 3.42x, 2.92x and 2.90x psql's \copy written behind,
// 3.06x, 3.40x, 3.35x and 3.16x written at once (runs alternated).
func writesBehind(tx *Tx) bool { return tx.canCopy() }

// behindWrite is a write handed to the transaction's writer. It runs its
// statements through w: the transaction itself when it runs at once, or
// the methods that do not wait for writes behind when it is one.
type behindWrite func(w txWriter) error

// txWriter is what a write runs its statements with.
type txWriter interface {
	exec(query string, args ...any) (sql.Result, error)
	query(query string, args ...any) (*sql.Rows, error)
	copyInto(table string, columns []string, args []any) (bool, error)
}

// nowWriter runs a write behind's statements at once: it is the write the
// transaction's other statements wait for.
type nowWriter struct{ tx *Tx }

func (w nowWriter) exec(query string, args ...any) (sql.Result, error) {
	return w.tx.execNow(query, args...)
}
func (w nowWriter) query(query string, args ...any) (*sql.Rows, error) {
	return w.tx.queryNow(query, args...)
}
func (w nowWriter) copyInto(table string, columns []string, args []any) (bool, error) {
	return w.tx.copyNow(table, columns, args)
}

// writeBehind runs write behind the transaction's back once the write
// before it has ended, or at once, in the caller, when the transaction
// writes nothing behind (interactive operations, previews). Statements
// queued before it (PostgreSQL's batched writes) are sent first, so that
// the writes keep their order. It says whether write went behind.
func (tx *Tx) writeBehind(args []any, write behindWrite) (bool, error) {
	if !tx.behindOK {
		return false, write(tx)
	}
	if err := tx.sendQueued(); err != nil {
		return false, err
	}
	done := make(chan error, 1)
	tx.behind = done
	if onWriteBehind != nil {
		onWriteBehind()
	}
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("write: %v", r)
			}
		}()
		err := write(nowWriter{tx})
		clear(args) // before the wait ends: the next batch fills them
		done <- err
	}()
	return true, nil
}

// onWriteBehind, when set (tests only), is called as a write goes behind.
var onWriteBehind func()

// waitBehind waits for the write behind, if one runs, and returns the
// first failure of any (it stays: the transaction is lost).
func (tx *Tx) waitBehind() error {
	if tx.behind != nil {
		err := <-tx.behind
		tx.behind = nil
		if err != nil && tx.behindErr == nil {
			tx.behindErr = err
		}
	}
	return tx.behindErr
}

// execNow is exec without waiting: for a write behind, and for exec once
// it has waited.
func (tx *Tx) execNow(query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.ctx, args...)
}

// queryNow is query without waiting: for a write behind (an INSERT ...
// RETURNING), and for query once it has waited.
func (tx *Tx) queryNow(query string, args ...any) (*sql.Rows, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(tx.ctx, args...)
}

// argBuffers are the two argument lists a writer of batches fills in turn:
// while one is written behind, the next batch fills the other.
type argBuffers struct{ next, spare []any }

// take returns the list to fill, empty.
func (b *argBuffers) take() []any { return b.next[:0] }

// handed takes back args once given to a write. Written at once, they are
// emptied for the next batch (reuseArgs). Written behind, they are the
// write's until it ends, which empties them (clear): the next batch fills
// the other list, whose write has ended (writeBehind waits for it before
// it starts the one after).
func (b *argBuffers) handed(tx *Tx, args []any, behind bool) {
	if !behind {
		b.next = reuseArgs(tx, args)
		return
	}
	b.next, b.spare = b.spare, args
}

// writeTransfers writes one batch of the journal's transfers, n rows of
// args, with w, by COPY or INSERT, and keeps the last ID written (lastID).
// queueing is whether the transaction was in PostgreSQL's batched tail
// when the batch was handed over.
func (j *journal) writeTransfers(w txWriter, n int, args []any, last int64, copyNew, queueing bool) error {
	// The INSERT, when not by COPY (n is then at most journalBatch).
	insert := func() string {
		if n == journalBatch {
			return transferBatchInsert[boolInt(last != 0)]
		}
		return transferInsert(n, last != 0)
	}
	switch {
	case last != 0:
		// IDs given: nothing to read back; on PostgreSQL, by COPY.
		copied, err := w.copyInto("transfers", transferCopyColumns, args)
		if !copied {
			_, err = w.exec(insert(), args...)
		}
		if err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
		j.lastID = last
	case copyNew:
		if _, err := w.copyInto("transfers", transferNewCopyColumns, args); err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
		j.lastID = -1 // numbered by the database: read when asked
	case queueing:
		// The operation's last flush: nothing reads the IDs back. Written
		// at once, the INSERT joins the batched tail (store_pg_batch.go);
		// written behind, it runs then.
		if _, err := w.exec(insert(), args...); err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
	default:
		return j.insertNumbered(w, insert(), args)
	}
	return nil
}
