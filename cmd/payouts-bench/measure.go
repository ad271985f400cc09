package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
	"github.com/payouts/payouts/ledger/orders"
)

// Files in the working folder.
const (
	largeFile  = "large.payouts"  // the generated program
	importFile = "import.payouts" // the program's deals only, to import into
	shopifyCSV = "shopify.csv"    // the matching Shopify export
)

// recomputeSQL recomputes every deal's balances from its transfers, the
// floor the cached balances beat: the ledger generates it from its table of
// accounts (ledger.RecomputeSQL), the one rule of which figure each account
// moves.
var recomputeSQL, recomputeFigures = ledger.RecomputeSQL()

// hotDealSQL finds the deal with the longest history.
const hotDealSQL = `SELECT deal_id, count(*) FROM transfers GROUP BY deal_id ORDER BY count(*) DESC, deal_id LIMIT 1`

// historyPage is the page size of a deal's history.
const historyPage = 50

// historySQL is the query History runs for a deal's newest page, as the
// sqlite3 CLI floor runs it.
func historySQL(deal int64, oldest bool) string {
	dir := "DESC"
	if oldest {
		dir = "ASC"
	}
	return fmt.Sprintf(`SELECT t.id, t.deal_id, t.date, t.at, t.kind, t.from_account, t.to_account, t.amount, t.currency, t.operator,
	t.method, t.reference, t.comment, coalesce(t.reverses, 0), t.op_id, t.remaining_after, '', '' FROM transfers t WHERE t.deal_id = %d ORDER BY t.id %s LIMIT %d;`, deal, dir, historyPage)
}

func openLedger(path string) (*ledger.Store, error) {
	s, err := ledger.Open(path)
	if err != nil {
		return nil, err
	}
	s.Now = func() time.Time { return clock }
	s.Operator = "bench"
	return s, nil
}

// runMeasurement is the body of a child process.
func runMeasurement(ctx context.Context, cfg config, name string) (figures, error) {
	switch name {
	case "build":
		return measureBuild(ctx, cfg)
	case "balances":
		return measureBalances(ctx, cfg)
	case "history":
		return measureHistory(ctx, cfg)
	case "interactive":
		return measureInteractive(ctx, cfg)
	case "check":
		return measureCheck(ctx, cfg)
	case "import-setup":
		return measureImportSetup(ctx, cfg)
	case "import":
		return measureImport(ctx, cfg)
	case "export", "export-floor":
		return measureExport(ctx, cfg, name == "export-floor")
	case "report":
		return measureReport(ctx, cfg)
	case "pg-build":
		return measurePGBuild(ctx, cfg)
	case "pg-balances":
		return measurePGBalances(ctx, cfg)
	case "pg-interactive":
		return measurePGInteractive(ctx, cfg)
	case "pg-import-setup":
		return measurePGImportSetup(ctx, cfg)
	case "pg-import":
		return measurePGImport(ctx, cfg)
	}
	return nil, fmt.Errorf("unknown measurement %q", name)
}

