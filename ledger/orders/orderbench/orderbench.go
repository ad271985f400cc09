// Package orderbench measures the Shopify import against the sqlite3 CLI's
// own CSV import of the same file, for the benchmark table (`make bench`)
// and the orders benchmark. It is not part of the app.
package orderbench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// Figures are one measured run.
type Figures struct {
	Rows    int           // data rows of the export
	Orders  int           // orders in it
	Posted  int           // orders imported (attributed, new)
	Import  time.Duration // orders.ImportShopify, parse to commit
	SQLite3 time.Duration // sqlite3 CLI .import of the same file
	// CPU time (user + system) of each: on a busy machine wall time
	// depends on what else runs, CPU time much less.
	ImportCPU, SQLite3CPU time.Duration
}

// Ratio is Import / SQLite3: the target is 1.5 or less.
func (f Figures) Ratio() float64 { return f.Import.Seconds() / f.SQLite3.Seconds() }

// CPURatio is ImportCPU / SQLite3CPU (0 when not measured).
func (f Figures) CPURatio() float64 {
	if f.SQLite3CPU <= 0 {
		return 0
	}
	return f.ImportCPU.Seconds() / f.SQLite3CPU.Seconds()
}

func (f Figures) String() string {
	return fmt.Sprintf("%d rows, %d orders (%d imported): import %.2fs (CPU %.2fs), sqlite3 .import %.2fs (CPU %.2fs), ratio %.2fx (CPU %.2fx)",
		f.Rows, f.Orders, f.Posted, f.Import.Seconds(), f.ImportCPU.Seconds(), f.SQLite3.Seconds(), f.SQLite3CPU.Seconds(), f.Ratio(), f.CPURatio())
}

// Deals adds n creators, each with a percent deal and a discount code
// (every fifth in EUR, the rest in USD), and returns the codes with their
// currencies, for GenerateShopify.
func Deals(ctx context.Context, s *ledger.Store, n int) (map[string]string, error) {
	camp, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Bench"})
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	for i := range n {
		cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: fmt.Sprintf("Creator %04d", i)})
		if err != nil {
			return nil, err
		}
		cur := "USD"
		if i%5 == 4 {
			cur = "EUR"
		}
		code := fmt.Sprintf("CREATOR%04d", i)
		if _, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: camp, Currency: cur,
			Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, Codes: []string{code}, HoldDays: 30}); err != nil {
			return nil, err
		}
		codes[code] = cur
	}
	return codes, nil
}

// WriteExport writes a deterministic Shopify export of rows rows to path,
// unless a file of that name is already there (the same name always holds
// the same content).
func WriteExport(path string, rows int, codes map[string]string) (int, error) {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return 0, err
	}
	n, err := orders.GenerateShopify(f, orders.GenerateOptions{Rows: rows, Seed: 1, Codes: codes,
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return n, os.Rename(path+".tmp", path)
}

// SQLite3Import times the sqlite3 CLI importing csvPath into a new database
// in dir: a table with the export's columns and indexes like the ledger's
// (the order's name, its discount code and its paid date: what the orders
// table indexes as order ID, deal and release date). Only the .import is
// timed, not creating the table. sqlite3 runs with its default page cache
// (2 MB); see SQLite3ImportCache.
func SQLite3Import(ctx context.Context, dir, csvPath string) (time.Duration, error) {
	return SQLite3ImportCache(ctx, dir, csvPath, 0)
}

// LedgerCacheKiB is the page cache the ledger opens with (ledger.Open sets
// cache_size to -65536): the fair cache to give sqlite3.
const LedgerCacheKiB = 65536

// SQLite3ImportCache is SQLite3Import with sqlite3's page cache set to
// cacheKiB (0: sqlite3's default), so that both sides of the comparison
// can have the same cache.
func SQLite3ImportCache(ctx context.Context, dir, csvPath string, cacheKiB int) (time.Duration, error) {
	wall, _, err := SQLite3ImportTimes(ctx, dir, csvPath, cacheKiB)
	return wall, err
}

// FloorSchema is the table the floors load the Shopify export into, in SQL
// both SQLite and PostgreSQL read: a text column per header and the three
// indexes an import looks orders up by (name, discount code, paid at).
func FloorSchema() string {
	cols := make([]string, len(orders.ShopifyHeader))
	for i, h := range orders.ShopifyHeader {
		cols[i] = `"` + h + `" TEXT`
	}
	return `CREATE TABLE shopify (` + strings.Join(cols, ", ") + `);
CREATE INDEX shopify_name ON shopify("Name");
CREATE INDEX shopify_code ON shopify("Discount Code");
CREATE INDEX shopify_paid ON shopify("Paid at");
`
}

// SQLite3ImportTimes is SQLite3ImportCache returning both the wall time and
// the CPU time (user + system) of the sqlite3 process.
func SQLite3ImportTimes(ctx context.Context, dir, csvPath string, cacheKiB int) (wall, cpu time.Duration, err error) {
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		return 0, 0, fmt.Errorf("the sqlite3 CLI is needed (Debian package sqlite3): %w", err)
	}
	db := filepath.Join(dir, "sqlite3-import.db")
	os.Remove(db)
	if _, err := runSQLite(ctx, bin, db, FloorSchema()); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	script := ".import --csv --skip 1 '" + csvPath + "' shopify\n"
	if cacheKiB > 0 {
		script = fmt.Sprintf("PRAGMA cache_size = -%d;\n", cacheKiB) + script
	}
	cpu, err = runSQLite(ctx, bin, db, script)
	if err != nil {
		return 0, 0, err
	}
	wall = time.Since(start)
	os.Remove(db)
	return wall, cpu, nil
}

// runSQLite runs a script through sqlite3 and returns its CPU time.
func runSQLite(ctx context.Context, bin, db, script string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, bin, "-bail", db)
	cmd.Stdin = strings.NewReader(script)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, strings.TrimSpace(out.String()))
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// Run measures one import of a rows-row export in dir (which it fills with
// a ledger, the export and the sqlite3 database): a new ledger with 500
// deals, then orders.ImportShopify, then sqlite3's .import of the same file
// (with the ledger's page cache: see SQLite3ImportCache). The store's clock
// is a date after all orders, so their holds have run out and are released
// in the same import: the most work an import does.
func Run(ctx context.Context, dir string, rows int) (Figures, error) {
	f := Figures{Rows: rows}
	s, err := ledger.Open(filepath.Join(dir, fmt.Sprintf("bench-%d.payouts", time.Now().UnixNano())))
	if err != nil {
		return f, err
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC) }
	codes, err := Deals(ctx, s, 500)
	if err != nil {
		return f, err
	}
	csvPath := filepath.Join(dir, fmt.Sprintf("shopify-%d.csv", rows))
	if f.Orders, err = WriteExport(csvPath, rows, codes); err != nil {
		return f, err
	}
	start, cpu := time.Now(), ProcessCPU()
	res, err := orders.ImportShopify(ctx, s, "", csvPath)
	if err != nil {
		return f, err
	}
	f.Import, f.ImportCPU = time.Since(start), ProcessCPU()-cpu
	f.Posted = res.New
	if len(res.Rejected) > 0 {
		return f, fmt.Errorf("bench import rejected %d rows, first: %s", len(res.Rejected), res.Rejected[0])
	}
	if f.SQLite3, f.SQLite3CPU, err = SQLite3ImportTimes(ctx, dir, csvPath, LedgerCacheKiB); err != nil {
		return f, err
	}
	return f, nil
}
