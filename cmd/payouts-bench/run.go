package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/payouts/payouts/ledger/orders/orderbench"
)

// row is one line of the table.
type row struct {
	what, ours, floor, floorValue, ratio, target, rss string
}

// table is the whole report.
type table struct {
	header []string
	rows   []row
	notes  []string
}

func (t *table) add(r row) { t.rows = append(t.rows, r) }

func (t *table) note(format string, args ...any) {
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

// failed records a measurement that could not run.
func (t *table) failed(what string, err error) {
	t.add(row{what: what, ours: "failed", floor: "—", floorValue: "—", ratio: "—", target: "—", rss: "—"})
	t.note("%s: %v", what, err)
}

func (t *table) print(w io.Writer) {
	for _, h := range t.header {
		fmt.Fprintln(w, h)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Measurement | Payouts | Floor | Floor figure | Ratio | Target | Peak RSS |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---|---:|")
	for _, r := range t.rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", r.what, r.ours, r.floor, r.floorValue, r.ratio, r.target, r.rss)
	}
	if len(t.notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range t.notes {
			fmt.Fprintln(w, "- "+n)
		}
	}
}

// dur formats seconds for people: 1.23 s, 4.56 ms, 789 µs.
func dur(s float64) string {
	switch {
	case s >= 1:
		return fmt.Sprintf("%.2f s", s)
	case s >= 0.001:
		return fmt.Sprintf("%.2f ms", s*1e3)
	}
	return fmt.Sprintf("%.0f µs", s*1e6)
}

// ms1 formats a figure measured in whole milliseconds.
func ms1(s float64) string {
	if s < 0.001 {
		return "< 1 ms"
	}
	return fmt.Sprintf("%.0f ms", s*1e3)
}

func mb(kb int64) string {
	if kb <= 0 {
		return "—"
	}
	if kb > 300*1024 {
		return fmt.Sprintf("%.0f MB (over 300)", float64(kb)/1024)
	}
	return fmt.Sprintf("%.0f MB", float64(kb)/1024)
}

// slower reads a time ratio: ours over the floor's.
func slower(ours, floor float64) string {
	if ours <= 0 || floor <= 0 {
		return "—"
	}
	if ours >= floor {
		return fmt.Sprintf("%.2f× slower", ours/floor)
	}
	return fmt.Sprintf("%.1f× faster", floor/ours)
}

func count(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// machine describes the computer the run is on.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "MemTotal:") {
				fmt.Sscanf(strings.TrimPrefix(line, "MemTotal:"), "%d", &kb)
			}
		}
		if kb > 0 {
			mem = fmt.Sprintf(", %.1f GB RAM", float64(kb)/1024/1024)
		}
	}
	return fmt.Sprintf("%s, %d cores%s, %s/%s", cpu, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH)
}

