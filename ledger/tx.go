package ledger

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Tx is a write transaction of one operation: the clock reading, operator
// and operation ID are fixed for all it records.
type Tx struct {
	*sql.Tx
	ctx   context.Context
	store *Store
	// j is the transaction's posting engine (see journal), made on first
	// use.
	j *journal
	// book is the transaction's order book (see orderBook), made on first
	// use.
	book     *orderBook
	now      time.Time
	operator string
	opID     string
	stmts    map[string]*sql.Stmt
	// lock is the closed period in force (see postingDate), read once per
	// transaction; nil until read.
	lock *string
	// approvals is the approvals setting, read with lock (priorOp); nil
	// until read, and after a setting is written.
	approvals *string
	// conn is the connection a PostgreSQL write transaction is pinned to,
	// for COPY (see store_pg_copy.go); nil on SQLite.
	conn *sql.Conn
	// batching is set for an operation's last writes: on PostgreSQL exec
	// queues them (queued) to send in one round trip, queueErr keeping the
	// first failure (see store_pg_batch.go).
	batching bool
	queued   []queuedStmt
	queueErr error
	// behindOK lets a bulk transaction (an import, the builder) write its
	// batches behind (see tx_behind.go): behind is the write in flight,
	// behindErr the first that failed.
	behindOK  bool
	behind    chan error
	behindErr error
}

// exec runs a statement prepared once per transaction: bulk operations post
// hundreds of thousands of transfers through the same few statements.
func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	if tx.queueing() {
		tx.queued = append(tx.queued, queuedStmt{query, args})
		return queuedResult{}, nil
	}
	if err := tx.sendQueued(); err != nil {
		return nil, err
	}
	return tx.execNow(query, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	tx.sendQueued() // a failure is the commit's to report (queueErr)
	st, err := tx.stmt(query)
	if err != nil {
		return tx.Tx.QueryRowContext(tx.ctx, query, args...) // reports err on Scan
	}
	return st.QueryRowContext(tx.ctx, args...)
}

// query runs a query prepared once per transaction.
func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if err := tx.sendQueued(); err != nil {
		return nil, err
	}
	return tx.queryNow(query, args...)
}

// insertID runs an INSERT of one row and returns the row's new id, read
// with RETURNING, which both SQLite and PostgreSQL have (the pgx driver
// has no LastInsertId).
func (tx *Tx) insertID(insert string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(insert+` RETURNING id`, args...).Scan(&id)
	return id, err
}

func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if tx.store != nil {
		// The store-wide statement, bound to this transaction's connection:
		// database/sql reuses the connection's prepared copy.
		shared, err := tx.store.prepare(tx.ctx, query)
		if err != nil {
			return nil, err
		}
		st = tx.Tx.StmtContext(tx.ctx, shared)
	} else {
		var err error
		if st, err = tx.Tx.PrepareContext(tx.ctx, query); err != nil {
			return nil, err
		}
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[query] = st
	return st, nil
}

// prepare returns the store-wide prepared statement of query.
func (s *Store) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if v, ok := s.prepared.Load(query); ok {
		return v.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if v, loaded := s.prepared.LoadOrStore(query, st); loaded {
		st.Close() // another goroutine prepared it first
		return v.(*sql.Stmt), nil
	}
	return st, nil
}

func (tx *Tx) close() {
	tx.waitBehind() // its statements are among those closed
	for _, st := range tx.stmts {
		st.Close()
	}
}

// begin opens a write transaction for one operation.
func (s *Store) begin(ctx context.Context, opID string) (*Tx, error) {
	if err := s.Writable(); err != nil {
		return nil, err
	}
	if s.OnWait != nil {
		note := time.AfterFunc(waitNote, func() {
			s.OnWait(s.waitMessage())
		})
		defer note.Stop()
	}
	var t *sql.Tx
	var conn *sql.Conn
	var err error
	if s.pg != nil {
		t, conn, err = s.beginPinned(ctx)
	} else {
		t, err = s.db.BeginTx(ctx, nil)
	}
	if err != nil {
		return nil, s.storageError(err)
	}
	op := strings.TrimSpace(s.OperatorName())
	if op == "" {
		op = "unknown"
	}
	return &Tx{Tx: t, ctx: ctx, store: s, now: s.Now().UTC(), operator: op, opID: opID, conn: conn}, nil
}

// storageError turns SQLite failures a person can act on into ledger errors.

// today is the operation's day as an effective date.
func (tx *Tx) today() string { return tx.now.Format(DateLayout) }
