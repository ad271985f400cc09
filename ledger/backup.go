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
	"sort"
	"strconv"
	"strings"
	"time"
)

// Backup is one consistent copy of a ledger.
type Backup struct {
	Path string
	// Time is when it was taken (from its name for the backups folder).
	Time time.Time
	// Reason says what made it: "manual", "daily", "migration", "import",
	// "restore" (the ledger as it was before a restore).
	Reason string
	Size   int64
	// Problems are what check found in the copy, for the backup of a
	// PostgreSQL ledger (backupByCopy checks it; none means sound).
	Problems []string
}

// BackupDir is the folder beside a ledger that holds its backups.
func BackupDir(ledgerPath string) string {
	return filepath.Join(filepath.Dir(ledgerPath), "backups")
}

// backupStem is the part of a backup's name that names its ledger.
func backupStem(ledgerPath string) string {
	base := filepath.Base(ledgerPath)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

const backupTimeLayout = "20060102-150405"

// Backup writes a consistent copy of the ledger to dest with VACUUM INTO
// (never a file copy: a copy of the file misses what is still in its -wal,
// and can catch a write halfway), then checks the copy with PRAGMA
// integrity_check before calling it a backup. dest must not exist. The
// copy holds everything committed before the backup began, whatever other
// programs write meanwhile.
func (s *Store) Backup(ctx context.Context, dest string) (Backup, error) {
	if s.pg != nil {
		// VACUUM INTO is SQLite's: a PostgreSQL ledger is copied into a
		// new SQLite ledger file (the server's own backups are pg_dump's).
		return s.backupByCopy(ctx, dest)
	}
	if dest == "" {
		return Backup{}, Errorf(EINVALID, "backup file required")
	}
	if abs, err := filepath.Abs(dest); err == nil {
		if own, err := filepath.Abs(s.path); err == nil && abs == own {
			return Backup{}, Errorf(EINVALID, "%s is the ledger itself: choose another file for the backup", dest)
		}
	}
	tmp, err := partialBackup(dest)
	if err != nil {
		return Backup{}, err
	}
	defer os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		if e := s.Damaged(); e != nil {
			return Backup{}, e
		}
		if code := sqliteCode(err) & 0xff; code == 13 /* SQLITE_FULL */ || strings.Contains(err.Error(), "full") {
			return Backup{}, Errorf(EUNAVAILABLE, "the disk is full: the backup %s was not written; free some space and try again", dest)
		}
		return Backup{}, fmt.Errorf("back up %s to %s: %w", s.path, dest, err)
	}
	return s.keepBackup(ctx, tmp, dest)
}

// keepBackup gives a written backup its name once it passes the checks of
// every backup (a Payouts ledger, PRAGMA integrity_check), durably: the
// last step of Backup and of backupByCopy.
func (s *Store) keepBackup(ctx context.Context, tmp, dest string) (Backup, error) {
	if err := verifyBackup(ctx, tmp); err != nil {
		return Backup{}, Errorf(EUNAVAILABLE, "the backup %s failed its check (%s), so it was not kept", dest, ErrorMessage(err))
	}
	os.Chmod(tmp, fileMode)
	if err := syncFile(tmp); err != nil {
		return Backup{}, Errorf(EUNAVAILABLE, "cannot write the backup %s: %v", dest, err)
	}
	if err := place(tmp, dest); err != nil {
		return Backup{}, err
	}
	syncDir(filepath.Dir(dest))
	b := Backup{Path: dest, Time: s.Now(), Reason: "manual"}
	if fi, err := os.Stat(dest); err == nil {
		b.Size = fi.Size()
	}
	return b, nil
}

// verifyBackup opens a backup read-only and checks that it is a whole
// Payouts ledger: its marks, and every page (PRAGMA integrity_check).
func verifyBackup(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	appID, version, _, err := fileState(ctx, db)
	if err != nil {
		if isDamage(sqliteCode(err)) {
			return Errorf(EINVALID, "not a readable ledger: %s", oneLine(err.Error()))
		}
		return err
	}
	if appID != applicationID {
		return Errorf(EINVALID, "not a Payouts ledger")
	}
	if version > SchemaVersion() {
		return Errorf(EINVALID, "written by a newer version of Payouts (schema %d): update Payouts", version)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return Errorf(EINVALID, "damaged: %s", oneLine(err.Error()))
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			return Errorf(EINVALID, "damaged: %s", oneLine(line))
		}
	}
	if err := rows.Err(); err != nil {
		return Errorf(EINVALID, "damaged: %s", oneLine(err.Error()))
	}
	return nil
}

