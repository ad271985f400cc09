package ledger

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The store talks to SQLite through a thin wrapper of the driver, so that
// every statement's error passes one place: SQLite's report that the file is
// damaged (SQLITE_CORRUPT, SQLITE_NOTADB) turns the store read-only at once,
// whichever query saw it, and the error says so in words a person can act
// on instead of "internal error: database disk image is malformed".
// Every statement also passes Store.sent, which tests use to count what an
// operation sends (statements_internal_test.go).

// watchConnector opens connections of the modernc driver for one store.
type watchConnector struct {
	dsn   string
	store *Store
}

func (c *watchConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return nil, c.store.watch(err)
	}
	inner, ok := cn.(innerConn)
	if !ok {
		cn.Close()
		return nil, fmt.Errorf("sqlite driver connection %T lacks context methods", cn)
	}
	return &watchConn{inner: inner, store: c.store}, nil
}

func (c *watchConnector) Driver() driver.Driver { return &sqlite.Driver{} }

// innerConn is what the modernc connection implements and database/sql uses.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type watchConn struct {
	inner innerConn
	store *Store
}

func (c *watchConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *watchConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.inner.PrepareContext(ctx, query)
	if err != nil {
		return nil, c.store.watch(err)
	}
	return &watchStmt{inner: st, store: c.store, query: query}, nil
}

func (c *watchConn) Close() error { return c.inner.Close() }

func (c *watchConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *watchConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.store.sent("BEGIN")
	t, err := c.inner.BeginTx(ctx, opts)
	if err != nil {
		return nil, c.store.watch(err)
	}
	return &watchTx{inner: t, store: c.store}, nil
}

func (c *watchConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.store.sent(query)
	r, err := c.inner.ExecContext(ctx, query, args)
	return r, c.store.watch(err)
}

func (c *watchConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.store.sent(query)
	r, err := c.inner.QueryContext(ctx, query, args)
	if err != nil {
		return nil, c.store.watch(err)
	}
	return &watchRows{inner: r, store: c.store}, nil
}

func (c *watchConn) Ping(ctx context.Context) error { return c.store.watch(c.inner.Ping(ctx)) }

func (c *watchConn) ResetSession(ctx context.Context) error { return c.inner.ResetSession(ctx) }

func (c *watchConn) IsValid() bool { return c.inner.IsValid() }

type watchTx struct {
	inner driver.Tx
	store *Store
}

func (t *watchTx) Commit() error {
	t.store.sent("COMMIT")
	return t.store.watch(t.inner.Commit())
}

func (t *watchTx) Rollback() error {
	t.store.sent("ROLLBACK")
	return t.store.watch(t.inner.Rollback())
}

type watchStmt struct {
	inner driver.Stmt
	store *Store
	query string
}

func (s *watchStmt) Close() error  { return s.inner.Close() }
func (s *watchStmt) NumInput() int { return s.inner.NumInput() }

func (s *watchStmt) Exec(args []driver.Value) (driver.Result, error) {
	s.store.sent(s.query)
	r, err := s.inner.Exec(args) //nolint:staticcheck // the driver's own fallback
	return r, s.store.watch(err)
}

func (s *watchStmt) Query(args []driver.Value) (driver.Rows, error) {
	s.store.sent(s.query)
	r, err := s.inner.Query(args) //nolint:staticcheck
	if err != nil {
		return nil, s.store.watch(err)
	}
	return &watchRows{inner: r, store: s.store}, nil
}

func (s *watchStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.store.sent(s.query)
	r, err := s.inner.(driver.StmtExecContext).ExecContext(ctx, args)
	return r, s.store.watch(err)
}

func (s *watchStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.store.sent(s.query)
	r, err := s.inner.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, s.store.watch(err)
	}
	return &watchRows{inner: r, store: s.store}, nil
}

type watchRows struct {
	inner driver.Rows
	store *Store
}

func (r *watchRows) Columns() []string { return r.inner.Columns() }
func (r *watchRows) Close() error      { return r.store.watch(r.inner.Close()) }

func (r *watchRows) Next(dest []driver.Value) error {
	err := r.inner.Next(dest)
	if err == nil || errors.Is(err, io.EOF) {
		return err
	}
	return r.store.watch(err)
}

// sent tells the store's statement hook, when a test set one
// (Store.onStatement), that query is being sent to SQLite.
func (s *Store) sent(query string) {
	if f := s.onStatement.Load(); f != nil {
		(*f)(query)
	}
}

// sqliteCode returns SQLite's extended result code in err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// isDamage reports whether SQLite says the file is damaged.
func isDamage(code int) bool {
	switch code & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}