func removeLedger(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// measureBuild generates the large program into a new ledger.
func measureBuild(ctx context.Context, cfg config) (figures, error) {
	path := cfg.path(largeFile)
	removeLedger(path)
	s, err := openLedger(path)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	last := time.Now()
	res, err := demo.FillLarge(ctx, s, cfg.large(), func(day int, n int64) {
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			progress("  build: day %d, %d transfers", day, n)
		}
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	var fees, requests, paid int64
	if err := s.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM fees), (SELECT count(*) FROM requests),
		(SELECT count(*) FROM requests WHERE status = 'paid')`).Scan(&fees, &requests, &paid); err != nil {
		s.Close()
		return nil, err
	}
	// Closing checkpoints the write-ahead log into the file: the build is
	// done when the transfers are in the ledger file itself.
	if err := s.Close(); err != nil {
		return nil, err
	}
	took := time.Since(start)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return figures{"seconds": took.Seconds(), "transfers": float64(res.Transfers), "orders": float64(res.Orders),
		"deals": float64(res.Deals), "bytes": float64(fi.Size()), "fees": float64(fees), "requests": float64(requests), "paid": float64(paid)}, nil
}

// timeIt runs fn n times and returns the durations, sorted.
func timeIt(n int, fn func() error) ([]time.Duration, error) {
	out := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		if err := fn(); err != nil {
			return nil, err
		}
		out = append(out, time.Since(start))
	}
	slices.Sort(out)
	return out, nil
}

func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	i := int(float64(len(d)-1) * p)
	return d[i].Seconds()
}

// measureBalances reads every deal's balances from the cache, the totals,
// and the same balances recomputed from the transfers in SQL.
func measureBalances(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.path(largeFile))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var n int
	deals, err := timeIt(7, func() error {
		ds, err := s.Deals(ctx, ledger.DealQuery{})
		n = len(ds)
		return err
	})
	if err != nil {
		return nil, err
	}
	totals, err := timeIt(21, func() error { _, err := s.Totals(ctx); return err })
	if err != nil {
		return nil, err
	}
	var groups int
	// One run: it reads every transfer, seconds at full scale.
	recompute, err := timeIt(1, func() error {
		rows, err := s.DB().QueryContext(ctx, recomputeSQL)
		if err != nil {
			return err
		}
		defer rows.Close()
		groups = 0
		// The deal's ID, then each figure.
		vals := make([]int64, 1+len(recomputeFigures))
		dest := make([]any, len(vals))
		for i := range vals {
			dest[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			groups++
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return figures{"deals": float64(n), "deals_s": pct(deals, 0.5), "totals_s": pct(totals, 0.5),
		"recompute_s": pct(recompute, 0.5), "groups": float64(groups)}, nil
}

// measureHistory reads the newest and the oldest page of the deal with the
// longest history.
func measureHistory(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.path(largeFile))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var hot, count int64
	if err := s.DB().QueryRowContext(ctx, hotDealSQL).Scan(&hot, &count); err != nil {
		return nil, err
	}
	f := figures{"deal": float64(hot), "lines": float64(count)}
	for _, end := range []struct {
		key    string
		oldest bool
	}{{"newest", false}, {"oldest", true}} {
		d, err := timeIt(1000, func() error {
			h, err := s.History(ctx, ledger.HistoryQuery{DealID: hot, Oldest: end.oldest, Limit: historyPage})
			if err == nil && len(h) != min(historyPage, int(count)) {
				err = fmt.Errorf("history page of %d lines, want %d", len(h), historyPage)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		f[end.key+"_p50"], f[end.key+"_p99"] = pct(d, 0.5), pct(d, 0.99)
	}
	return f, nil
}

// measureInteractive requests a payout and pays it offline, cfg.Ops times,
// each an operation of its own (synchronous=FULL, as the app runs).
func measureInteractive(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.path(largeFile))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.Now = time.Now
	var sync string
	s.DB().QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync)
	d, err := requestPayTimes(ctx, s, cfg.Ops)
	if err != nil {
		return nil, err
	}
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	slices.Sort(d)
	return figures{"ops": float64(len(d)), "mean": sum.Seconds() / float64(len(d)), "p50": pct(d, 0.5), "p99": pct(d, 0.99), "max": d[len(d)-1].Seconds(), "synchronous": sync}, nil
}

// measureCheck runs every invariant check over the large ledger.
func measureCheck(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.path(largeFile))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	start, cpu := time.Now(), selfCPU()
	problems, err := s.Check(ctx)
	if err != nil {
		return nil, err
	}
	f := figures{"seconds": time.Since(start).Seconds(), "cpu_seconds": (selfCPU() - cpu).Seconds(), "problems": float64(len(problems))}
	if len(problems) > 0 {
		f["first"] = problems[0]
	}
	return f, nil
}

// measureImportSetup makes what the import needs, in a process of its own
// so that the import's peak memory is the import's: a ledger holding the
// large program's deals (and no orders), and the Shopify export matching
// them.
func measureImportSetup(ctx context.Context, cfg config) (figures, error) {
	path := cfg.path(importFile)
	removeLedger(path)
	s, err := openLedger(path)
	if err != nil {
		return nil, err
	}
	l := cfg.large()
	l.Orders = 0
	if _, err := demo.FillLarge(ctx, s, l, nil); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Close(); err != nil {
		return nil, err
	}
	start := time.Now()
	n, err := writeShopify(cfg.path(shopifyCSV), cfg.large(), cfg.Rows)
	if err != nil {
		return nil, err
	}
	return figures{"csv_seconds": time.Since(start).Seconds(), "orders": float64(n)}, nil
}

// measureImport opens the ledger measureImportSetup made and imports the
// export into it.
func measureImport(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.path(importFile))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	prof, err := startProfile(cfg.Profile, "import")
	if err != nil {
		return nil, err
	}
	start, cpu := time.Now(), selfCPU()
	res, err := orders.ImportShopify(ctx, s, "", cfg.path(shopifyCSV))
	if err != nil {
		return nil, err
	}
	took, cpuTook := time.Since(start), selfCPU()-cpu
	if err := prof.finish(); err != nil {
		return nil, err
	}
	return figures{"seconds": took.Seconds(), "cpu_seconds": cpuTook.Seconds(), "rows": float64(res.Rows),
		"new": float64(res.New), "released": float64(res.Released), "rejected": float64(len(res.Rejected)),
		"unattributed": float64(len(res.Unattributed))}, nil
}

// writeShopify writes the Shopify export of rows rows whose discount codes
// are l's, over the year before the clock.
func writeShopify(path string, l demo.Large, rows int) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, err := orders.GenerateShopify(f, orders.GenerateOptions{Rows: rows, Seed: l.Seed, Codes: demo.LargeCodes(l),
		Start: clock.AddDate(-1, 0, 0)})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// exportFilter is the longest range ending on the clock's day whose
// transfers fit a spreadsheet (at most a million rows).
func exportFilter(ctx context.Context, s *ledger.Store, days int) (ledger.ExportFilter, int, error) {
	to := clock.Format(ledger.DateLayout)
	snap, err := s.Snapshot(ctx, ledger.ExportFilter{To: to})
	if err != nil {
		return snap, 0, err
	}
	lo, hi := 1, days
	best, bestN := ledger.ExportFilter{From: to, To: to}, 0
	for lo <= hi {
		mid := (lo + hi) / 2
		f := snap
		f.From = clock.AddDate(0, 0, -(mid - 1)).Format(ledger.DateLayout)
		n, err := s.CountTransfers(ctx, f)
		if err != nil {
			return f, 0, err
		}
		if n <= 1_000_000 {
			best, bestN = f, n
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	return best, bestN, nil
}

// measureExport writes the accountant's workbook of the longest range that
// fits a sheet, or with floor the bare excelize stream of the same rows.
func measureExport(ctx context.Context, cfg config, floor bool) (figures, error) {
	s, err := openLedger(cfg.path(largeFile))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	flt, n, err := exportFilter(ctx, s, cfg.large().Days)
	if err != nil {
		return nil, err
	}
	out := cfg.path("export.xlsx")
	start := time.Now()
	if floor {
		f, err := os.Create(out)
		if err != nil {
			return nil, err
		}
		err = export.WriteFloor(ctx, s, f, flt)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	} else if err := export.WriteWorkbookFile(ctx, s, out, export.Options{Filter: flt, Version: "bench"}); err != nil {
		return nil, err
	}
	took := time.Since(start)
	fi, err := os.Stat(out)
	if err != nil {
		return nil, err
	}
	os.Remove(out)
	return figures{"seconds": took.Seconds(), "transfers": float64(n), "from": flt.From, "to": flt.To, "bytes": float64(fi.Size())}, nil
}

// warmup is how many request + pay pairs each measure runs before it times
// any: the first ones prepare statements and warm the caches.
const warmup = 5

// requestPayTimes times ops request + pay pairs on deals owed enough, after
// the warm-up: the interactive measure of both backends.
func requestPayTimes(ctx context.Context, s *ledger.Store, ops int) ([]time.Duration, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT d.id FROM deals d JOIN creators c ON c.id = d.creator_id
		WHERE d.owed >= 10000 AND c.payout_details <> '' ORDER BY d.id`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil, fmt.Errorf("no deal is owed enough to request a payout")
	}
	var d []time.Duration
	for i := 0; i < ops+warmup; i++ {
		deal := ids[i%len(ids)]
		start := time.Now()
		req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 100, Comment: "bench"})
		if err != nil {
			return nil, err
		}
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank,
			Reference: fmt.Sprintf("BENCH-%d-%d", time.Now().UnixNano(), i)}); err != nil {
			return nil, err
		}
		if i >= warmup {
			d = append(d, time.Since(start))
		}
	}
	return d, nil
}
