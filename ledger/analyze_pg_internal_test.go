package ledger

import (
	"context"
	"fmt"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// After a bulk load on PostgreSQL (the builder, a large order import, a
// ledger moved in) the loaded tables' planner statistics are fresh: with
// the statistics of the empty tables, paying a request right after a load
// walked every request to look its reference up.
func TestBulkLoadsRefreshStatistics(t *testing.T) {
	ctx := context.Background()
	s := openAtTestClock(t, pgtest.URL(t))
	// analyzed says whether ANALYZE (not autovacuum, which may come by
	// too) ran on table.
	analyzed := func(table string) bool {
		t.Helper()
		var n int
		if err := s.db.QueryRowContext(ctx, pgRaw+`SELECT count(*) FROM pg_stat_user_tables WHERE relname = $1 AND last_analyze IS NOT NULL`, table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	var deal int64
	if _, err := s.Bulk(ctx, "", func(b *Bulk) error {
		cr, err := b.AddCreator(CreatorInput{Name: "Ana"})
		if err != nil {
			return err
		}
		camp, err := b.AddCampaign(CampaignInput{Name: "Spring"})
		if err != nil {
			return err
		}
		deal, err = b.AddDeal(DealInput{CreatorID: cr, CampaignID: camp, Currency: "USD", Rule: Rule{Kind: RulePercent, Value: 1000}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"creators", "deals", "transfers"} {
		if !analyzed(table) {
			t.Errorf("after Bulk, %s has no statistics from ANALYZE", table)
		}
	}

	// An import of analyzeMinOrders orders refreshes the tables it wrote.
	if _, err := s.db.ExecContext(ctx, pgRaw+`SELECT pg_stat_reset()`); err != nil {
		t.Fatal(err)
	}
	defer func(n int) { analyzeMinOrders = n }(analyzeMinOrders)
	analyzeMinOrders = 20
	var orders []OrderInput
	for i := range analyzeMinOrders {
		orders = append(orders, OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "USD", PaidDate: "2026-11-01", Base: 1000})
	}
	if _, err := s.ImportOrders(ctx, "", "shop", orders[:analyzeMinOrders-1]); err != nil {
		t.Fatal(err)
	}
	if analyzed("orders") {
		t.Fatalf("an import of %d orders, under analyzeMinOrders, ran ANALYZE", analyzeMinOrders-1)
	}
	if _, err := s.ImportOrders(ctx, "", "shop2", orders); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"orders", "transfers", "deals"} {
		if !analyzed(table) {
			t.Errorf("after an import of %d orders, %s has no statistics from ANALYZE", len(orders), table)
		}
	}
}
