package ledger

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBalancesReadOnlyTheirTransfers: the balances at a range's end (the
// workbook's closing and opening balances) read only the transfers their
// condition selects, never every transfer of the ledger. Asked for the
// sums per deal directly, SQLite scanned the whole transfers table through
// the deal index (the GROUP BY's order), one row lookup per transfer, even
// for a range ending today that selects none: 43 s of a year's workbook of
// the large ledger. Without statistics (Payouts runs no ANALYZE) the plan
// is the same on a small file as on a large one.
func TestBalancesReadOnlyTheirTransfers(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "plan.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []ExportFilter{
		{UpTo: 100},
		{To: "2026-11-21", UpTo: 100},
		{To: "2025-12-21", UpTo: 100},
		{To: "2026-11-21", UpTo: 100, CampaignID: 3},
	} {
		for _, cache := range []bool{true, false} {
			query, args := balancesQuery(f, cache)
			p := queryPlan(t, s, query, args...)
			for _, line := range p {
				// t is transfers: a SCAN of it reads them all.
				if strings.HasPrefix(line, "SCAN t ") || line == "SCAN t" {
					t.Errorf("%+v cache %v: the plan reads every transfer (%s):\n\t%s", f, cache, line, strings.Join(p, "\n\t"))
				}
			}
		}
	}
}
