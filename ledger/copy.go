package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// CopyReport says what CopyLedger copied and what it found.
type CopyReport struct {
	// Tables are the tables copied, in the order copied (every table after
	// the tables its foreign keys point at), with their row counts.
	Tables []TableCount
	// Rows is the number of rows copied, all tables together.
	Rows int64
	// Verified is true once every row of every table was read back from
	// the target and compared equal, column by column, to the source.
	Verified bool
	// Problems are what Check found in the target after the copy; none
	// means it is sound.
	Problems []string
	// How long each step took.
	CopyTime, VerifyTime, CheckTime time.Duration
}

// TableCount is one table's row count.
type TableCount struct {
	Name string
	Rows int64
}

// copyProgressEvery is how many rows a table copies between two calls of
// the progress function.
const copyProgressEvery = 10000

// CopyLedger copies every row of the ledger from into the ledger to, which
// must be empty and at the same schema version, then checks the copy: it
// reads every table of both back in primary key order and compares every
// column of every row, and runs Check on the target.
//
// The rows are written with their own ids, table by table in foreign-key
// order, in one transaction of the target, and compared in that same
// transaction before it commits: a difference (a row missing or extra, a
// column that does not hold the same value) names the table, the row and
// the column, and the transaction rolls back, leaving the target as it was.
// from is only read, in one read transaction, so the copy is one consistent
// state of it whatever other programs write meanwhile, and the source is
// never changed. Check runs after the commit (it reads the committed
// ledger); the report carries what it finds, and undoing a copy that fails
// its check is the caller's (MoveLedger removes what it made).
//
// progress, when not nil, is called as each table copies, with the rows
// copied so far.
func CopyLedger(ctx context.Context, from, to *Store, progress func(table string, rows int64)) (CopyReport, error) {
	var rep CopyReport
	if from == to {
		return rep, Errorf(EINVALID, "a ledger cannot be copied into itself")
	}
	if err := to.Writable(); err != nil {
		return rep, err
	}
	if progress == nil {
		progress = func(string, int64) {}
	}
	start := time.Now()
	src, err := from.db.BeginTx(ctx, readTxOptions(from))
	if err != nil {
		return rep, from.storageError(fmt.Errorf("read %s: %w", displayName(from), err))
	}
	defer src.Rollback()
	// Hundreds of rows per INSERT: what statement journals remain stay in
	// memory (withMemoryJournal).
	dst, err := to.begin(withMemoryJournal(ctx), "")
	if err != nil {
		return rep, err
	}
	defer dst.Rollback()
	defer dst.close()

	tables, err := copyPlan(ctx, from, src, to, dst.Tx)
	if err != nil {
		return rep, err
	}
	for _, t := range tables {
		n, err := copyTableRows(ctx, from, src, dst, t, progress)
		if err != nil {
			return rep, wrapCopyError(to, err)
		}
		rep.Tables = append(rep.Tables, TableCount{Name: t.name, Rows: n})
		rep.Rows += n
	}
	if err := setSequences(ctx, to, dst, tables); err != nil {
		return rep, err
	}
	if afterCopy != nil {
		if err := afterCopy(func(q string, args ...any) error { _, err := dst.ExecContext(ctx, q, args...); return err }); err != nil {
			return rep, err
		}
	}
	rep.CopyTime = time.Since(start)

	start = time.Now()
	for _, t := range tables {
		if err := verifyTable(ctx, from, src, to, dst.Tx, t); err != nil {
			return rep, err
		}
	}
	rep.Verified = true
	if err := dst.Commit(); err != nil {
		return rep, to.storageError(fmt.Errorf("copy into %s: commit: %w", displayName(to), err))
	}
	rep.VerifyTime = time.Since(start)
	src.Rollback()
	to.analyzeAfterLoad(ctx)

	start = time.Now()
	problems, err := to.Check(ctx)
	if err != nil {
		return rep, fmt.Errorf("check the copy: %w", err)
	}
	rep.Problems = problems
	rep.CheckTime = time.Since(start)
	return rep, nil
}