// loadAverage is the 1, 5 and 15 minute load of the machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// run takes every measurement in turn and builds the table.
func run(ctx context.Context, cfg config, gui bool) *table {
	l := cfg.large()
	t := &table{}
	began := time.Now()
	load0 := loadAverage()
	t.header = []string{
		fmt.Sprintf("Payouts benchmarks, %s", began.UTC().Format("2006-01-02 15:04 MST")),
		"",
		fmt.Sprintf("- Machine: %s", machine()),
		fmt.Sprintf("- Go %s, modernc.org/sqlite; floor: sqlite3 CLI %s", strings.TrimPrefix(runtime.Version(), "go"), sqlite3Version(ctx)),
		fmt.Sprintf("- Program (scale %g): %s creators, %s deals over %d campaigns in 3 currencies, %s orders over %d days; Shopify export of %s rows",
			cfg.Scale, count(float64(l.Creators)), count(float64(l.Deals)), l.Campaigns, count(float64(l.Orders)), l.Days, count(float64(cfg.Rows))),
	}

	// The import works on a ledger of its own: alone (-only import), it
	// needs no large ledger.
	if !cfg.wantsLarge() {
		if cfg.wants("import") {
			addImport(ctx, cfg, t)
		}
		if cfg.wantsPG() {
			addPostgres(ctx, cfg, t)
		}
		t.note("only %s measured (-only); the whole run took %s; load average at the start %s, at the end %s",
			cfg.Only, time.Since(began).Round(time.Second), load0, loadAverage())
		return t
	}

	// Build the large ledger, and the CLI loading the same rows.
	build := runChild(ctx, cfg, "build")
	if build.err != nil {
		t.failed("Build the large ledger", build.err)
		t.note("every other measurement needs the large ledger: stopped")
		return t
	}
	transfers := build.num("transfers")
	rate := transfers / build.num("seconds")
	t.header = append(t.header, fmt.Sprintf("- Ledger: %s transfers (%s orders, %s fixed fees, %s payout requests of which %s paid offline), %.0f MB",
		count(transfers), count(build.num("orders")), count(build.num("fees")), count(build.num("requests")), count(build.num("paid")), build.num("bytes")/1e6))
	progress("floor: sqlite3 .import of the same rows")
	rows, fr, fsize, err := floorBuild(ctx, cfg)
	if err != nil {
		t.add(row{what: "Build the large ledger (transfers/s)", ours: fmt.Sprintf("%s /s (%s)", count(rate), dur(build.num("seconds"))),
			floor: "sqlite3 CLI .import of the same transfer and order rows", floorValue: "failed", ratio: "—", target: "—", rss: mb(build.rssKB)})
		t.note("floor of the build: %v", err)
	} else {
		frate := transfers / fr.wall.Seconds()
		t.add(row{what: "Build the large ledger (ledger.Bulk via demo.FillLarge)",
			ours:       fmt.Sprintf("%s transfers/s (%s; CPU %s)", count(rate), dur(build.num("seconds")), dur(build.cpu.Seconds())),
			floor:      fmt.Sprintf("sqlite3 CLI .import of the same %s transfer and order rows, same schema and cache", count(float64(rows))),
			floorValue: fmt.Sprintf("%s transfers/s (%s; CPU %s)", count(frate), dur(fr.wall.Seconds()), dur(fr.cpu.Seconds())),
			ratio:      slower(build.num("seconds"), fr.wall.Seconds()) + "; CPU " + slower(build.cpu.Seconds(), fr.cpu.Seconds()),
			target: fmt.Sprintf("no slower than before (%.2f× the floor, run of 2026-11-21): %s", buildBefore,
				met(build.num("seconds") <= buildBefore*fr.wall.Seconds())),
			rss: mb(build.rssKB) + " / " + mb(fr.rssKB) + " (sqlite3)"})
		perM := build.num("bytes") / transfers * 1e6 / 1e6
		t.add(row{what: "Ledger file size per million transfers", ours: fmt.Sprintf("%.0f MB", perM),
			floor: "the sqlite3 CLI's database of the same rows", floorValue: fmt.Sprintf("%.0f MB", float64(fsize)/transfers*1e6/1e6),
			ratio: fmt.Sprintf("%.2f×", perM/(float64(fsize)/transfers)), target: "—", rss: "—"})
	}

	// Balances of all deals.
	if cfg.wants("balances") {
		bal := runChild(ctx, cfg, "balances")
		groupBy, gr, gerr := cliQueryTime(ctx, cfg.path(largeFile), recomputeSQL+";", 2)
		switch {
		case bal.err != nil:
			t.failed("Balances of all deals", bal.err)
		case gerr != nil:
			t.failed("Balances of all deals (sqlite3 GROUP BY floor)", gerr)
		default:
			n := count(bal.num("deals"))
			floorName := "sqlite3 CLI GROUP BY deal over all transfers (.timer)"
			t.add(row{what: fmt.Sprintf("Balances of all %s deals, cached (store.Deals, all rows)", n), ours: dur(bal.num("deals_s")), floor: floorName,
				floorValue: dur(groupBy), ratio: slower(bal.num("deals_s"), groupBy), target: "≥ 20× faster than GROUP BY: " + met(groupBy/bal.num("deals_s") >= 20), rss: mb(bal.rssKB)})
			t.add(row{what: "Totals per currency, cached (store.Totals)", ours: dur(bal.num("totals_s")), floor: floorName,
				floorValue: dur(groupBy), ratio: slower(bal.num("totals_s"), groupBy), target: "≥ 20× faster than GROUP BY: " + met(groupBy/bal.num("totals_s") >= 20), rss: mb(bal.rssKB)})
			t.add(row{what: "Balances recomputed from transfers in SQL (Go driver)", ours: dur(bal.num("recompute_s")), floor: floorName,
				floorValue: dur(groupBy), ratio: slower(bal.num("recompute_s"), groupBy), target: "—", rss: mb(bal.rssKB) + " / " + mb(gr.rssKB) + " (sqlite3)"})
		}
	}

	// History pages.
	if cfg.wants("history") {
		hist := runChild(ctx, cfg, "history")
		if hist.err != nil {
			t.failed("History page", hist.err)
		} else {
			deal := int64(hist.num("deal"))
			for _, end := range []string{"newest", "oldest"} {
				fl, err := cliPerStatement(ctx, cfg.path(largeFile), "", historySQL(deal, end == "oldest"), 200)
				fv := dur(fl)
				if err != nil {
					fv = "failed"
					t.note("history floor: %v", err)
				}
				p99 := hist.num(end + "_p99")
				t.add(row{what: fmt.Sprintf("History page of %d lines, %s end (deal of %s transfers, keyset)", historyPage, end, count(hist.num("lines"))),
					ours: fmt.Sprintf("p50 %s, p99 %s", dur(hist.num(end+"_p50")), dur(p99)), floor: "the same query in the sqlite3 CLI (per query, session start excluded)",
					floorValue: fv, ratio: slower(hist.num(end+"_p50"), fl), target: "< 5 ms: " + met(p99 < 0.005), rss: mb(hist.rssKB)})
			}
		}
	}

	// Interactive operation.
	if cfg.wants("interactive") {
		inter := runChild(ctx, cfg, "interactive")
		if inter.err != nil {
			t.failed("Request + pay offline", inter.err)
		} else {
			mean, fp50, fp99, err := floorCommit(ctx, cfg, cfg.Ops)
			fv := fmt.Sprintf("mean %s; p50 %s, p99 %s", dur(2*mean), ms1(fp50), ms1(fp99))
			if err != nil {
				fv = "failed"
				t.note("commit floor: %v", err)
			}
			p99 := inter.num("p99")
			t.add(row{what: fmt.Sprintf("Request + pay offline, 2 operations (%s runs, synchronous=%s)", count(inter.num("ops")), syncName(inter.str("synchronous"))),
				ours:       fmt.Sprintf("mean %s; p50 %s, p99 %s", dur(inter.num("mean")), dur(inter.num("p50")), dur(p99)),
				floor:      "2 durable one-row transactions in the sqlite3 CLI, WAL, synchronous=FULL (mean by difference of sessions; p50, p99 from .timer in 1 ms steps)",
				floorValue: fv, ratio: "mean " + slower(inter.num("mean"), 2*mean),
				target: "p99 < 10 ms: " + met(p99 < 0.010), rss: mb(inter.rssKB)})
		}
	}

	// Check.
	if cfg.wants("check") {
		chk := runChild(ctx, cfg, "check")
		if chk.err != nil {
			t.failed("payouts check", chk.err)
		} else {
			ic, icr, err := cliQueryTime(ctx, cfg.path(largeFile), "PRAGMA integrity_check;", 1)
			fv := fmt.Sprintf("%s (CPU %s)", dur(ic), dur(cliCPU(icr.out)))
			if err != nil {
				fv = "failed"
				t.note("integrity_check floor: %v", err)
			}
			ours := fmt.Sprintf("%s (CPU %s)", dur(chk.num("seconds")), dur(chk.num("cpu_seconds")))
			if p := chk.num("problems"); p > 0 {
				ours += fmt.Sprintf(", %.0f PROBLEMS", p)
				t.note("check found problems; the first: %s", chk.str("first"))
			} else {
				ours += ", sound"
			}
			t.add(row{what: "payouts check (store.Check) on the large ledger", ours: ours, floor: "PRAGMA integrity_check alone in the sqlite3 CLI (.timer)",
				floorValue: fv, ratio: slower(chk.num("seconds"), ic) + "; CPU " + slower(chk.num("cpu_seconds"), cliCPU(icr.out)),
				target: "≤ 2.5× (issue 11): " + met(err == nil && chk.num("seconds") <= 2.5*ic), rss: mb(chk.rssKB) + " / " + mb(icr.rssKB) + " (sqlite3)"})
		}
	}

	// Report (issue 16).
	if cfg.wants("report") {
		addReport(ctx, cfg, t)
	}

	if cfg.wants("import") {
		addImport(ctx, cfg, t)
	}

	// Export (issue 5).
	if cfg.wants("export") {
		exp := runChild(ctx, cfg, "export")
		if exp.err != nil {
			t.failed("Export the workbook", exp.err)
		} else {
			fl := runChild(ctx, cfg, "export-floor")
			fv, ratio := "failed", "—"
			if fl.err != nil {
				t.note("export floor: %v", fl.err)
			} else {
				fv, ratio = dur(fl.num("seconds"))+" ("+mb(fl.rssKB)+")", slower(exp.num("seconds"), fl.num("seconds"))
			}
			t.add(row{what: fmt.Sprintf("Export the workbook of %s transfers (%s to %s, export.WriteWorkbookFile)", count(exp.num("transfers")), exp.str("from"), exp.str("to")),
				ours: dur(exp.num("seconds")), floor: "bare excelize stream writer of the same rows (export.WriteFloor)",
				floorValue: fv, ratio: ratio, target: "≤ 1.3× (issue 5): " + met(fl.err == nil && exp.num("seconds") <= 1.3*fl.num("seconds")), rss: mb(exp.rssKB)})
		}
	}

	// Go benchmarks of ledger operations.
	if cfg.wants("ledger") {
		lb, rss, _, err := runGoBench(ctx, cfg, "./ledger", "^BenchmarkLedger", "1s", []string{fmt.Sprintf("PAYOUTS_BENCH_SCALE=%g", cfg.Scale)})
		if err != nil {
			t.note("ledger Go benchmarks: %v", err)
		}
		lb = t.addPageRows(lb, rss)
		for _, b := range lb {
			t.add(goRow(b, rss))
		}
	}

	// GUI (issue 7), through fyne's test driver.
	if gui && cfg.wants("gui") {
		// The GUI benchmarks open the large ledger built above.
		env := []string{"PAYOUTS_BENCH_LEDGER=" + cfg.path(largeFile)}
		gb, rss, _, err := runGoBench(ctx, cfg, "./gui", "BenchmarkGUI", "1s", env)
		if err != nil {
			t.note("GUI benchmarks: %v", err)
		}
		if len(gb) == 0 {
			t.add(row{what: "GUI (fyne test driver, BenchmarkGUI*)", ours: "not available", floor: "—", floorValue: "—", ratio: "—", target: "—", rss: "—"})
		}
		for _, b := range gb {
			t.add(goRow(b, rss))
		}
		if len(gb) > 0 {
			t.add(rssRow("Peak memory of the GUI benchmark process (every BenchmarkGUI figure on the large ledger, one process)", rss))
		}
	}
	if cfg.wantsPG() {
		addPostgres(ctx, cfg, t)
	}
	t.note("every sqlite3 CLI floor runs with the ledger's page cache (cache_size -65536: 64 MiB); CPU is user + system time of the process")
	t.note("all measurements in one run on this machine; each Payouts figure is its own child process (Peak RSS: ru_maxrss); the whole run took %s; load average at the start %s, at the end %s (other work on the machine slows every figure, floors included)",
		time.Since(began).Round(time.Second), load0, loadAverage())
	return t
}