// place gives the checked copy its name without replacing a file another
// program put there meanwhile: a hard link fails when the name is taken.
func place(tmp, dest string) error {
	err := os.Link(tmp, dest)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return Errorf(ECONFLICT, "%s already exists: choose another file for the backup", dest)
	}
	// A file system without hard links: the name was free a moment ago.
	if err := os.Rename(tmp, dest); err != nil {
		return Errorf(EUNAVAILABLE, "cannot write the backup %s: %v", dest, unwrapPathError(err))
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// BackupNow writes a backup into the backups folder beside the ledger,
// named after the ledger and the time, then applies the retention rules.
// reason says what made it ("manual", "daily", "import", ...).
func (s *Store) BackupNow(ctx context.Context, reason string) (Backup, error) {
	b, err := s.backupInFolder(ctx, reason)
	if err != nil {
		return b, err
	}
	return b, s.pruneBackups(ctx, b.Time)
}

// backupInFolder writes a backup into the backups folder without pruning it:
// a restore keeps the ledger it replaces this way, and must not prune away
// the backup it is about to restore.
func (s *Store) backupInFolder(ctx context.Context, reason string) (Backup, error) {
	dir := BackupDir(s.path)
	if err := os.MkdirAll(dir, folderMode); err != nil {
		return Backup{}, Errorf(EUNAVAILABLE, "cannot create the backups folder %s: %v", dir, unwrapPathError(err))
	}
	FixFolderMode(dir)
	now := s.Now().Local()
	name := fmt.Sprintf("%s-%s-%s", backupStem(s.path), now.Format(backupTimeLayout), reason)
	var b Backup
	var err error
	for i := 1; ; i++ {
		dest := filepath.Join(dir, name+".payouts")
		if i > 1 { // two backups in one second
			dest = filepath.Join(dir, fmt.Sprintf("%s-%d.payouts", name, i))
		}
		b, err = s.Backup(ctx, dest)
		if ErrorCode(err) != ECONFLICT || i > 100 {
			break
		}
	}
	if err != nil {
		return b, err
	}
	b.Time, b.Reason = now, reason
	return b, nil
}

// AutoBackup is the backup Payouts takes by itself before a migration or an
// import. A ledger that cannot be written is still backed up (reading is
// all a backup needs).
func (s *Store) AutoBackup(ctx context.Context, reason string) (Backup, error) {
	if s.pg != nil {
		return Backup{}, nil // the server keeps its own (pg_dump, point-in-time recovery)
	}
	b, err := s.BackupNow(ctx, reason)
	if err != nil {
		return b, wrapMessage(err, "the automatic backup before the "+reason+" failed, so nothing was changed")
	}
	return b, nil
}

// DailyBackup takes the app's daily backup: one when the backups folder
// holds none from today. It returns whether it made one.
func (s *Store) DailyBackup(ctx context.Context) (Backup, bool, error) {
	if s.pg != nil {
		return Backup{}, false, nil // as AutoBackup
	}
	now := s.Now().Local()
	list, err := ListBackups(s.path)
	if err != nil {
		return Backup{}, false, err
	}
	for _, b := range list {
		if sameDay(b.Time, now) {
			return b, false, nil
		}
	}
	b, err := s.BackupNow(ctx, "daily")
	return b, err == nil, err
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// wrapMessage puts context before a ledger error's message, keeping its
// code.
func wrapMessage(err error, context string) error {
	var e *Error
	if errors.As(err, &e) {
		return Errorf(e.Code, "%s: %s", context, e.Message)
	}
	return fmt.Errorf("%s: %w", context, err)
}

// ListBackups returns the backups in the backups folder beside the ledger
// at ledgerPath, newest first. A missing folder is no backups.
func ListBackups(ledgerPath string) ([]Backup, error) {
	dir := BackupDir(ledgerPath)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, Errorf(EUNAVAILABLE, "cannot read the backups folder %s: %v", dir, unwrapPathError(err))
	}
	prefix := backupStem(ledgerPath) + "-"
	var out []Backup
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".payouts") {
			continue
		}
		rest := strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".payouts")
		if len(rest) < len(backupTimeLayout) {
			continue
		}
		t, err := time.ParseInLocation(backupTimeLayout, rest[:len(backupTimeLayout)], time.Local)
		if err != nil {
			continue
		}
		reason := strings.TrimPrefix(rest[len(backupTimeLayout):], "-")
		if i := strings.LastIndexByte(reason, '-'); i >= 0 {
			if _, err := strconv.Atoi(reason[i+1:]); err == nil {
				reason = reason[:i]
			}
		}
		b := Backup{Path: filepath.Join(dir, name), Time: t, Reason: reason}
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.After(out[j].Time)
		}
		return out[i].Path > out[j].Path
	})
	return out, nil
}

// LatestBackup returns the newest backup beside the ledger, or "".
func LatestBackup(ledgerPath string) string {
	list, _ := ListBackups(ledgerPath)
	if len(list) == 0 {
		return ""
	}
	return list[0].Path
}

// partialBackup makes the empty file a backup to dest is written into: a
// new dest is refused when it exists, its folder is made, and the file is
// created 0600 under a temporary name beside it (VACUUM INTO or a new
// ledger would make it with the umask's mode), to be renamed to dest once
// checked, so a backup that was killed halfway never looks like a backup.
func partialBackup(dest string) (string, error) {
	if _, err := os.Lstat(dest); err == nil {
		return "", Errorf(ECONFLICT, "%s already exists: choose another file for the backup", dest)
	}
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, folderMode); err != nil {
		return "", Errorf(EUNAVAILABLE, "cannot create the folder %s for the backup: %v", dir, unwrapPathError(err))
	}
	f, err := os.CreateTemp(dir, filepath.Base(dest)+".*.partial")
	if err != nil {
		return "", Errorf(EUNAVAILABLE, "cannot write the backup %s: %v", dest, unwrapPathError(err))
	}
	tmp := f.Name()
	f.Close()
	os.Chmod(tmp, fileMode)
	return tmp, nil
}
