package ledger

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// OpenOptions says how Open treats the file it is given.
type OpenOptions struct {
	// MustExist refuses a path where no ledger exists instead of creating
	// one: commands that only read must not leave an empty ledger behind a
	// mistyped path.
	MustExist bool
	// ReadOnly opens the ledger without writing anything to it: no
	// migration, no journal-mode change, and every operation that would
	// change it is refused. Open chooses it by itself for a file or folder
	// it cannot write.
	ReadOnly bool
}

// Private modes of the ledger, its -wal and -shm, its backups and the
// folders Payouts creates for them: the ledger holds bank details and
// emails.
const (
	fileMode   fs.FileMode = 0o600
	folderMode fs.FileMode = 0o700
)

// checkPath refuses what cannot be a ledger file before SQLite sees it:
// SQLite would happily create "/dev/null-journal" next to a device, or an
// in-memory database for ":memory:". It returns whether the file exists.
func checkPath(path string) (exists bool, err error) {
	if strings.TrimSpace(path) == "" {
		return false, Errorf(EINVALID, "ledger file required")
	}
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return false, Errorf(EINVALID, "%s is not a file name: give the path of a ledger file", path)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case errors.Is(err, fs.ErrPermission):
		return false, Errorf(EUNAVAILABLE, "cannot open %s: permission denied; ask for access to its folder or choose another ledger", path)
	case err != nil:
		return false, Errorf(EUNAVAILABLE, "cannot open %s: %v", path, unwrapPathError(err))
	case fi.IsDir():
		return true, Errorf(EINVALID, "%s is a folder, not a Payouts ledger", path)
	case !fi.Mode().IsRegular():
		return true, Errorf(EINVALID, "%s is not a regular file (a device, pipe or socket): give the path of a ledger file", path)
	}
	return true, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// createFile makes a new, empty ledger file and its folder, private from
// the start: SQLite gives the -wal and -shm the mode of the file they
// belong to, so a 0600 ledger keeps them 0600 whatever the umask.
func createFile(path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, folderMode); err != nil {
			return Errorf(EUNAVAILABLE, "cannot create the folder %s: %v", dir, unwrapPathError(err))
		}
		// MkdirAll applies the umask; the folder is ours, so fix it.
		os.Chmod(dir, folderMode)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil // another program created it a moment ago: open that one
	case errors.Is(err, fs.ErrPermission):
		return Errorf(EUNAVAILABLE, "cannot create %s: permission denied; choose a folder you can write to", path)
	case err != nil:
		return Errorf(EUNAVAILABLE, "cannot create %s: %v", path, unwrapPathError(err))
	}
	return f.Close()
}

// fixModes makes the ledger, its -wal and -shm private when an older
// Payouts or a copy left them readable by others. It changes only what
// this user owns; a failure is not a reason to refuse the ledger.
func fixModes(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fixMode(p, fileMode)
	}
}

func fixMode(path string, mode fs.FileMode) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&^mode != 0 {
		os.Chmod(path, fi.Mode().Perm()&mode)
	}
}

// FixFolderMode makes folder private (0700) when it is readable or
// enterable by others. The app calls it for its own data folder only: a
// ledger kept in a folder the user chose is not the app's to change.
func FixFolderMode(folder string) { fixMode(folder, folderMode) }

// readOnlyReason says why the ledger at path cannot be written, or "" when
// it can: a read-only file, or a read-only folder where SQLite cannot
// create the -wal and -shm it needs.
func readOnlyReason(path string) string {
	if !writable(path) {
		return fmt.Sprintf("%s is read-only", path)
	}
	dir := filepath.Dir(path)
	if writable(dir) {
		return ""
	}
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(side); err != nil || !writable(side) {
			return fmt.Sprintf("the folder %s is read-only", dir)
		}
	}
	return ""
}

// sidesMissingInReadOnlyFolder reports whether the ledger's folder cannot
// be written and neither -wal nor -shm exists.
func sidesMissingInReadOnlyFolder(path string) bool {
	if writable(filepath.Dir(path)) {
		return false
	}
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(side); err == nil {
			return false
		}
	}
	return true
}
