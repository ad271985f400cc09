package ledger_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// The ledger's benchmarks run on a generated program of
// PAYOUTS_BENCH_SCALE (default 0.02: 200 creators, 240 deals, 20,000
// orders) of the large one; payouts-bench runs the full-size figures.
func benchScale() float64 {
	if f, err := strconv.ParseFloat(os.Getenv("PAYOUTS_BENCH_SCALE"), 64); err == nil && f > 0 {
		return min(f, 0.1)
	}
	return 0.02
}

// benchProgram opens a new ledger holding the generated program.
func benchProgram(b *testing.B) *ledger.Store {
	b.Helper()
	s, _ := MustOpen(b)
	if _, err := demo.FillLarge(ctx, s, demo.DefaultLarge().Scaled(benchScale()), nil); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLedgerBulkOrder posts orders through ledger.Bulk, the path the
// generator takes: one commission transfer per order, in one transaction.
func BenchmarkLedgerBulkOrder(b *testing.B) {
	s, _ := MustOpen(b)
	deal := MustDeal(b, s, "Ana", "USD", ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, "ANA10")
	b.ResetTimer()
	start := time.Now()
	res, err := s.Bulk(ctx, "", func(bk *ledger.Bulk) error {
		for i := 0; i < b.N; i++ {
			if _, err := bk.Order("bench", ledger.OrderInput{OrderID: strconv.Itoa(i), DealID: deal, Currency: "USD",
				PaidDate: "2026-11-01", Base: 10000}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(res.Transfers)/time.Since(start).Seconds(), "transfers/s")
}

// BenchmarkLedgerImportOrder imports one order per operation through
// ImportOrders: a transaction of its own, synchronous=FULL.
func BenchmarkLedgerImportOrder(b *testing.B) {
	s := benchProgram(b)
	deal, err := s.DealByCode(ctx, "ANA100")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.ImportOrders(ctx, "", "bench", []ledger.OrderInput{{OrderID: strconv.Itoa(i), DealID: deal.ID, Currency: deal.Currency,
			PaidDate: "2026-11-20", Base: 10000}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLedgerRequestPay requests a payout and pays it offline: two
// operations, each committed durably.
func BenchmarkLedgerRequestPay(b *testing.B) {
	s := benchProgram(b)
	var deal int64
	if err := s.DB().QueryRowContext(ctx, `SELECT d.id FROM deals d JOIN creators c ON c.id = d.creator_id
		WHERE c.payout_details <> '' ORDER BY d.owed DESC LIMIT 1`).Scan(&deal); err != nil {
		b.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100_000_000}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 100})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Reference: fmt.Sprintf("B-%d", i)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLedgerDeals reads every deal with its cached balances.
func BenchmarkLedgerDeals(b *testing.B) {
	s := benchProgram(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ds, err := s.Deals(ctx, ledger.DealQuery{})
		if err != nil || len(ds) == 0 {
			b.Fatalf("got %d deals, %v", len(ds), err)
		}
	}
}

// BenchmarkLedgerHistory reads the newest page of the busiest deal.
func BenchmarkLedgerHistory(b *testing.B) {
	s := benchProgram(b)
	var deal int64
	if err := s.DB().QueryRowContext(ctx, `SELECT deal_id FROM transfers GROUP BY deal_id ORDER BY count(*) DESC LIMIT 1`).Scan(&deal); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h, err := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 50})
		if err != nil || len(h) != 50 {
			b.Fatalf("got %d lines, %v", len(h), err)
		}
	}
}

// BenchmarkLedgerCheck runs every invariant check over the program.
func BenchmarkLedgerCheck(b *testing.B) {
	s := benchProgram(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		problems, err := s.Check(ctx)
		if err != nil || len(problems) > 0 {
			b.Fatalf("check: %v %v", problems, err)
		}
	}
}

// BenchmarkLedgerReport is the per-creator report of a year: two GROUP BYs
// over the covering indexes of migration 5.
func BenchmarkLedgerReport(b *testing.B) {
	s := benchProgram(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := s.Report(ctx, ledger.ReportQuery{By: ledger.ReportByCreator, From: "2026-01-01", To: "2026-12-31"})
		if err != nil || len(rows) == 0 {
			b.Fatalf("got %d rows, %v", len(rows), err)
		}
	}
}

// BenchmarkLedgerReportMonths is the monthly cost by kind of a year, the
// Reports screen's stacked chart.
func BenchmarkLedgerReportMonths(b *testing.B) {
	s := benchProgram(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ms, err := s.ReportMonths(ctx, ledger.ReportQuery{From: "2026-01-01", To: "2026-12-31"})
		if err != nil || len(ms) == 0 {
			b.Fatalf("got %d months, %v", len(ms), err)
		}
	}
}
