package orders_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
	"github.com/payouts/payouts/ledger/orders/orderbench"
)

// benchRows is the size of the benchmark's export: PAYOUTS_BENCH_ROWS, else
// the million.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("PAYOUTS_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkImportShopify imports a generated Shopify export into a new
// ledger per iteration, then times the sqlite3 CLI's .import of the same
// file and reports the ratio (target: 1.5 or less), against sqlite3 with its
// default cache and with the ledger's.
func BenchmarkImportShopify(b *testing.B) {
	rows := benchRows()
	dir := b.TempDir()
	var total, cpu, sqlite, sqliteCache, sqliteCPU time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := ledger.Open(filepath.Join(dir, "bench-"+strconv.Itoa(i)+".payouts"))
		if err != nil {
			b.Fatal(err)
		}
		s.Now = func() time.Time { return time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC) }
		codes, err := orderbench.Deals(ctx, s, 500)
		if err != nil {
			b.Fatal(err)
		}
		csvPath := filepath.Join(dir, "shopify.csv")
		if i == 0 {
			if _, err := orderbench.WriteExport(csvPath, rows, codes); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start, cpu0 := time.Now(), orderbench.ProcessCPU()
		res, err := orders.ImportShopify(ctx, s, "", csvPath)
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		cpu += orderbench.ProcessCPU() - cpu0
		b.StopTimer()
		if len(res.Rejected) > 0 {
			b.Fatalf("rejected %d rows: %s", len(res.Rejected), res.Rejected[0])
		}
		s.Close()
		if i == 0 {
			if sqlite, err = orderbench.SQLite3Import(ctx, dir, csvPath); err != nil {
				b.Fatal(err)
			}
			if sqliteCache, sqliteCPU, err = orderbench.SQLite3ImportTimes(ctx, dir, csvPath, orderbench.LedgerCacheKiB); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(sqlite.Seconds(), "sqlite3-s")
	b.ReportMetric(total.Seconds()/float64(b.N)/sqlite.Seconds(), "x-sqlite3")
	// The same with sqlite3 given the ledger's 64 MB page cache: the fairer
	// comparison, as sqlite3's default 2 MB cache slows its index inserts.
	b.ReportMetric(sqliteCache.Seconds(), "sqlite3-64MB-s")
	b.ReportMetric(total.Seconds()/float64(b.N)/sqliteCache.Seconds(), "x-sqlite3-64MB")
	// CPU time, which other work on the machine disturbs much less.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
	b.ReportMetric(sqliteCPU.Seconds(), "sqlite3-64MB-cpu-s")
	b.ReportMetric(cpu.Seconds()/float64(b.N)/sqliteCPU.Seconds(), "x-sqlite3-64MB-cpu")
}

// BenchmarkParseShopify reads a generated Shopify export of
// PAYOUTS_BENCH_ROWS rows (default a million) into orders: the part of an
// import before the ledger is touched.
func BenchmarkParseShopify(b *testing.B) {
	rows := benchRows()
	csvPath := filepath.Join(b.TempDir(), "shopify.csv")
	codes := map[string]string{"ANA10": "USD", "BEA10": "EUR", "CAL10": "GBP"}
	if _, err := orderbench.WriteExport(csvPath, rows, codes); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := os.Open(csvPath)
		if err != nil {
			b.Fatal(err)
		}
		x, err := orders.ParseShopify(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if len(x.Rejected) > 0 {
			b.Fatalf("rejected %d rows: %v", len(x.Rejected), x.Rejected[0])
		}
	}
	b.ReportMetric(float64(rows), "rows")
}
