package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"
)

// migrate applies, each in its own transaction with the version bump, the
// migrations after the file's version. The schema is plain SQL files
// embedded in the binary and numbered by PRAGMA user_version: one file per
// version, which is all a single-file desktop ledger needs (no migration
// table, no down steps: a ledger never goes back a version).
//
// The version is read again inside each transaction, under the write lock:
// two programs opening one old or new file at once both saw the old
// version, and the second then ran a migration the first had already
// applied ("table creators already exists").
func (s *Store) migrate(ctx context.Context, seen int) error {
	if seen > 0 {
		// The file holds data: keep a copy of it as it was before the change.
		if _, err := s.AutoBackup(ctx, "migration"); err != nil {
			return err
		}
	}
	names := migrationNames()
	for {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return s.openError(err)
		}
		appID, version, tables, err := fileState(ctx, tx)
		if err != nil {
			tx.Rollback()
			return s.openError(err)
		}
		if (appID != 0 || tables != 0) && appID != applicationID {
			tx.Rollback()
			return Errorf(EINVALID, "%s is not a Payouts ledger", s.path)
		}
		if version >= len(names) {
			return tx.Rollback() // done, here or by another program meanwhile
		}
		name := names[version]
		body, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			tx.Rollback()
			return fmt.Errorf("read migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return s.migrationError(name, version+1, err)
		}
		if err := afterMigration(ctx, tx, name); err != nil {
			tx.Rollback()
			return s.openError(fmt.Errorf("migration %s: %w", name, err))
		}
		stmt := fmt.Sprintf(`PRAGMA user_version = %d; PRAGMA application_id = %d`, version+1, applicationID)
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			tx.Rollback()
			return s.openError(fmt.Errorf("migration %s: %w", name, err))
		}
		if err := tx.Commit(); err != nil {
			return s.migrationError(name, version+1, err)
		}
	}
}

// migrationError words a failed schema update: the transaction rolled back,
// so the file is as it was.
func (s *Store) migrationError(name string, version int, err error) error {
	if sqliteCode(err)&0xff == sqlite3.SQLITE_FULL {
		return Errorf(EUNAVAILABLE, "the disk holding %s is full: Payouts could not update it to schema %d and changed nothing; free some space and open it again", s.path, version)
	}
	return s.openError(fmt.Errorf("migration %s: %w", name, err))
}

// afterMigration runs what a migration needs beyond SQL, in its transaction.
// Keyed by topic, not number, so a renumbered migration keeps its step.
func afterMigration(ctx context.Context, tx *sql.Tx, name string) error {
	switch {
	case strings.HasSuffix(name, "_name_keys.sql"):
		return backfillNameKeys(ctx, tx)
	case strings.HasSuffix(name, "_deferred_keys.sql"):
		return checkDeferredKeys(ctx, tx)
	}
	return nil
}

// deferredKeys is how many DEFERRABLE foreign keys each table has after
// migration 20 rewrote their CREATE statements.
var deferredKeys = map[string]int{"transfers": 2, "orders": 1}

// checkDeferredKeys makes sure migration 20's rewrite of sqlite_schema
// found every key it changes (a statement that differed would leave one
// checked at once, silently), then bumps the schema version, as SQLite's
// procedure for such a rewrite asks, so that every connection parses the
// new statements.
func checkDeferredKeys(ctx context.Context, tx *sql.Tx) error {
	for table, want := range deferredKeys {
		var stmt string
		if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&stmt); err != nil {
			return fmt.Errorf("read the schema of %s: %w", table, err)
		}
		if got := strings.Count(stmt, "DEFERRABLE INITIALLY DEFERRED"); got != want {
			return fmt.Errorf("%s has %d deferred foreign keys after the rewrite, not %d", table, got, want)
		}
	}
	var version int64
	if err := tx.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&version); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA schema_version = %d`, version+1)); err != nil {
		return fmt.Errorf("bump the schema version: %w", err)
	}
	return nil
}
