package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Kept is where the ledger as it was before the restore now is (a
	// backup in the backups folder), or "" when there was no ledger.
	Kept string
}

// Restore replaces the ledger at ledgerPath with the backup at backupPath,
// so that the ledger then holds exactly the backup's state:
//
//   - the backup is checked first (a Payouts ledger, every page whole);
//   - it refuses while another program has the ledger open (that program
//     would go on writing into the file being replaced);
//   - the current ledger is kept as a backup ("restore"), or, when it is too
//     damaged to be copied, moved whole into the backups folder;
//   - the ledger's -wal and -shm are removed before the restored file takes
//     its name: a -wal left by a program that was killed would otherwise be
//     replayed into the restored file ("database disk image is malformed",
//     or the newer state silently back).
//
// The caller closes its own Store on the ledger first.
func Restore(ctx context.Context, ledgerPath, backupPath string) (RestoreResult, error) {
	var res RestoreResult
	if _, err := checkPath(backupPath); err != nil {
		return res, err
	}
	if _, err := os.Stat(backupPath); err != nil {
		return res, Errorf(ENOTFOUND, "no backup at %s", backupPath)
	}
	exists, err := checkPath(ledgerPath)
	if err != nil {
		return res, err
	}
	if same(ledgerPath, backupPath) {
		return res, Errorf(EINVALID, "%s is the ledger itself: choose a backup to restore", backupPath)
	}
	if err := verifyBackup(ctx, backupPath); err != nil {
		return res, Errorf(EINVALID, "%s cannot be restored: %s", backupPath, ErrorMessage(err))
	}
	if err := refuseIfOpen(ledgerPath); err != nil {
		return res, err
	}
	dir := filepath.Dir(ledgerPath)
	if !exists {
		if err := os.MkdirAll(dir, folderMode); err != nil {
			return res, Errorf(EUNAVAILABLE, "cannot create the folder %s: %v", dir, unwrapPathError(err))
		}
	} else {
		kept, err := keepCurrent(ctx, ledgerPath)
		if err != nil {
			return res, err
		}
		res.Kept = kept
		// Opening it to keep a copy took a moment: check again.
		if err := refuseIfOpen(ledgerPath); err != nil {
			return res, err
		}
	}

	// The copy is made by SQLite from the backup (never a file copy: a
	// backup with a -wal beside it holds part of its state there) under a
	// temporary name beside the ledger, then checked.
	f, err := os.CreateTemp(dir, filepath.Base(ledgerPath)+".*.restoring")
	if err != nil {
		return res, Errorf(EUNAVAILABLE, "cannot write in %s: %v", dir, unwrapPathError(err))
	}
	tmp := f.Name()
	f.Close()
	os.Chmod(tmp, fileMode)
	defer os.Remove(tmp)
	if err := vacuumInto(ctx, backupPath, tmp); err != nil {
		return res, fmt.Errorf("restore %s: %w", backupPath, err)
	}
	if err := verifyBackup(ctx, tmp); err != nil {
		return res, Errorf(EUNAVAILABLE, "the restored copy failed its check (%s): the ledger was not replaced", ErrorMessage(err))
	}
	if err := syncFile(tmp); err != nil {
		return res, Errorf(EUNAVAILABLE, "cannot write %s: %v", tmp, err)
	}
	for _, side := range []string{ledgerPath + "-wal", ledgerPath + "-shm", ledgerPath + "-journal", damageMarker(ledgerPath)} {
		if err := os.Remove(side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, Errorf(EUNAVAILABLE, "cannot remove %s: %v; the ledger was not replaced", side, unwrapPathError(err))
		}
	}
	if err := os.Rename(tmp, ledgerPath); err != nil {
		return res, Errorf(EUNAVAILABLE, "cannot replace %s: %v", ledgerPath, unwrapPathError(err))
	}
	syncDir(dir)
	return res, nil
}

func same(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

func refuseIfOpen(path string) error {
	open, err := lockedByOther(path)
	if err != nil {
		return Errorf(EUNAVAILABLE, "cannot tell whether another program has %s open: %v", path, err)
	}
	if open {
		return Errorf(EUNAVAILABLE, "another program has %s open (the Payouts app or a payouts command): close it, then restore", path)
	}
	return nil
}

// keepCurrent saves the ledger about to be replaced: a checked backup when
// it can be read, else the file itself (with its -wal) moved into the
// backups folder, so a restore never loses what it replaces.
func keepCurrent(ctx context.Context, path string) (string, error) {
	cur, err := OpenWith(path, OpenOptions{MustExist: true})
	if err == nil {
		b, berr := cur.backupInFolder(ctx, "restore")
		cur.Close()
		if berr == nil {
			return b.Path, nil
		}
	}
	dir := BackupDir(path)
	if err := os.MkdirAll(dir, folderMode); err != nil {
		return "", Errorf(EUNAVAILABLE, "cannot create the backups folder %s: %v", dir, unwrapPathError(err))
	}
	dest := filepath.Join(dir, fmt.Sprintf("%s-%s-damaged.payouts", backupStem(path), time.Now().Format(backupTimeLayout)))
	if err := os.Rename(path, dest); err != nil {
		return "", Errorf(EUNAVAILABLE, "cannot keep the current ledger before the restore (%v): nothing was changed", unwrapPathError(err))
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		os.Rename(path+"-wal", dest+"-wal") // the pair stays readable together
	}
	return dest, nil
}

// vacuumInto writes a consistent copy of the SQLite file src into dest (an
// empty file).
func vacuumInto(ctx context.Context, src, dest string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: src}).EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, dest)
	return err
}
