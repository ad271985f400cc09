package ledger

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"
)

// watch passes a driver error through; when SQLite says the file is
// damaged, it marks the store damaged (read-only from now on) and returns
// the damage error instead.
func (s *Store) watch(err error) error {
	if err == nil || !s.ready.Load() {
		return err
	}
	if isDamage(sqliteCode(err)) {
		return s.markDamaged(err.Error())
	}
	if fe := s.fileError(err); fe != nil {
		return fe
	}
	return err
}

// markDamaged records the first damage seen and returns the error that
// every later change gets.
func (s *Store) markDamaged(detail string) *Error {
	e := Errorf(EUNAVAILABLE, "%s", DamagedMessage(s.path, oneLine(detail), LatestBackup(s.path)))
	if s.damaged.CompareAndSwap(nil, e) {
		// Remembered beside the file, so that the next program to open it
		// (another CLI command, the app tomorrow) refuses changes too,
		// without reading every page first.
		os.WriteFile(damageMarker(s.path), []byte(oneLine(detail)+"\n"), fileMode)
		return e
	}
	return s.damaged.Load()
}

// damageMarker is the file beside a ledger that says SQLite once reported
// it damaged. Restore removes it, and so does a full integrity check that
// finds the file whole.
func damageMarker(path string) string { return path + "-damaged" }

// loadDamage puts a store in the damaged state when an earlier program
// found its file damaged.
func (s *Store) loadDamage() {
	b, err := os.ReadFile(damageMarker(s.path))
	if err != nil {
		return
	}
	detail := strings.TrimSpace(string(b))
	if detail == "" {
		detail = "reported damaged earlier"
	}
	s.damaged.Store(Errorf(EUNAVAILABLE, "%s", DamagedMessage(s.path, detail, LatestBackup(s.path))))
}

// DamagedMessage is how Payouts says a ledger is damaged, in the CLI's
// check, in any failed command and in the app's banner alike.
func DamagedMessage(path, detail, latestBackup string) string {
	way := "no backup was found beside it: restore a copy you kept with 'payouts restore FILE'"
	if latestBackup != "" {
		way = fmt.Sprintf("restore the latest backup, %s, with 'payouts restore %s' or Settings > Restore", latestBackup, latestBackup)
	}
	return fmt.Sprintf("the ledger %s is damaged (SQLite: %s); Payouts will not change it: %s", path, detail, way)
}

// Damaged returns the damage error once SQLite has reported the file
// damaged, else nil.
func (s *Store) Damaged() error {
	if e := s.damaged.Load(); e != nil {
		return e
	}
	return nil
}

// ReadOnly says why the ledger was opened read-only, or "" when it can be
// written.
func (s *Store) ReadOnly() string { return s.readOnly }

// Writable returns nil when the ledger may be changed, else the error that
// says why not: it is damaged, or opened read-only.
func (s *Store) Writable() error {
	if e := s.damaged.Load(); e != nil {
		return e
	}
	if s.readOnly != "" {
		return Errorf(EUNAVAILABLE, "%s: Payouts opened it read-only and cannot save changes", s.readOnly)
	}
	return nil
}

// CheckFile asks SQLite to read every page of the file (PRAGMA
// integrity_check, or quick_check when quick, which skips the index
// contents) and returns the damage error when it finds a problem. A
// damaged ledger is read-only from then on.
func (s *Store) CheckFile(ctx context.Context, quick bool) error {
	if s.pg != nil {
		return nil // no file: the server keeps its own pages
	}
	pragma := "PRAGMA integrity_check"
	if quick {
		pragma = "PRAGMA quick_check"
	}
	rows, err := s.db.QueryContext(ctx, pragma)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		detail := problems[0]
		if len(problems) > 1 {
			detail = fmt.Sprintf("%s, and %d more problems", detail, len(problems)-1)
		}
		return s.markDamaged(strings.TrimSpace(detail))
	}
	if !quick && s.damaged.Load() != nil {
		// Every page read back whole: what was reported before (perhaps a
		// failing disk since replaced) no longer holds.
		os.Remove(damageMarker(s.path))
		s.damaged.Store(nil)
	}
	return nil
}

// SQLite's extended codes of a failure to make or map the -shm file.
const (
	ioerrShmOpen = 10 | 18<<8
	ioerrShmSize = 10 | 19<<8
	ioerrShmMap  = 10 | 21<<8
)

// fileError words SQLite's failures to use the file itself (no space, no
// permission, read-only, I/O) so a person knows what to do; nil for other
// errors.
func (s *Store) fileError(err error) *Error {
	code := sqliteCode(err)
	switch {
	case code == 0:
		return nil
	case code == ioerrShmOpen || code == ioerrShmSize || code == ioerrShmMap:
		return Errorf(EUNAVAILABLE, "cannot use %s: SQLite could not make its shared-memory file %s-shm, most likely because the disk is full; free some space and try again", s.path, s.path)
	}
	switch code & 0xff {
	case sqlite3.SQLITE_FULL:
		return Errorf(EUNAVAILABLE, "the disk holding %s is full: the change was not saved; free some space and try again", s.path)
	case sqlite3.SQLITE_IOERR:
		return Errorf(EUNAVAILABLE, "cannot read or write %s: the disk reported an error (%s); check the disk, then restore the latest backup if the ledger is damaged", s.path, oneLine(err.Error()))
	case sqlite3.SQLITE_READONLY:
		return Errorf(EUNAVAILABLE, "%s cannot be written (the file or its folder is read-only): make it writable and try again", s.path)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		if f, oerr := os.Open(s.path); oerr != nil {
			if os.IsPermission(oerr) {
				return Errorf(EUNAVAILABLE, "cannot open %s: permission denied; ask for access to it or choose another ledger", s.path)
			}
			return Errorf(EUNAVAILABLE, "cannot open %s: %v", s.path, unwrapPathError(oerr))
		} else {
			f.Close()
		}
		if !writable(filepath.Dir(s.path)) {
			return Errorf(EUNAVAILABLE, "cannot open %s: its folder is read-only and SQLite needs to create %s-wal and %s-shm there", s.path, s.path, s.path)
		}
		return Errorf(EUNAVAILABLE, "cannot open %s: %s", s.path, oneLine(err.Error()))
	}
	return nil
}