func syncName(v string) string {
	switch v {
	case "0":
		return "OFF"
	case "1":
		return "NORMAL"
	case "2":
		return "FULL"
	case "3":
		return "EXTRA"
	}
	return v
}

// goRow turns a Go benchmark line into a row: its time per operation, and
// the floor and ratio when it reports them as metrics.
func goRow(b goBench, rssKB int64) row {
	r := row{what: b.name + " (go test -bench)", ours: dur(b.nsPerOp/1e9) + "/op", floor: "—", floorValue: "—", ratio: "—", target: "—", rss: mb(rssKB) + " (whole run)"}
	var extra []string
	for unit, v := range b.metrics {
		switch {
		case unit == "B/op" || unit == "allocs/op":
		case strings.HasPrefix(unit, "x-"):
			r.floor = strings.TrimPrefix(unit, "x-")
			r.ratio = fmt.Sprintf("%.2f×", v)
		default:
			extra = append(extra, fmt.Sprintf("%s %s", count(v), unit))
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		r.ours += " (" + strings.Join(extra, ", ") + ")"
	}
	return r
}

// addImport times the import of the Shopify export (issue 4) against the
// sqlite3 CLI's .import of the same file, and its peak memory (issue 11).
func addImport(ctx context.Context, cfg config, t *table) {
	setup := runChild(ctx, cfg, "import-setup")
	if setup.err != nil {
		t.failed("Import the Shopify export (its ledger and file)", setup.err)
		return
	}
	imp := runChild(ctx, cfg, "import")
	if imp.err != nil {
		t.failed("Import the Shopify export", imp.err)
		return
	}
	fl, fcpu, err := orderbench.SQLite3ImportTimes(ctx, cfg.Dir, cfg.path(shopifyCSV), orderbench.LedgerCacheKiB)
	fv := fmt.Sprintf("%s (CPU %s)", dur(fl.Seconds()), dur(fcpu.Seconds()))
	if err != nil {
		fv = "failed"
		t.note("import floor: %v", err)
	}
	t.add(row{what: fmt.Sprintf("Import a Shopify export of %s rows, %s orders (orders.ImportShopify, 12,000-deal ledger)", count(imp.num("rows")), count(setup.num("orders"))),
		ours:       fmt.Sprintf("%s (CPU %s)", dur(imp.num("seconds")), dur(imp.num("cpu_seconds"))),
		floor:      "sqlite3 CLI .import of the same CSV into a table with the same indexes, 64 MiB cache (orderbench.SQLite3ImportTimes)",
		floorValue: fv, ratio: slower(imp.num("seconds"), fl.Seconds()) + "; CPU " + slower(imp.num("cpu_seconds"), fcpu.Seconds()), target: "≤ 1.5× (issue 4): " + met(err == nil && imp.num("seconds") <= 1.5*fl.Seconds()), rss: mb(imp.rssKB)})
	t.add(rssRow(fmt.Sprintf("Peak memory of the import of %s rows (the whole child process: ledger open, CSV read, import; the ledger and the file made by another)", count(imp.num("rows"))), imp.rssKB))
	t.note("import: %s new orders, %s released, %s unattributed, %s rejected; writing the CSV took %s",
		count(imp.num("new")), count(imp.num("released")), count(imp.num("unattributed")), count(imp.num("rejected")), dur(setup.num("csv_seconds")))
	os.Remove(cfg.path(shopifyCSV))
}
