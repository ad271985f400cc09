package ledger

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// applicationID marks an SQLite file as a Payouts ledger ("PAYO"), so that
// opening some other database is refused rather than migrated into.
const applicationID = 0x5041594F

// Store is a Payouts ledger: one SQLite file. Its methods are the only way
// the rest of the program reads or changes the ledger.
type Store struct {
	db   *sql.DB
	path string
	// pg is set when the ledger lives in PostgreSQL (see store_pg.go).
	pg *pgStore

	// Now is the clock every operation records; tests replace it.
	Now func() time.Time
	// Operator is who is recorded as having done each operation. Set it
	// before the store is shared; to change it while operations may run on
	// other goroutines (the GUI's Settings), use SetOperator.
	Operator string
	// operator, once SetOperator was called, replaces Operator; atomic, so
	// changing it never races with an operation reading it.
	operator atomic.Pointer[string]

	// prepared holds statements prepared once for the store's lifetime:
	// preparing the same few statements again in every transaction was
	// about 40% of an interactive operation's CPU.
	prepared sync.Map // query -> *sql.Stmt

	// unregister ends the count of this Store among those of the process
	// open on its file (registerOpen); nil on PostgreSQL.
	unregister func()
	// readOnly says why the ledger cannot be written ("" when it can).
	readOnly string
	// damaged is set once SQLite reports the file damaged: from then on
	// every change is refused with it (see watch).
	damaged atomic.Pointer[Error]
	// ready is set once Open has checked the file: before that, SQLite's
	// "not a database" means a foreign file, not a damaged ledger.
	ready atomic.Bool
	// version is the connection DataVersion polls.
	version versionConn
	// onStatement, when set (tests only), is called with every statement
	// sent to SQLite: BEGIN, COMMIT and ROLLBACK included.
	onStatement atomic.Pointer[func(query string)]

	// roles is the role of who uses the ledger (Role).
	roles roleState

	// OnWait, when set, is called (from another goroutine) once an
	// operation has waited waitNote for another program's write to finish:
	// the CLI and the app say what they wait for.
	OnWait func(msg string)
}