// afterCopy, when set (tests), runs statements in the target's transaction
// after the rows are copied and before they are compared: a planted
// difference the comparison must find.
var afterCopy func(exec func(query string, args ...any) error) error

// readTxOptions are the options of a read transaction of s: a snapshot,
// which PostgreSQL gives at REPEATABLE READ and SQLite with any read
// transaction.
func readTxOptions(s *Store) *sql.TxOptions {
	if onPostgres(s) {
		return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	// ReadOnly makes the driver open a deferred transaction, not the write
	// lock the store's other transactions take.
	return &sql.TxOptions{ReadOnly: true}
}

// copyPlan checks that to can take a copy of from (the same schema version,
// the same tables and columns, every table of to empty) and returns the
// tables in the order to copy them.
func copyPlan(ctx context.Context, from *Store, src queryer, to *Store, dst queryer) ([]copyTable, error) {
	fv, err := schemaVersionOf(ctx, from, src)
	if err != nil {
		return nil, err
	}
	tv, err := schemaVersionOf(ctx, to, dst)
	if err != nil {
		return nil, err
	}
	if fv != tv {
		return nil, Errorf(EINVALID, "%s is at schema %d and %s at schema %d: open both with this version of Payouts (schema %d) first; nothing was copied",
			displayName(from), fv, displayName(to), tv, SchemaVersion())
	}
	tables, err := from.copyTables(ctx, src)
	if err != nil {
		return nil, err
	}
	targetTables, err := to.copyTables(ctx, dst)
	if err != nil {
		return nil, err
	}
	if diff := sameTables(tables, targetTables); diff != "" {
		return nil, Errorf(EINVALID, "%s and %s do not have the same schema (%s): nothing was copied", displayName(from), displayName(to), diff)
	}
	// The target's own column order and kinds: values are written as the
	// target holds them.
	byName := map[string]copyTable{}
	for _, t := range targetTables {
		byName[t.name] = t
	}
	for i := range tables {
		target := byName[tables[i].name]
		tables[i].target = &target
		var has bool
		if err := dst.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+quoteIdent(tables[i].name)+`)`).Scan(&has); err != nil {
			return nil, fmt.Errorf("read %s: %w", tables[i].name, err)
		}
		if has {
			return nil, Errorf(ECONFLICT, "%s is not empty (its table %s has rows): a ledger moves only into a new, empty one; nothing was copied", displayName(to), tables[i].name)
		}
	}
	return tables, nil
}

// schemaVersionOf reads the schema version of s: PRAGMA user_version in
// SQLite, payouts_meta in PostgreSQL.
func schemaVersionOf(ctx context.Context, s *Store, q queryer) (int, error) {
	var v int
	var err error
	if onPostgres(s) {
		var text string
		err = q.QueryRowContext(ctx, `SELECT value FROM payouts_meta WHERE key = 'schema_version'`).Scan(&text)
		if err == nil {
			_, err = fmt.Sscan(text, &v)
		}
	} else {
		err = q.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	}
	if err != nil {
		return 0, fmt.Errorf("read the schema version of %s: %w", displayName(s), err)
	}
	return v, nil
}

