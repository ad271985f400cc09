package ledger

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// TestKnownOrdersPlanIgnoresStaleStatistics: on PostgreSQL a chunk of an
// import looks its known orders up by source and order ID in the unique
// index, whatever the planner's statistics say. They lag behind a table
// the import fills: with statistics taken when the source had a few
// orders, the IN list the lookup used to be was planned as "every order of
// the source, filtered", reading the whole source per query (issue 18).
func TestKnownOrdersPlanIgnoresStaleStatistics(t *testing.T) {
	postgresOnly(t, "a PostgreSQL plan")
	ctx := context.Background()
	s, deal := bonusDealAt(t, pgtest.URL(t), 1_000)
	db := s.DB()
	fill := func(from, to int) {
		t.Helper()
		if _, err := db.ExecContext(ctx, pgRaw+`INSERT INTO orders (source, order_id, deal_id, paid_date, release_on, base, commission, held)
			SELECT 'shop', '#' || i, $1, '2026-11-01', '2026-12-01', 100, 10, 0 FROM generate_series($2::int, $3::int) AS i`, deal, from, to); err != nil {
			t.Fatal(err)
		}
	}
	fill(1, 20)
	if _, err := db.ExecContext(ctx, pgRaw+`ANALYZE orders`); err != nil {
		t.Fatal(err)
	}
	fill(21, 60000) // the statistics still say 20 orders
	ids := make([]string, 500)
	for i := range ids {
		ids[i] = fmt.Sprintf("#%d", 70000+i) // new orders: none found
	}
	plan := pgPlan(t, s, knownOrdersPG, "shop", pgTexts(ids))
	p := strings.Join(plan, "\n")
	if !strings.Contains(p, "orders_source_order_id_key") || !strings.Contains(p, "order_id = i.order_id") || strings.Contains(p, "Filter") {
		t.Errorf("the known orders are not looked up one by one in the unique index:\n%s", p)
	}
}
