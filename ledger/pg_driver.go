package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"

	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL the store talks to pgx's database/sql driver through this
// thin wrapper, the one place every statement passes, whoever runs it
// (Tx.exec, Store.prepare, a read on s.db, a read-only transaction):
//
//   - its text is rewritten to PostgreSQL's dialect (pgSQL), once per text;
//   - a "prepared" statement is only that text: pgx runs each statement in
//     one round trip with its parameters untyped (QueryExecModeExec, text
//     format), so the server types them from where they stand, as SQLite
//     does, instead of refusing "could not determine data type of parameter"
//     at a server-side PREPARE;
//   - a bool argument is sent as 1 or 0, and a bool result (a comparison,
//     EXISTS) comes back as 1 or 0: the ledger stores flags as integers, as
//     SQLite has no booleans;
//   - a transaction that asks for no isolation level runs SERIALIZABLE, or
//     REPEATABLE READ when read-only (the ledger's contract: a write either
//     sees no concurrent change or fails with a serialization failure that
//     Store.do retries; a read sees one snapshot).

// pgConnector opens connections of the pgx driver for one store.
type pgConnector struct {
	inner driver.Connector
	// sent, when set (tests), is told every round trip a connection makes
	// for a statement, a BEGIN or a COMMIT (Store.onStatement).
	sent func(query string)
}

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{inner: cn.(*stdlib.Conn), sent: c.sent}, nil
}

func (c *pgConnector) Driver() driver.Driver { return c.inner.Driver() }

type pgConn struct {
	inner *stdlib.Conn
	sent  func(query string)
	// committed says the transaction open on the connection was committed
	// by the last statement of a batch (Tx.Commit): its Commit sends
	// nothing more.
	committed bool
}

// trip tells the test hook of a round trip.
func (c *pgConn) trip(query string) {
	if c.sent != nil {
		c.sent(query)
	}
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *pgConn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	return &pgStmt{conn: c, query: pgSQL(query)}, nil
}

func (c *pgConn) Close() error { return c.inner.Close() }

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if sql.IsolationLevel(opts.Isolation) == sql.LevelDefault {
		opts.Isolation = driver.IsolationLevel(sql.LevelSerializable)
		if opts.ReadOnly {
			opts.Isolation = driver.IsolationLevel(sql.LevelRepeatableRead)
		}
	}
	c.committed = false
	c.trip("BEGIN")
	t, err := c.inner.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &pgTx{inner: t, conn: c}, nil
}

// pgTx tells the test hook of its COMMIT or ROLLBACK.
type pgTx struct {
	inner driver.Tx
	conn  *pgConn
}

func (t *pgTx) Commit() error {
	if t.conn.committed {
		t.conn.committed = false
		return nil
	}
	t.conn.trip("COMMIT")
	return t.inner.Commit()
}

func (t *pgTx) Rollback() error {
	if t.conn.committed { // committed, and Rollback is database/sql's no-op after Commit
		t.conn.committed = false
		return nil
	}
	t.conn.trip("ROLLBACK")
	return t.inner.Rollback()
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.trip(query)
	return c.inner.ExecContext(ctx, pgSQL(query), pgArgs(args))
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.query(ctx, pgSQL(query), args)
}

func (c *pgConn) query(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.trip(query)
	r, err := c.inner.QueryContext(ctx, query, pgArgs(args))
	if err != nil {
		return nil, err
	}
	return &pgRows{Rows: r}, nil
}

func (c *pgConn) Ping(ctx context.Context) error             { return c.inner.Ping(ctx) }
func (c *pgConn) ResetSession(ctx context.Context) error     { return c.inner.ResetSession(ctx) }
func (c *pgConn) CheckNamedValue(v *driver.NamedValue) error { return c.inner.CheckNamedValue(v) }

// pgArgs passes bools as integers (see above).
func pgArgs(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if b, ok := a.Value.(bool); ok {
			v := int64(0)
			if b {
				v = 1
			}
			args[i].Value = v
		}
	}
	return args
}

// pgStmt is a statement's rewritten text (see above).
type pgStmt struct {
	conn  *pgConn
	query string
}

func (s *pgStmt) Close() error  { return nil }
func (s *pgStmt) NumInput() int { return -1 }

func (s *pgStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *pgStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.conn.trip(s.query)
	return s.conn.inner.ExecContext(ctx, s.query, pgArgs(args))
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.conn.query(ctx, s.query, args)
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// pgRows returns bools as integers (see above).
type pgRows struct {
	driver.Rows
}

func (r *pgRows) Next(dest []driver.Value) error {
	if err := r.Rows.Next(dest); err != nil {
		return err
	}
	for i, v := range dest {
		if b, ok := v.(bool); ok {
			if b {
				dest[i] = int64(1)
			} else {
				dest[i] = int64(0)
			}
		}
	}
	return nil
}
