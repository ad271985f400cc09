package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL every statement is a round trip to the server, and on a
// loopback connection a round trip costs more than most of the ledger's
// statements do on the server. An operation's last writes need no answer
// but "done": the journal's flush (its transfers, the deals' changed
// figures, brand balances), the order book's updates, the operations row
// and the change notification. So from the final flush to the commit they
// are queued (Tx.exec while tx.batching) and sent together as one pgx batch,
// a pipeline the server runs in order, stopping at the first failure,
// which leaves the transaction to roll back: the same statements with the
// same effects and the same errors, in one round trip instead of four to
// six. The COMMIT ends the batch (Tx.Commit). Request + pay made 26 round
// trips before, 12 now (TestRoundTripsPerOperationPostgres).
//
// Any read, COPY or direct statement on the transaction while writes are
// queued sends them first (sendQueued), so every statement still sees the
// writes before it. SQLite has no round trips: there exec runs at once.

// pgCommit is the COMMIT that ends an operation's batch (Tx.Commit).
const pgCommit = pgRaw + "COMMIT"

// queuedStmt is a write waiting for the batch.
type queuedStmt struct {
	query string
	args  []any
}

// queuedResult is what exec returns for a queued write: its rows are not
// known until it is sent, and no caller in the batched tail asks.
type queuedResult struct{}

var errQueued = errors.New("a queued statement's result is not known until it is sent")

func (queuedResult) LastInsertId() (int64, error) { return 0, errQueued }
func (queuedResult) RowsAffected() (int64, error) { return 0, errQueued }

// execLater runs a write whose result nobody reads before the operation's
// end: on PostgreSQL it waits in the queue for the batched tail (or the
// next read), and a failure is reported then, by the commit or the read.
func (tx *Tx) execLater(query string, args ...any) error {
	if tx.canCopy() {
		tx.queued = append(tx.queued, queuedStmt{query, args})
		return nil
	}
	_, err := tx.exec(query, args...)
	return err
}

// queueing reports whether exec queues writes: PostgreSQL, a pinned
// connection, in the batched tail of an operation.
func (tx *Tx) queueing() bool { return tx.batching && tx.canCopy() }

// sendQueued sends the queued writes in one round trip and reports the
// first failure, naming its statement. A failure stays: the transaction
// is aborted on the server, and every later statement or the commit
// reports it rather than PostgreSQL's "current transaction is aborted".
func (tx *Tx) sendQueued() error {
	// A write behind goes first (tx_behind.go): every statement waits
	// for it, here.
	if err := tx.waitBehind(); err != nil {
		return err
	}
	if tx.queueErr != nil || len(tx.queued) == 0 {
		return tx.queueErr
	}
	q := tx.queued
	tx.queued = nil
	tx.queueErr = tx.conn.Raw(func(dc any) error {
		pc, ok := dc.(*pgConn)
		if !ok {
			return fmt.Errorf("send queued writes: the connection is a %T, not PostgreSQL's", dc)
		}
		pc.trip(fmt.Sprintf("BATCH of %d", len(q)))
		b := &pgx.Batch{}
		for _, s := range q {
			b.Queue(pgSQL(s.query), pgValues(s.args)...)
		}
		res := pc.inner.Conn().SendBatch(tx.ctx, b)
		for _, s := range q {
			if _, err := res.Exec(); err != nil {
				res.Close()
				return fmt.Errorf("%s: %w", stmtName(s.query), err)
			}
		}
		if err := res.Close(); err != nil {
			return err
		}
		// A batch that ends with the COMMIT has ended the transaction.
		pc.committed = q[len(q)-1].query == pgCommit
		return nil
	})
	return tx.queueErr
}

// pgValues passes bools as integers, as pgArgs does for database/sql.
func pgValues(args []any) []any {
	for i, a := range args {
		if b, ok := a.(bool); ok {
			args[i] = boolInt(b)
		}
	}
	return args
}

// stmtName is the start of a statement, to name it in an error: "INSERT
// INTO transfers", "UPDATE deals".
func stmtName(q string) string {
	words := 0
	for i, r := range q {
		if r == ' ' || r == '\n' || r == '\t' || r == '(' {
			if words++; words == 3 {
				return q[:i]
			}
		}
	}
	return q
}

// The transaction's own statements on *sql.Tx send the queue first too.

func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := tx.sendQueued(); err != nil {
		return nil, err
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := tx.sendQueued(); err != nil {
		return nil, err
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext sends the queue first; a failure to send it is reported
// by the commit (queueErr), the row by the server's refusal.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	tx.sendQueued()
	return tx.Tx.QueryRowContext(ctx, query, args...)
}
