package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for the floors

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
	"github.com/payouts/payouts/ledger/orders"
	"github.com/payouts/payouts/ledger/orders/orderbench"
)

// The PostgreSQL measurements (issue 18) run on a loopback cluster the
// parent starts for the run (internal/pgtest) with fsync,
// synchronous_commit and full_page_writes on, as a production server has
// them; each child gets its address (-pg) and makes its own database.
var pgMeasurements = []string{"pg-interactive", "pg-balances", "pg-import"}

// Databases of the bench cluster.
const (
	pgLargeDB  = "bench_large"  // the generated program
	pgImportDB = "bench_import" // the program's deals only, to import into
	pgFloorDB  = "bench_floor"  // the floors' bare tables
)

// wantsPG reports whether the run takes a PostgreSQL measurement.
func (c config) wantsPG() bool {
	return slices.ContainsFunc(pgMeasurements, c.wants)
}

// pgURL is the address of database db on the bench cluster.
func (c config) pgURL(db string) string {
	u, err := url.Parse(c.PG)
	if err != nil {
		return c.PG
	}
	u.Path = "/" + db
	return u.String()
}

// pgCreate makes database db on the bench cluster afresh.
func pgCreate(ctx context.Context, cfg config, db string) error {
	admin, err := sql.Open("pgx", cfg.PG)
	if err != nil {
		return err
	}
	defer admin.Close()
	for _, q := range []string{"DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "CREATE DATABASE " + db + " TEMPLATE template0"} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// addPostgres starts the durable cluster, takes the PostgreSQL
// measurements the run wants, and stops it.
func addPostgres(ctx context.Context, cfg config, t *table) {
	progress("PostgreSQL: starting a durable loopback cluster")
	c, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		t.failed("PostgreSQL measurements", err)
		return
	}
	defer c.Stop()
	cfg.PG = c.AdminURL()
	t.header = append(t.header, fmt.Sprintf("- PostgreSQL %s on 127.0.0.1 (internal/pgtest, durable: fsync, synchronous_commit, full_page_writes on; shared_buffers as initdb sets it)", c.Version))
	if cfg.wants("pg-balances") || cfg.wants("pg-interactive") {
		build := runChild(ctx, cfg, "pg-build")
		if build.err != nil {
			t.failed("Build the large ledger on PostgreSQL", build.err)
		} else {
			t.add(row{what: fmt.Sprintf("PostgreSQL: build the program (ledger.Bulk via demo.FillLarge, %s deals, %s orders)", count(build.num("deals")), count(build.num("orders"))),
				ours:  fmt.Sprintf("%s transfers/s (%s transfers, %s; CPU %s)", count(build.num("transfers")/build.num("seconds")), count(build.num("transfers")), dur(build.num("seconds")), dur(build.cpu.Seconds())),
				floor: "—", floorValue: "—", ratio: "—", target: "—", rss: mb(build.rssKB)})
			if cfg.wants("pg-balances") {
				addPGBalances(ctx, cfg, t)
			}
			if cfg.wants("pg-interactive") {
				addPGInteractive(ctx, cfg, t)
			}
		}
	}
	if cfg.wants("pg-import") {
		addPGImport(ctx, cfg, t)
	}
}

func addPGBalances(ctx context.Context, cfg config, t *table) {
	bal := runChild(ctx, cfg, "pg-balances")
	if bal.err != nil {
		t.failed("PostgreSQL: balances of all deals", bal.err)
		return
	}
	t.add(row{what: fmt.Sprintf("PostgreSQL: balances of all %s deals, cached (store.Deals, all rows)", count(bal.num("deals"))),
		ours: fmt.Sprintf("p50 %s, max %s", dur(bal.num("p50")), dur(bal.num("max"))), floor: "SELECT * FROM deals (every column of every deal row, no join) through the same driver",
		floorValue: dur(bal.num("floor_p50")), ratio: slower(bal.num("p50"), bal.num("floor_p50")),
		target: "< 300 ms (issue 18): " + met(bal.num("p50") < 0.300), rss: mb(bal.rssKB)})
}

func addPGInteractive(ctx context.Context, cfg config, t *table) {
	inter := runChild(ctx, cfg, "pg-interactive")
	if inter.err != nil {
		t.failed("PostgreSQL: request + pay offline", inter.err)
		return
	}
	p99 := inter.num("p99")
	t.add(row{what: fmt.Sprintf("PostgreSQL: request + pay offline, 2 operations (%s runs, SERIALIZABLE, synchronous_commit %s)", count(inter.num("ops")), inter.str("sync")),
		ours:       fmt.Sprintf("mean %s; p50 %s, p99 %s", dur(inter.num("mean")), dur(inter.num("p50")), dur(p99)),
		floor:      "2 durable one-row INSERT transactions (BEGIN, INSERT, COMMIT) through the same driver, same cluster",
		floorValue: fmt.Sprintf("mean %s; p50 %s, p99 %s", dur(inter.num("floor_mean")), dur(inter.num("floor_p50")), dur(inter.num("floor_p99"))),
		ratio:      "mean " + slower(inter.num("mean"), inter.num("floor_mean")), target: "p99 < 20 ms (issue 18): " + met(p99 < 0.020), rss: mb(inter.rssKB)})
}

func addPGImport(ctx context.Context, cfg config, t *table) {
	setup := runChild(ctx, cfg, "pg-import-setup")
	if setup.err != nil {
		t.failed("PostgreSQL: import the Shopify export (its ledger and file)", setup.err)
		return
	}
	imp := runChild(ctx, cfg, "pg-import")
	if imp.err != nil {
		t.failed("PostgreSQL: import the Shopify export", imp.err)
		return
	}
	fl, err := psqlCopyFloor(ctx, cfg)
	fv := dur(fl.Seconds())
	if err != nil {
		fv = "failed"
		t.note("PostgreSQL import floor: %v", err)
	}
	t.add(row{what: fmt.Sprintf("PostgreSQL: import a Shopify export of %s rows, %s orders (orders.ImportShopify, 12,000-deal ledger)", count(imp.num("rows")), count(setup.num("orders"))),
		ours:       fmt.Sprintf("%s (CPU %s)", dur(imp.num("seconds")), dur(imp.num("cpu_seconds"))),
		floor:      "psql \\copy of the same CSV into a table with the same indexes, same cluster",
		floorValue: fv, ratio: slower(imp.num("seconds"), fl.Seconds()),
		target: "≤ 1.5× (issue 18): " + met(err == nil && imp.num("seconds") <= 1.5*fl.Seconds()), rss: mb(imp.rssKB)})
	t.note("PostgreSQL import: %s new orders, %s released, %s unattributed, %s rejected",
		count(imp.num("new")), count(imp.num("released")), count(imp.num("unattributed")), count(imp.num("rejected")))
	os.Remove(cfg.path(shopifyCSV))
}

// measurePGBuild generates the program into a new database.
func measurePGBuild(ctx context.Context, cfg config) (figures, error) {
	if err := pgCreate(ctx, cfg, pgLargeDB); err != nil {
		return nil, err
	}
	s, err := openLedger(cfg.pgURL(pgLargeDB))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	l := cfg.large()
	if cfg.PGOrders >= 0 {
		l.Orders = cfg.PGOrders
	}
	start := time.Now()
	last := time.Now()
	res, err := demo.FillLarge(ctx, s, l, func(day int, n int64) {
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			progress("  pg-build: day %d, %d transfers", day, n)
		}
	})
	if err != nil {
		return nil, err
	}
	return figures{"seconds": time.Since(start).Seconds(), "transfers": float64(res.Transfers), "orders": float64(res.Orders), "deals": float64(res.Deals)}, nil
}

