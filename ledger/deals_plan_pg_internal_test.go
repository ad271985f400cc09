package ledger

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// TestDealListPlanNoPerDealSubquery: the whole deal list on PostgreSQL
// reads every deal's codes in one grouped join, not a subquery run for each
// deal (a SubPlan in the plan), which was the list's largest cost on 12,000
// deals (issue 18).
func TestDealListPlanNoPerDealSubquery(t *testing.T) {
	postgresOnly(t, "a PostgreSQL plan")
	s, err := Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plan := pgPlan(t, s, dealListSelect+dealOrder(DealQuery{}))
	if p := strings.Join(plan, "\n"); strings.Contains(p, "SubPlan") {
		t.Errorf("the deal list runs a subquery per deal:\n%s", p)
	}
}
