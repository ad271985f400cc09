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
	bad   bool // its temp store could not be set back: not to be reused
	// cacheBack is the page cache to set back when a transaction with a
	// cache of its own ends (bulkWrite); nil when there is none.
	cacheBack *int64
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
	bw, mem := ctx.Value(memoryJournalKey{}).(bulkWrite)
	if mem {
		// Read when the transaction begins (the pager's subjInMemory), so
		// set before BEGIN, and set back when it ends.
		c.store.sent(`PRAGMA temp_store = MEMORY`)
		if _, err := c.inner.ExecContext(ctx, `PRAGMA temp_store = MEMORY`, nil); err != nil {
			return nil, c.store.watch(err)
		}
		if bw.cacheKiB > 0 {
			if err := c.setCache(ctx, bw.cacheKiB); err != nil {
				c.tempStoreBack()
				return nil, c.store.watch(err)
			}
		}
	}
	c.store.sent("BEGIN")
	t, err := c.inner.BeginTx(ctx, opts)
	if err != nil {
		if mem {
			c.tempStoreBack()
		}
		return nil, c.store.watch(err)
	}
	return &watchTx{inner: t, store: c.store, conn: c, mem: mem}, nil
}

// memoryJournalKey marks the context of a write transaction that keeps
// SQLite's statement journals in memory (withMemoryJournal); its value is
// a bulkWrite.
type memoryJournalKey struct{}

// bulkWrite is how a transaction of many rows is set up.
type bulkWrite struct {
	cacheKiB int // its page cache, in KiB; 0 keeps the connection's
}

// importCacheKiB is an import's page cache: half the ledger's. modernc's
// allocator rounds each allocation up to a power of two, so a 4 KiB page
// with its header (about 4.3 KiB) takes 8 KiB: the ledger's 64 MiB cache
// is about 128 MB of memory, this one about what the sqlite3 CLI's 64 MiB
// takes. Measured on the 1M-row import (2026-12-02, both runs side by
// side): peak memory 231 MB instead of 300 MB, for 6% more CPU time.
const importCacheKiB = 32768

// withImportCache is withMemoryJournal with the page cache of an import.
func withImportCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoryJournalKey{}, bulkWrite{cacheKiB: importCacheKiB})
}

// setCache sets the connection's page cache to kib for one transaction,
// keeping the setting to put back.
func (c *watchConn) setCache(ctx context.Context, kib int) error {
	rows, err := c.inner.QueryContext(ctx, `PRAGMA cache_size`, nil)
	if err != nil {
		return err
	}
	v := make([]driver.Value, 1)
	err = rows.Next(v)
	rows.Close()
	if err != nil {
		return err
	}
	old, ok := v[0].(int64)
	if !ok {
		return fmt.Errorf("cache_size: %T", v[0])
	}
	c.store.sent(`PRAGMA cache_size`)
	if _, err := c.inner.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, kib), nil); err != nil {
		return err
	}
	c.cacheBack = &old
	return nil
}

// withMemoryJournal makes the write transaction begun with ctx keep its
// statement journals in memory instead of in a temporary file.
//
// A statement that writes several rows and may abort halfway keeps a
// statement journal, to undo just its own rows. Until schema 20 every
// multi-row INSERT into transfers or orders did (foreign keys checked at
// once, the append-only trigger raising ABORT); now none does. An UPDATE of
// a deal still does: its overflow trigger calls typeof(), and SQLite counts
// any function call as a possible abort. SQLite writes that journal to a
// temporary file once it passes 64 KiB: in a million-row import, before
// schema 20, a write system call per page, a sixth of the import's CPU
// time. In memory the journal holds the pages one statement changes before
// it ends and is emptied when it ends; a failure rolls the statement, and
// then the whole operation, back as before.
func withMemoryJournal(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoryJournalKey{}, bulkWrite{})
}

// tempStoreBack sets the connection's temp store back to the default after
// a transaction with its journal in memory; a connection where that fails
// is dropped rather than kept with a setting no one asked for.
func (c *watchConn) tempStoreBack() {
	c.store.sent(`PRAGMA temp_store = DEFAULT`)
	if _, err := c.inner.ExecContext(context.Background(), `PRAGMA temp_store = DEFAULT`, nil); err != nil {
		c.bad = true
	}
	if c.cacheBack != nil {
		c.store.sent(`PRAGMA cache_size`)
		if _, err := c.inner.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, *c.cacheBack), nil); err != nil {
			c.bad = true
		}
		c.cacheBack = nil
	}
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

func (c *watchConn) ResetSession(ctx context.Context) error {
	if c.bad {
		return driver.ErrBadConn
	}
	return c.inner.ResetSession(ctx)
}

func (c *watchConn) IsValid() bool { return !c.bad && c.inner.IsValid() }

type watchTx struct {
	inner driver.Tx
	store *Store
	conn  *watchConn
	mem   bool // its statement journals in memory (withMemoryJournal)
}

func (t *watchTx) Commit() error {
	t.store.sent("COMMIT")
	err := t.inner.Commit()
	t.end()
	return t.store.watch(err)
}

func (t *watchTx) Rollback() error {
	t.store.sent("ROLLBACK")
	err := t.inner.Rollback()
	t.end()
	return t.store.watch(err)
}

func (t *watchTx) end() {
	if t.mem {
		t.mem = false
		t.conn.tempStoreBack()
	}
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
// (Store.onStatement), that query is being sent to the database (on
// PostgreSQL: each round trip, BEGIN, COMMIT and batches included).
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
