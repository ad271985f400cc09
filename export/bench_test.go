//go:build linux

package export_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

// The benchmark exports a ledger of PAYOUTS_BENCH_TRANSFERS transfers
// (default 1,000,000). Generating it takes minutes, so it is kept in the
// temporary folder and reused while its size and version match.
const benchLedgerVersion = 1

func benchTransfers() int {
	if n, err := strconv.Atoi(os.Getenv("PAYOUTS_BENCH_TRANSFERS")); err == nil && n > 0 {
		return n
	}
	return 1000000
}

// benchLedger returns the path of a ledger with n transfers: orders of 2,000
// deals over two years, each a commission and, once its hold has run out, a
// release, all posted by ImportOrders in batches.
func benchLedger(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("payouts-export-bench-v%d-%d.payouts", benchLedgerVersion, n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	if err := generateLedger(tmp, n); err != nil {
		tb.Fatal(err)
	}
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(tmp + ext)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

var benchNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func generateLedger(path string, n int) error {
	ctx := context.Background()
	s, err := ledger.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	s.Now = func() time.Time { return benchNow }
	s.Operator = "bench"
	const deals, campaigns = 2000, 20
	camp := make([]int64, campaigns)
	curs := []string{"USD", "EUR", "JPY", "KWD"}
	for i := range camp {
		if camp[i], err = s.AddCampaign(ctx, ledger.CampaignInput{Name: fmt.Sprintf("Campaign %02d", i+1)}); err != nil {
			return err
		}
	}
	type deal struct {
		id  int64
		cur string
	}
	ds := make([]deal, deals)
	for i := range ds {
		name := fmt.Sprintf("Creator %04d", i+1)
		if i%100 == 7 {
			name = "=Creator " + strconv.Itoa(i) // some names look like formulas
		}
		cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: name, Email: fmt.Sprintf("c%d@example.com", i)})
		if err != nil {
			return err
		}
		cur := curs[i%len(curs)]
		id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: camp[i%campaigns], Currency: cur,
			Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
		if err != nil {
			return err
		}
		ds[i] = deal{id, cur}
	}
	// Orders paid more than 30 days ago post a commission and its release:
	// two transfers each.
	orders := n / 2
	const batch = 50000
	for start := 0; start < orders; start += batch {
		var in []ledger.OrderInput
		for k := start; k < min(start+batch, orders); k++ {
			d := ds[(k*7919)%deals]
			paid := benchNow.AddDate(0, 0, -40-(k*731/orders)%700)
			in = append(in, ledger.OrderInput{OrderID: "#" + strconv.Itoa(100000+k), DealID: d.id, Currency: d.cur,
				PaidDate: paid.Format(ledger.DateLayout), Base: int64(1000 + (k*37)%90000)})
		}
		if _, err := s.ImportOrders(ctx, "", "bench-shop", in); err != nil {
			return err
		}
	}
	c, err := s.Counts(ctx)
	if err != nil {
		return err
	}
	if c.Transfers < int64(n) {
		return fmt.Errorf("generated %d transfers, want %d", c.Transfers, n)
	}
	_, err = s.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// childResult is what one export in a child process measured.
type childResult struct {
	elapsed time.Duration
	cpu     time.Duration // user + system time of the whole process
	peakKB  int64         // VmHWM: the process's peak resident memory
	bytes   int64
}

// runChild exports in a fresh process, so that its peak memory is the
// export's alone and not the benchmark's (which generated the ledger).
func runChild(tb testing.TB, kind, db string) childResult {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), kind+".xlsx")
	cmd := exec.Command(os.Args[0], "-test.run=^TestExportChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PAYOUTS_EXPORT_CHILD="+kind, "PAYOUTS_EXPORT_DB="+db, "PAYOUTS_EXPORT_OUT="+out)
	b, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("child %s: %v\n%s", kind, err, b)
	}
	var r childResult
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "EXPORT-CHILD "); ok {
			var ns, cpu int64
			fmt.Sscan(rest, &ns, &r.peakKB, &r.bytes, &cpu)
			r.elapsed, r.cpu = time.Duration(ns), time.Duration(cpu)
			return r
		}
	}
	tb.Fatalf("child %s printed no result:\n%s", kind, b)
	return r
}

