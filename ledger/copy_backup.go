package ledger

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"os"
)

// backupByCopy writes a backup of the ledger as a new SQLite ledger file at
// dest: the ledger of a PostgreSQL database, which VACUUM INTO cannot
// copy. CopyLedger writes it (every row compared, check run on the copy),
// then the file gets the checks of every backup (a Payouts ledger, PRAGMA
// integrity_check) before it takes its name. Like Backup, it is written
// under a temporary name, so a backup stopped halfway never looks like
// one, and dest must not exist.
func (s *Store) backupByCopy(ctx context.Context, dest string) (Backup, error) {
	if dest == "" {
		return Backup{}, Errorf(EINVALID, "backup file required")
	}
	if IsServerURL(dest) {
		return Backup{}, Errorf(EINVALID, "a backup is a file: %s is a database", ShowLocation(dest))
	}
	if _, err := os.Lstat(dest); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Backup{}, Errorf(EUNAVAILABLE, "cannot write the backup %s: %v", dest, unwrapPathError(err))
	}
	tmp, err := partialBackup(dest)
	if err != nil {
		return Backup{}, err
	}
	defer func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
	}()
	// The empty file opens as a new ledger, at this version's schema.
	copyStore, err := Open(tmp)
	if err != nil {
		return Backup{}, wrapMessage(err, "cannot write the backup "+dest)
	}
	copyStore.Now = s.Now
	rep, err := CopyLedger(ctx, s, copyStore, nil)
	if cerr := copyStore.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		err = leaveWAL(ctx, tmp)
	}
	if err != nil {
		return Backup{}, wrapMessage(err, "the backup "+dest+" was not written")
	}
	b, err := s.keepBackup(ctx, tmp, dest)
	if err != nil {
		return Backup{}, err
	}
	b.Problems = rep.Problems
	return b, nil
}

// leaveWAL turns a closed ledger file out of WAL mode into one
// self-contained file, as VACUUM INTO writes: a backup has no -wal to carry
// along. On a connection of its own: the mode changes only while no other
// connection has the file open.
func leaveWAL(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `PRAGMA journal_mode=DELETE`)
	return err
}