// DefaultOperator is the operator recorded when none is configured: the
// PAYOUTS_OPERATOR environment variable, else the OS user name.
func DefaultOperator() string {
	if op := strings.TrimSpace(os.Getenv("PAYOUTS_OPERATOR")); op != "" {
		return op
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int { return len(migrationNames()) }

func migrationNames() []string {
	entries, _ := migrationFS.ReadDir("migrations")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// Open opens the ledger at path, creating it when the file does not exist,
// and brings its schema up to date. A file that is not a Payouts ledger, or
// that a newer Payouts wrote, is refused with EINVALID and left untouched.
func Open(path string) (*Store, error) { return OpenWith(path, OpenOptions{}) }

// OpenExisting opens the ledger at path like Open, but refuses a path where
// no ledger exists ("no ledger at PATH") instead of creating one.
func OpenExisting(path string) (*Store, error) {
	return OpenWith(path, OpenOptions{MustExist: true})
}

// OpenWith opens the ledger at path as o says. A ledger this process cannot
// write (a read-only file or folder) opens read-only: it can be read and
// backed up, and every change is refused saying why.
func OpenWith(path string, o OpenOptions) (*Store, error) {
	if IsServerURL(path) {
		return openPostgres(path, o)
	}
	exists, err := checkPath(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		if o.MustExist || o.ReadOnly {
			return nil, Errorf(ENOTFOUND, "no ledger at %s: check the path, or create one with 'payouts init --db %s'", path, path)
		}
		if err := createFile(path); err != nil {
			return nil, err
		}
	}
	readOnly := ""
	if o.ReadOnly {
		readOnly = "the ledger was opened read-only"
	} else if r := readOnlyReason(path); r != "" {
		readOnly = r
	} else {
		fixModes(path)
	}
	q := url.Values{}
	busy := fmt.Sprintf("busy_timeout(%d)", busyWait.Milliseconds())
	for _, p := range []string{"foreign_keys(1)", busy, "synchronous(FULL)", "cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	// Write transactions take the write lock at BEGIN, so two writers queue on
	// busy_timeout instead of one failing halfway with SQLITE_BUSY.
	q.Set("_txlock", "immediate")
	if readOnly != "" {
		q.Set("mode", "ro")
		if sidesMissingInReadOnlyFolder(path) {
			// SQLite cannot make the -shm it reads a WAL ledger through, and
			// no program is writing it (a writer would have made -wal and
			// -shm): read the file as it stands.
			q.Set("immutable", "1")
		}
	}
	s := &Store{path: path, Now: time.Now, Operator: DefaultOperator(), readOnly: readOnly}
	s.db = sql.OpenDB(&watchConnector{dsn: "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode(), store: s})
	s.loadDamage()
	if err := s.init(); err != nil {
		s.db.Close()
		return nil, err
	}
	if readOnly == "" {
		fixModes(path) // the -wal and -shm SQLite just made
	}
	s.ready.Store(true)
	s.unregister = registerOpen(path)
	return s, nil
}

// SetOperator changes who is recorded as doing the next operations. It is
// safe to call while operations run on other goroutines.
func (s *Store) SetOperator(name string) { s.operator.Store(&name) }

// OperatorName is who the next operation will record: the name last given to
// SetOperator, else Operator.
func (s *Store) OperatorName() string {
	if s.pg != nil {
		return s.pg.role // the person is the database role
	}
	if p := s.operator.Load(); p != nil {
		return *p
	}
	return s.Operator
}

// Path returns the file the ledger lives in, or on PostgreSQL its URL
// without the password.
func (s *Store) Path() string { return s.path }

// Close closes the ledger.
func (s *Store) Close() error {
	if s.unregister != nil {
		s.unregister()
	}
	s.closeVersionConn()
	if s.pg != nil {
		s.pgCloseListener()
	}
	s.prepared.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// DB exposes the connection pool to the benchmark and the checks of sibling
// packages' tests, which compare the ledger with the sqlite3 CLI. The
// application itself never uses it.
func (s *Store) DB() *sql.DB { return s.db }

func (s *Store) init() error {
	ctx := context.Background()
	appID, version, tables, err := fileState(ctx, s.db)
	if err != nil {
		return s.openError(err)
	}
	switch {
	case appID == 0 && tables == 0:
		// A new, empty file: ours to set up.
	case appID != applicationID:
		return Errorf(EINVALID, "%s is not a Payouts ledger", s.path)
	case version > SchemaVersion():
		return Errorf(EINVALID, "%s was written by a newer version of Payouts (schema %d; this version knows up to %d): update Payouts", s.path, version, SchemaVersion())
	}
	if s.readOnly != "" {
		if version < SchemaVersion() {
			return Errorf(EUNAVAILABLE, "%s: Payouts cannot bring it up to date (schema %d to %d) without writing; make it writable and open it again", s.readOnly, version, SchemaVersion())
		}
		return nil
	}
	// WAL lets the GUI read while a write commits. Set here, not in the DSN,
	// so a foreign file is never converted to WAL before it is refused.
	if err := s.setWAL(ctx); err != nil {
		return s.openError(err)
	}
	if version < SchemaVersion() {
		if err := s.Damaged(); err != nil {
			return err // never migrate a damaged file
		}
		return s.migrate(ctx, version)
	}
	return nil
}

// setWAL switches the file to WAL. The switch needs the file to itself:
// while another program opening the same new file holds its write lock for
// a migration, SQLite refuses it with SQLITE_BUSY at once, without waiting
// (the two would otherwise deadlock: this side holds a read lock the other
// needs gone to commit). So it is retried until the busy timeout, as a
// waiting write would be; seen with concurrent openers of a new file.
func (s *Store) setWAL(ctx context.Context) error {
	deadline := time.Now().Add(busyWait)
	for {
		_, err := s.db.ExecContext(ctx, `PRAGMA journal_mode=WAL`)
		if err == nil || sqliteCode(err)&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// queryRower is a *sql.DB or a *sql.Tx.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// fileState reads what says whose file it is and which schema it has.
//
// One statement, so one read snapshot: read as three statements outside a
// transaction, a file another program was setting up could show no
// application_id and then its first tables, and be refused as "not a
// Payouts ledger" (seen with concurrent openers of a new file).
func fileState(ctx context.Context, q queryRower) (appID, version, tables int, err error) {
	err = q.QueryRowContext(ctx, `SELECT
		(SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	return
}

func (s *Store) openError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			if b := LatestBackup(s.path); b != "" {
				return Errorf(EINVALID, "%s is not a readable SQLite file: if it is your ledger, it is damaged; restore the latest backup, %s, with 'payouts restore %s'", s.path, b, b)
			}
			return Errorf(EINVALID, "%s is not a Payouts ledger (not an SQLite database)", s.path)
		case sqlite3.SQLITE_CORRUPT:
			return Errorf(EINVALID, "%s", DamagedMessage(s.path, oneLine(se.Error()), LatestBackup(s.path)))
		case sqlite3.SQLITE_BUSY:
			return Errorf(EUNAVAILABLE, "%s is locked by another program", s.path)
		}
		if fe := s.fileError(se); fe != nil {
			return fe
		}
	}
	return fmt.Errorf("open ledger %s: %w", s.path, err)
}

func (s *Store) storageError(err error) error {
	if s.pg != nil {
		return s.pgError(err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			who := "another program (a large import, the app, another payouts command)"
			if w := busyWith(s.path); w != "" {
				who = "another program (" + w + ")"
			}
			return Errorf(EUNAVAILABLE, "the ledger stayed busy for a minute: %s is writing to it; the change was not saved, try again when it finishes", who)
		case sqlite3.SQLITE_FULL:
			return Errorf(EUNAVAILABLE, "the disk is full: the change was not saved")
		case sqlite3.SQLITE_READONLY:
			return Errorf(EUNAVAILABLE, "the ledger file is read-only: the change was not saved")
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return Errorf(EUNAVAILABLE, "the ledger file is corrupt: restore it from a backup")
		}
		// The schema's triggers (append-only transfers, sums that would
		// overflow) raise a message written for people; the extended code
		// says it is one of them.
		if se.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER {
			return Errorf(EINVALID, "%s: the change was not saved", triggerMessage(se))
		}
	}
	return err
}

// triggerMessage is the RAISE text of a trigger's error, without the result
// code the driver appends ("... (1811)").
func triggerMessage(se *sqlite.Error) string {
	msg := se.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i]
	}
	return msg
}

// waitNote is how long an operation waits for the write lock before the
// CLI and the app say what it waits for.
const waitNote = 2 * time.Second

// busyWait is how long an operation waits for another program's write
// lock before it gives up with "busy".
const busyWait = 60 * time.Second

func ms(t time.Time) int64 { return t.UnixMilli() }

// FromMillis turns a stored timestamp back into a time.
func FromMillis(v int64) time.Time { return time.UnixMilli(v).UTC() }

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
