package ledger

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// transferIndexes are the indexes of transfers, each for the reads named.
// Every transfer written inserts into each of them: an import of a million
// rows writes more than half a million transfers, and check compares every
// transfer with every index. A new one is a decision, not a side effect.
var transferIndexes = []string{
	"transfers_deal",        // a deal's history, by ID
	"transfers_deal_report", // Reports and the workbook's attribution, per deal and kind
	"transfers_fee",         // a fee's transfers
	"transfers_posting",     // exports and the books, by posting date
	"transfers_request",     // a request's transfers; the tax-year report
}

// TestTransferIndexes: transfers has the indexes of transferIndexes and no
// other. Before migration 18 it also had transfers_date (date, id), which
// nothing read across deals since exports went by posting date (migration
// 15): one more B-tree insert per transfer for nothing.
func TestTransferIndexes(t *testing.T) {
	s, err := Open(testBackendPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q := `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'transfers' AND sql IS NOT NULL ORDER BY name`
	if s.pg != nil {
		q = pgRaw + `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'transfers'
			AND indexname <> 'transfers_pkey' ORDER BY indexname`
	}
	var got []string
	if err := s.each(context.Background(), "list indexes", q, func(scan scanFunc) error {
		var name string
		err := scan(&name)
		got = append(got, name)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, transferIndexes) {
		t.Errorf("indexes of transfers: %v, want %v", got, transferIndexes)
	}
}

// TestTaxYearReadsPaidRequests: the tax-year report finds a year's
// payments from the paid requests, not by reading every transfer.
func TestTaxYearReadsPaidRequests(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "plan.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := queryPlan(t, s, taxYearQuery, KindPaid, "2025-01-01", "2025-12-31", StatusPaid)
	for _, line := range p {
		if strings.HasPrefix(line, "SCAN t ") || line == "SCAN t" {
			t.Errorf("the tax-year report reads every transfer (%s):\n\t%s", line, strings.Join(p, "\n\t"))
		}
	}
	t.Logf("plan:\n\t%s", strings.Join(p, "\n\t"))
}
