package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL the bulk writes (the journal's transfers and the order
// book's new orders, copyBatchPG rows at a time; a ledger moved in by
// CopyLedger) go by COPY, pgx's CopyFrom, instead of a multi-row INSERT:
// the server parses no statement and plans nothing per batch, and it still
// checks every constraint and fires every trigger, so the checks are the
// same.
//
// CopyFrom is a method of the pgx connection, which database/sql keeps to
// itself: a *sql.Tx has no way to its connection, and *sql.Conn.Raw hands
// out the driver's connection only for a *sql.Conn. So a write transaction
// on PostgreSQL runs on a pinned connection (Tx.conn: begin takes one from
// the pool with DB.Conn and begins the transaction on it), and copyInto
// reaches the pgx connection through Conn.Raw, in the transaction already
// open on it: PostgreSQL's transaction state belongs to the session, so a
// COPY sent on that connection is part of the transaction and rolls back
// with it. Raw may run while the *sql.Tx is open: it takes the connection's
// lock only for the call (no Rows of the transaction may be open then; a
// flush never has any).

// copyInto writes rows into table with COPY on the transaction's
// connection: args holds len(columns) values per row, in column order. It
// returns false without writing when the transaction cannot COPY (SQLite,
// or no pinned connection): the caller INSERTs.
func (tx *Tx) copyInto(table string, columns []string, args []any) (bool, error) {
	if !tx.canCopy() {
		return false, nil
	}
	if err := tx.sendQueued(); err != nil {
		return true, err
	}
	return tx.copyNow(table, columns, args)
}

// copyNow is copyInto for a write behind (tx_behind.go): it runs at once,
// without waiting for one.
func (tx *Tx) copyNow(table string, columns []string, args []any) (bool, error) {
	if !tx.canCopy() {
		return false, nil
	}
	n := len(args) / len(columns)
	err := tx.conn.Raw(func(dc any) error {
		pc, ok := dc.(*pgConn)
		if !ok {
			return fmt.Errorf("copy into %s: the connection is a %T, not PostgreSQL's", table, dc)
		}
		nc := len(columns)
		src := pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			row := args[i*nc : (i+1)*nc]
			for j, v := range row {
				if b, ok := v.(bool); ok { // flags are integers, as in SQLite
					row[j] = boolInt(b)
				}
			}
			return row, nil
		})
		copied, err := pc.inner.Conn().CopyFrom(tx.ctx, pgx.Identifier{table}, columns, src)
		if err == nil && copiedInto != nil {
			copiedInto(table, copied)
		}
		return err
	})
	return true, err
}

// copyMinRows is the smallest batch worth a COPY: a COPY is two round trips
// (pgx describes the columns first), and a batch without IDs a third to
// take them; an operation's few rows go by one INSERT ... RETURNING.
const copyMinRows = 64

// batchRows is how many rows the transaction writes per bulk statement:
// journalBatch per INSERT (SQLite bounds a statement's variables), and
// copyBatchPG per COPY on PostgreSQL, as a ledger moved in is copied. A
// COPY has no such bound, and each one costs the server a statement's
// start and end and the run of the identity-sequence trigger after it
// (payouts_follow_ids, which reads the statement's new rows), and the
// client two round trips: at 256 rows a COPY, a million-row import sent
// 3,675 of them (issue 18). 4,096 rows of transfers keep the trigger's
// table of new rows in memory (within work_mem's 4 MB).
func (tx *Tx) batchRows() int {
	if tx.canCopy() {
		return copyBatchPG
	}
	return journalBatch
}

// canCopy says whether the transaction can COPY (PostgreSQL, pinned).
func (tx *Tx) canCopy() bool { return tx.conn != nil && tx.store != nil && tx.store.pg != nil }

// takeIDs takes n new IDs of table from its sequence, in one round trip,
// ascending: rows given them in order keep the order they were posted in.
// As an INSERT's, they are taken for rows about to be written: none is
// left unused unless the transaction rolls back.
func (tx *Tx) takeIDs(table string, n int) ([]int64, error) {
	rows, err := tx.query(fmt.Sprintf(pgRaw+`SELECT nextval(pg_get_serial_sequence('%s', 'id')) FROM generate_series(1, %d)`, table, n))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("took %d ids of %s, want %d", len(ids), table, n)
	}
	slices.Sort(ids)
	return ids, nil
}

// copiedInto, when set (tests), is told every COPY: the table and its rows.
var copiedInto func(table string, rows int64)

// columnList splits a column list as the ledger writes it ("id, deal_id,
// ...") into names.
func columnList(cols string) []string {
	out := strings.Split(cols, ",")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// beginPinned begins a write transaction on a connection of its own (see
// above); the connection goes back to the pool when the transaction ends.
func (s *Store) beginPinned(ctx context.Context) (*sql.Tx, *sql.Conn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return t, conn, nil
}

// Commit sends the writes still queued (store_pg_batch.go), commits the
// transaction and gives back its pinned connection. Writes the server
// refused roll it back.
func (tx *Tx) Commit() error {
	if len(tx.queued) > 0 && tx.queueErr == nil {
		// The COMMIT joins the batch: one round trip less (the driver's
		// own Commit then sends nothing, see pgTx).
		tx.queued = append(tx.queued, queuedStmt{query: pgCommit})
	}
	if err := tx.sendQueued(); err != nil {
		tx.Rollback()
		return err
	}
	err := tx.Tx.Commit()
	tx.release()
	return err
}

// Rollback rolls the transaction back (a no-op after Commit) and gives
// back its pinned connection.
func (tx *Tx) Rollback() error {
	tx.waitBehind() // the write behind uses the transaction
	err := tx.Tx.Rollback()
	tx.release()
	return err
}

func (tx *Tx) release() {
	if tx.conn != nil {
		tx.conn.Close()
		tx.conn = nil
	}
}
