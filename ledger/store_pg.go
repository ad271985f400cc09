package ledger

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgMigrationFS holds the PostgreSQL schema: migrations_pg/NNNN_topic.sql
// brings a database to schema NNNN, the number SQLite's user_version has
// after the migration of the same number. 0016_schema.sql is the whole
// schema at version 16; each later SQLite migration has its twin here.
//
//go:embed migrations_pg
var pgMigrationFS embed.FS

// The backends Store.Backend names.
const (
	BackendSQLite   = "sqlite"
	BackendPostgres = "postgres"
)

// pgStore is what a store on PostgreSQL knows besides its pool.
type pgStore struct {
	cfg  *pgx.ConnConfig
	host string // host:port, for messages
	// role is the database role the store connects as: the operator
	// recorded on every change (people, not typed names).
	role string
	// changes counts the notifications of committed changes (DataVersion).
	changes pgListener
}

// pgRaw starts a statement written for PostgreSQL: pgSQL leaves it as it is.
const pgRaw = "/* postgresql */ "

// Backend says where the ledger lives: BackendSQLite or BackendPostgres.
func (s *Store) Backend() string {
	if s.pg != nil {
		return BackendPostgres
	}
	return BackendSQLite
}

// openPostgres opens the ledger in the PostgreSQL database at raw, a URL,
// setting up its schema when the database is empty.
func openPostgres(raw string, o OpenOptions) (*Store, error) {
	shown := ShowLocation(raw)
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		return nil, Errorf(EINVALID, "%s is not a PostgreSQL address Payouts can read: %s", shown, oneLine(errors.Unwrap(err).Error()))
	}
	// One round trip per statement, parameters typed by the server from
	// where they stand (see pgConn).
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "payouts"
	}
	p := &pgStore{cfg: cfg, host: net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))}
	if strings.HasPrefix(cfg.Host, "/") {
		p.host = cfg.Host // a Unix socket folder
	}
	s := &Store{path: shown, Now: time.Now, pg: p}
	s.db = sql.OpenDB(&pgConnector{inner: stdlib.GetConnector(*cfg), sent: s.sent})
	if err := s.pgInit(context.Background(), o); err != nil {
		s.db.Close()
		return nil, err
	}
	s.Operator = p.role
	s.ready.Store(true)
	return s, nil
}

func (s *Store) pgInit(ctx context.Context, o OpenOptions) error {
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := s.db.PingContext(pctx); err != nil {
		return s.pgConnectError(err)
	}
	if err := s.db.QueryRowContext(ctx, pgRaw+`SELECT current_user`).Scan(&s.pg.role); err != nil {
		return s.pgConnectError(err)
	}
	version, err := s.pgSchemaState(ctx, s.db)
	if err != nil {
		return err
	}
	if version == 0 && (o.MustExist || o.ReadOnly) {
		return Errorf(ENOTFOUND, "no ledger at %s (the database is empty): check the address, or create one with 'payouts init --db %s'", s.path, s.path)
	}
	if version > SchemaVersion() {
		return Errorf(EINVALID, "%s was written by a newer version of Payouts (schema %d; this version knows up to %d): update Payouts", s.path, version, SchemaVersion())
	}
	if o.ReadOnly {
		s.readOnly = "the ledger was opened read-only"
		if version < SchemaVersion() {
			return Errorf(EUNAVAILABLE, "%s: Payouts cannot bring it up to date (schema %d to %d) without writing; open it again without read-only", s.readOnly, version, SchemaVersion())
		}
		return nil
	}
	if version < SchemaVersion() {
		return s.pgMigrate(ctx)
	}
	return nil
}

// pgSchemaState returns the schema version of the database: 0 when it is
// empty; a database with other tables and no payouts_meta is refused.
func (s *Store) pgSchemaState(ctx context.Context, q queryRower) (int, error) {
	var tables int
	var meta bool
	err := q.QueryRowContext(ctx, pgRaw+`SELECT
		(SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')),
		to_regclass('payouts_meta') IS NOT NULL`).Scan(&tables, &meta)
	if err != nil {
		return 0, s.pgConnectError(err)
	}
	if !meta {
		if tables == 0 {
			return 0, nil
		}
		return 0, Errorf(EINVALID, "%s is not a Payouts ledger (the database holds other tables)", s.path)
	}
	var v string
	err = q.QueryRowContext(ctx, pgRaw+`SELECT value FROM payouts_meta WHERE key = 'schema_version'`).Scan(&v)
	n, convErr := strconv.Atoi(v)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (convErr != nil || n <= 0)) {
		return 0, Errorf(EINVALID, "%s is not a Payouts ledger (payouts_meta has no schema version)", s.path)
	} else if err != nil {
		return 0, s.pgConnectError(err)
	}
	return n, nil
}

