package ledger

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// TestDealListPlanNoPerDealSubquery: the whole deal list on PostgreSQL
// reads every deal's codes in one grouped join, not a subquery run for each
// deal (a SubPlan in the plan), which was the list's largest cost on 12,000
// deals (issue 18).
func TestDealListPlanNoPerDealSubquery(t *testing.T) {
	if os.Getenv("PAYOUTS_TEST_BACKEND") != "postgres" {
		t.Skip("PostgreSQL only (PAYOUTS_TEST_BACKEND=postgres): a PostgreSQL plan")
	}
	s, err := Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN "+dealListSelect+dealOrder(DealQuery{}))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if p := strings.Join(plan, "\n"); strings.Contains(p, "SubPlan") {
		t.Errorf("the deal list runs a subquery per deal:\n%s", p)
	}
}