// selectRows is the query that reads all of t in primary key order. Text
// keys are ordered by their bytes on both backends (SQLite's BINARY,
// PostgreSQL's "C"), so a comparison walks two ledgers' rows in step
// whatever collation a column has.
func selectRows(s *Store, t copyTable) string {
	cols := make([]string, len(t.cols))
	for i, c := range t.cols {
		cols[i] = quoteIdent(c.name)
	}
	binary := " COLLATE BINARY"
	if onPostgres(s) {
		binary = ` COLLATE "C"`
	}
	order := make([]string, len(t.pk))
	for i, k := range t.pk {
		order[i] = quoteIdent(t.cols[k].name)
		if t.cols[k].kind == kindText {
			order[i] += binary
		}
	}
	return `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + quoteIdent(t.name) + ` ORDER BY ` + strings.Join(order, ", ")
}

// copyBatch is how many rows one INSERT writes, as the journal's: large
// enough that the per-statement cost vanishes. Into PostgreSQL the rows go
// by COPY (copyInto), copyBatchPG at a time.
const (
	copyBatch   = 256
	copyBatchPG = 4096
)

// copyTableRows copies every row of t from src into dst, with its ids,
// copyBatch rows per INSERT. OR FAIL spares SQLite a statement journal
// (any failure rolls the whole copy back anyway).
func copyTableRows(ctx context.Context, from *Store, src *sql.Tx, dst *Tx, t copyTable, progress func(string, int64)) (int64, error) {
	rows, err := src.QueryContext(ctx, selectRows(from, t))
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	// The target's columns, by the source's column order.
	at := make([]int, len(t.cols))
	cols := make([]string, len(t.cols))
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		at[i] = t.target.column(c.name)
		cols[i] = quoteIdent(c.name)
		names[i] = c.name
	}
	batch := copyBatch
	if onPostgres(dst.store) {
		batch = copyBatchPG
	}
	insert := func(n int) string {
		return `INSERT OR FAIL INTO ` + quoteIdent(t.name) + ` (` + strings.Join(cols, ", ") + `) VALUES ` + rowsOf(n, len(cols))
	}
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	args := make([]any, 0, batch*len(t.cols))
	var n int64
	var first string // the key of the batch's first row, for a message
	write := func() error {
		if len(args) == 0 {
			return nil
		}
		copied, err := dst.copyInto(t.name, names, args)
		if !copied {
			_, err = dst.exec(insert(len(args)/len(cols)), args...)
		}
		if err != nil {
			return fmt.Errorf("copy %s rows from %s: %w", t.name, first, err)
		}
		args = args[:0]
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("read %s: %w", t.name, err)
		}
		if len(args) == 0 {
			first = t.rowKey(vals)
		}
		for i, c := range t.cols {
			v, err := normValue(c.kind, vals[i])
			if err != nil {
				return n, Errorf(EINVALID, "%s row %s, column %s: %v: run 'payouts check' on it; nothing was copied", t.name, t.rowKey(vals), c.name, err)
			}
			args = append(args, targetValue(t.target.cols[at[i]].kind, v))
		}
		n++
		if len(args) == batch*len(cols) {
			if err := write(); err != nil {
				return n, err
			}
		}
		if n%copyProgressEvery == 0 {
			progress(t.name, n)
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read %s: %w", t.name, err)
	}
	if err := write(); err != nil {
		return n, err
	}
	progress(t.name, n)
	return n, nil
}

// wrapCopyError words a failed copy: a ledger error keeps its message, a
// storage failure the target's wording; either way nothing was copied.
func wrapCopyError(to *Store, err error) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	err = to.storageError(err)
	return wrapMessage(err, "the copy into "+displayName(to)+" failed, so nothing was copied")
}

// setSequences moves each PostgreSQL identity sequence past the ids copied,
// so the next row the ledger adds does not take a copied id. SQLite needs
// nothing: a new rowid is one past the largest.
func setSequences(ctx context.Context, to *Store, dst *Tx, tables []copyTable) error {
	if !onPostgres(to) {
		return nil
	}
	for _, t := range tables {
		id := t.target.identity
		if id == "" {
			continue
		}
		// setval(seq, max, true) makes max+1 the next value; on an empty
		// table setval(seq, 1, false) makes it 1.
		q := `SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max(` + quoteIdent(id) + `), 1), max(` + quoteIdent(id) + `) IS NOT NULL) FROM ` + quoteIdent(t.name)
		if _, err := dst.exec(q, quoteIdent(t.name), id); err != nil {
			return fmt.Errorf("set the id sequence of %s: %w", t.name, err)
		}
	}
	return nil
}

// quoteIdent quotes a table or column name for both backends.
func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// onPostgres says whether s is a PostgreSQL ledger.
func onPostgres(s *Store) bool { return s != nil && s.pg != nil }

// displayName is how messages name a ledger: its file, or its database URL
// without the password.
func displayName(s *Store) string { return ShowLocation(s.path) }