// pgMigrationFiles lists the PostgreSQL migrations by the version each
// brings the schema to.
func pgMigrationFiles() (map[int]string, []int) {
	files := map[int]string{}
	var versions []int
	entries, _ := fs.ReadDir(pgMigrationFS, "migrations_pg")
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			continue
		}
		files[n] = name
		versions = append(versions, n)
	}
	sort.Ints(versions)
	return files, versions
}

// pgMigrateLock is the advisory lock two programs opening one database
// take in turn, so that only the first sets the schema up.
const pgMigrateLock = 0x5041594F

// pgMigrate applies, each in its own transaction with the version, the
// PostgreSQL migrations the database lacks. There is no file backup on
// PostgreSQL: the server's own (pg_dump, point-in-time recovery) keeps it.
func (s *Store) pgMigrate(ctx context.Context) error {
	files, versions := pgMigrationFiles()
	if len(versions) == 0 || versions[len(versions)-1] < SchemaVersion() {
		return Errorf(EINTERNAL, "this build of Payouts lacks the PostgreSQL schema %d: it cannot open ledgers on PostgreSQL", SchemaVersion())
	}
	for _, target := range versions {
		if err := s.pgMigrateTo(ctx, target, files[target]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) pgMigrateTo(ctx context.Context, target int, name string) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return s.pgConnectError(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, pgRaw+`SELECT pg_advisory_xact_lock(`+strconv.Itoa(pgMigrateLock)+`)`); err != nil {
		return s.pgConnectError(err)
	}
	version, err := s.pgSchemaState(ctx, tx) // again, under the lock
	if err != nil || version >= target {
		return err
	}
	body, err := pgMigrationFS.ReadFile("migrations_pg/" + name)
	if err != nil {
		return fmt.Errorf("read migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, pgRaw+string(body)); err != nil {
		return s.pgMigrationError(name, err)
	}
	if _, err := tx.ExecContext(ctx, pgRaw+`INSERT INTO payouts_meta (key, value) VALUES ('schema_version', $1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(target)); err != nil {
		return s.pgMigrationError(name, err)
	}
	if err := tx.Commit(); err != nil {
		return s.pgMigrationError(name, err)
	}
	return nil
}

func (s *Store) pgMigrationError(name string, err error) error {
	if e := s.pgError(err); ErrorCode(e) != EINTERNAL {
		return Errorf(ErrorCode(e), "setting up the ledger in %s (%s): %s", s.path, name, ErrorMessage(e))
	}
	return fmt.Errorf("migration %s of %s: %w", name, s.path, err)
}

// analyzeAfterLoad refreshes PostgreSQL's planner statistics of tables
// after a bulk load (the large-program builder, a large order import, a
// ledger moved in). Until autovacuum gets to them, a minute or more later,
// the planner sees the tables as they were before the load, and it then
// picks plans that read a whole table per statement: paying a request just
// after a load looked its reference up by walking every request in id
// order (14 ms instead of 0.1). SQLite needs nothing: its planner uses no
// statistics unless ANALYZE ran, which the ledger never runs.
//
// It is a help, not a step of the operation, which has committed: a
// failure is ignored, and a role that does not own the tables (a clerk's
// import) gets only a warning from the server, which skips them.
func (s *Store) analyzeAfterLoad(ctx context.Context, tables ...string) {
	if s.pg == nil {
		return
	}
	q := pgRaw + "ANALYZE"
	if len(tables) > 0 {
		q += " " + strings.Join(tables, ", ")
	}
	s.db.ExecContext(ctx, q)
}

// analyzeMinOrders is the size of an order import after which the
// imported tables' statistics are refreshed (analyzeAfterLoad).
var analyzeMinOrders = 10000