// TestExportChild is the child process of the benchmark; it does nothing in
// a normal test run.
func TestExportChild(t *testing.T) {
	kind := os.Getenv("PAYOUTS_EXPORT_CHILD")
	if kind == "" {
		t.Skip("the benchmark's child process")
	}
	ctx := context.Background()
	s, err := ledger.Open(os.Getenv("PAYOUTS_EXPORT_DB"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return benchNow }
	f, err := os.Create(os.Getenv("PAYOUTS_EXPORT_OUT"))
	if err != nil {
		t.Fatal(err)
	}
	// PAYOUTS_BENCH_FROM starts the range at a day: then Balances need a
	// pass of their own over the ledger.
	flt := ledger.ExportFilter{From: os.Getenv("PAYOUTS_BENCH_FROM")}
	start := time.Now()
	switch kind {
	case "workbook":
		err = export.WriteWorkbook(ctx, s, f, export.Options{Filter: flt, Version: "bench"})
	case "floor":
		err = export.WriteFloor(ctx, s, f, flt)
	case "floor-fastzip":
		err = export.WriteFloorFastZip(ctx, s, f, flt)
	default:
		t.Fatalf("unknown child %q", kind)
	}
	if err == nil {
		err = f.Close()
	}
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(f.Name())
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Printf("EXPORT-CHILD %d %d %d %d\n", elapsed.Nanoseconds(), peakRSSKB(), fi.Size(), cpu.Nanoseconds())
}

// peakRSSKB reads the process's peak resident set size (VmHWM), in KiB.
func peakRSSKB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			v, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return v
		}
	}
	return -1
}

// BenchmarkExportWorkbook exports a ledger of a million transfers (see
// benchTransfers) to the workbook, and in the same run writes the same
// transfer rows and columns with a bare excelize stream writer (the floor,
// saved by excelize's Write; and floor-fastzip, saved as the workbook is),
// each in its own process. It reports seconds (wall and CPU), peak RSS and
// the ratios: the targets are x-floor <= 1.3 and peak-MB < 300.
func BenchmarkExportWorkbook(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("peak memory is read from /proc (Linux)")
	}
	db := benchLedger(b, benchTransfers())
	b.ResetTimer()
	var wb, fl, fz childResult
	for i := 0; i < b.N; i++ {
		f := runChild(b, "floor", db)
		z := runChild(b, "floor-fastzip", db)
		w := runChild(b, "workbook", db)
		fz.elapsed += z.elapsed
		fz.cpu += z.cpu
		fl.elapsed += f.elapsed
		wb.elapsed += w.elapsed
		fl.cpu += f.cpu
		wb.cpu += w.cpu
		fl.peakKB, wb.peakKB = max(fl.peakKB, f.peakKB), max(wb.peakKB, w.peakKB)
		fl.bytes, wb.bytes = f.bytes, w.bytes
	}
	n := float64(b.N)
	b.ReportMetric(wb.elapsed.Seconds()/n, "workbook-s")
	b.ReportMetric(fl.elapsed.Seconds()/n, "floor-s")
	b.ReportMetric(float64(wb.elapsed)/float64(fl.elapsed), "x-floor")
	// CPU time too: on a busy machine wall time swings with the load,
	// while the work each export does does not.
	b.ReportMetric(wb.cpu.Seconds()/n, "workbook-cpu-s")
	b.ReportMetric(fl.cpu.Seconds()/n, "floor-cpu-s")
	b.ReportMetric(float64(wb.elapsed)/float64(fz.elapsed), "x-floor-fastzip")
	b.ReportMetric(float64(wb.cpu)/float64(fz.cpu), "cpu-x-floor-fastzip")
	b.ReportMetric(float64(wb.cpu)/float64(fl.cpu), "cpu-x-floor")
	b.ReportMetric(float64(wb.peakKB)/1024, "peak-MB")
	b.ReportMetric(float64(fl.peakKB)/1024, "floor-peak-MB")
	b.ReportMetric(float64(wb.bytes)/(1<<20), "file-MB")
}