// measurePGBalances reads every deal's cached balances, against a bare
// read of the deals table's rows.
func measurePGBalances(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.pgURL(pgLargeDB))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var n int
	d, err := timeIt(9, func() error {
		ds, err := s.Deals(ctx, ledger.DealQuery{})
		n = len(ds)
		return err
	})
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", cfg.pgURL(pgLargeDB))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	fl, err := timeIt(9, func() error {
		rows, err := db.QueryContext(ctx, `SELECT * FROM deals`)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return figures{"deals": float64(n), "p50": pct(d, 0.5), "max": d[len(d)-1].Seconds(), "floor_p50": pct(fl, 0.5)}, nil
}

// measurePGInteractive requests and pays offline, as measureInteractive
// does on SQLite, then times the floor: two bare durable transactions.
func measurePGInteractive(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.pgURL(pgLargeDB))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.Now = time.Now
	var sync string
	if err := s.DB().QueryRowContext(ctx, `SHOW synchronous_commit`).Scan(&sync); err != nil {
		return nil, err
	}
	d, err := requestPayTimes(ctx, s, cfg.Ops)
	if err != nil {
		return nil, err
	}
	f := figures{"ops": float64(len(d)), "sync": sync}
	f["mean"], f["p50"], f["p99"] = stats(d)

	// The floor: two one-row transactions, as two operations commit.
	if err := pgCreate(ctx, cfg, pgFloorDB); err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", cfg.pgURL(pgFloorDB))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id bigserial PRIMARY KEY, deal bigint, amount bigint, note text)`); err != nil {
		return nil, err
	}
	one := func(i int) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (deal, amount, note) VALUES ($1, $2, $3)`, i, 100, "bench"); err != nil {
			return err
		}
		return tx.Commit()
	}
	var fl []time.Duration
	for i := 0; i < cfg.Ops+warmup; i++ {
		start := time.Now()
		if err := one(i); err != nil {
			return nil, err
		}
		if err := one(i); err != nil {
			return nil, err
		}
		if i >= warmup {
			fl = append(fl, time.Since(start))
		}
	}
	f["floor_mean"], f["floor_p50"], f["floor_p99"] = stats(fl)
	return f, nil
}

// stats are the mean, p50 and p99 of d, in seconds (d gets sorted).
func stats(d []time.Duration) (mean, p50, p99 float64) {
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	slices.Sort(d)
	return sum.Seconds() / float64(len(d)), pct(d, 0.5), pct(d, 0.99)
}

// measurePGImportSetup makes the database the import goes into (the
// program's deals, no orders) and the Shopify export, in a child of its
// own so that the import child's peak memory is the import's.
func measurePGImportSetup(ctx context.Context, cfg config) (figures, error) {
	if err := pgCreate(ctx, cfg, pgImportDB); err != nil {
		return nil, err
	}
	s, err := openLedger(cfg.pgURL(pgImportDB))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	l := cfg.large()
	l.Orders = 0
	if _, err := demo.FillLarge(ctx, s, l, nil); err != nil {
		return nil, err
	}
	n, err := writeShopify(cfg.path(shopifyCSV), cfg.large(), cfg.Rows)
	if err != nil {
		return nil, err
	}
	return figures{"orders": float64(n)}, nil
}

// measurePGImport imports the Shopify export into the program's deals on
// PostgreSQL, as measureImport does on SQLite.
func measurePGImport(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.pgURL(pgImportDB))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	start, cpu := time.Now(), selfCPU()
	res, err := orders.ImportShopify(ctx, s, "", cfg.path(shopifyCSV))
	if err != nil {
		return nil, err
	}
	return figures{"seconds": time.Since(start).Seconds(), "cpu_seconds": (selfCPU() - cpu).Seconds(), "rows": float64(res.Rows),
		"new": float64(res.New), "released": float64(res.Released), "rejected": float64(len(res.Rejected)),
		"unattributed": float64(len(res.Unattributed))}, nil
}

// psqlCopyFloor times psql's \copy of the Shopify export into a table of
// its columns with the indexes the SQLite floor has (name, discount code,
// paid at), in a fresh database of the same cluster.
func psqlCopyFloor(ctx context.Context, cfg config) (time.Duration, error) {
	bin, err := psqlBinary()
	if err != nil {
		return 0, err
	}
	if err := pgCreate(ctx, cfg, pgFloorDB); err != nil {
		return 0, err
	}
	db := cfg.pgURL(pgFloorDB)
	if out, err := exec.CommandContext(ctx, bin, "-v", "ON_ERROR_STOP=1", "-q", "-d", db, "-c", orderbench.FloorSchema()).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("psql: %v: %s", err, strings.TrimSpace(string(out)))
	}
	start := time.Now()
	copyCmd := `\copy shopify FROM '` + strings.ReplaceAll(cfg.path(shopifyCSV), "'", "''") + `' WITH (FORMAT csv, HEADER true)`
	if out, err := exec.CommandContext(ctx, bin, "-v", "ON_ERROR_STOP=1", "-q", "-d", db, "-c", copyCmd).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("psql: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return time.Since(start), nil
}

// psqlBinary finds psql beside the server binaries (Debian puts them in
// /usr/lib/postgresql/N/bin) or on PATH.
func psqlBinary() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/psql")
	if len(dirs) > 0 {
		slices.Sort(dirs)
		return dirs[len(dirs)-1], nil
	}
	if p, err := exec.LookPath("psql"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("psql not found (Debian package postgresql-client)")
}
