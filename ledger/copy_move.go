package ledger

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// MoveLedger copies the ledger from into a new ledger at to: a file that
// does not exist yet, or an empty PostgreSQL database. It is CopyLedger
// with the target made first and undone on failure: when the copy fails,
// differs or fails its check, a file it created is removed and a database
// is emptied again, so a failed move leaves nothing behind. from is only
// read.
func MoveLedger(ctx context.Context, from *Store, to string, progress func(table string, rows int64)) (CopyReport, error) {
	if !IsServerURL(to) {
		if _, err := os.Lstat(to); err == nil {
			return CopyReport{}, Errorf(ECONFLICT, "%s already exists: a ledger moves only into a new file or an empty database; nothing was copied", to)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return CopyReport{}, Errorf(EUNAVAILABLE, "cannot use %s: %v", to, unwrapPathError(err))
		}
	}
	target, err := Open(to)
	if err != nil {
		return CopyReport{}, err
	}
	rep, err := CopyLedger(ctx, from, target, progress)
	if err == nil && len(rep.Problems) > 0 {
		err = Errorf(EINVALID, "the copy fails its check (%d problems; the first: %s)", len(rep.Problems), rep.Problems[0])
	}
	if err == nil {
		return rep, target.Close()
	}
	// A copy that rolled back left the target as it was; one that fails its
	// check committed, and is undone here.
	if uerr := undoMove(ctx, target, to, rep.Verified); uerr != nil {
		return rep, wrapMessage(err, fmt.Sprintf("the copy could not be undone (%s)", ErrorMessage(uerr)))
	}
	if rep.Verified {
		return rep, wrapMessage(err, "the copy was removed again")
	}
	return rep, err
}

// undoMove removes what MoveLedger made: the file it created (with its
// -wal and -shm), or, in a database, the rows a committed copy wrote.
func undoMove(ctx context.Context, target *Store, to string, committed bool) error {
	if IsServerURL(to) {
		defer target.Close()
		if !committed {
			return nil
		}
		return target.emptyAfterCopy(ctx)
	}
	target.Close()
	for _, p := range []string{to, to + "-wal", to + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// emptyAfterCopy deletes every row of a PostgreSQL ledger a copy filled,
// in one transaction: TRUNCATE, which restarts the id sequences, with the
// tables' own triggers off meanwhile (the append-only guards refuse a
// TRUNCATE). Only the tables' owner may; the copier made them, as the
// first to open the empty database. Transactional, as all DDL in
// PostgreSQL: the guards are back on whatever happens.
func (s *Store) emptyAfterCopy(ctx context.Context) error {
	tables, err := s.copyTables(ctx, s.db)
	if err != nil {
		return err
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = quoteIdent(t.name)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var stmts []string
	for _, n := range names {
		stmts = append(stmts, `ALTER TABLE `+n+` DISABLE TRIGGER USER`)
	}
	stmts = append(stmts, `TRUNCATE `+strings.Join(names, ", ")+` RESTART IDENTITY`)
	for _, n := range names {
		stmts = append(stmts, `ALTER TABLE `+n+` ENABLE TRIGGER USER`)
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, pgRaw+q); err != nil {
			return err
		}
	}
	return tx.Commit()
}
