package export_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/export"
)

// TestFigureLabelsSayTheirPeriod: a figure's header says whether it is for
// the export's range or to date (a balance as of the range's end): the
// Balances sheet's Paid is every payment up to the end, the Summary's is
// the range's, and a reader must not take one for the other.
func TestFigureLabelsSayTheirPeriod(t *testing.T) {
	s := mustLedger(t)
	f, _ := writeBook(t, s, export.Options{})
	for _, tc := range []struct {
		sheet string
		want  map[string]string // header prefix -> what it must say
	}{
		{export.SheetSummary, map[string]string{"Transfers": "range", "Commission": "range", "Fixed fees": "range",
			"Bonuses": "range", "Paid": "range", "Remaining": "to date", "Scheduled": "to date", "Owed and committed": "to date"}},
		{export.SheetBalances, map[string]string{"Scheduled": "to date", "Held": "to date", "Owed": "to date",
			"Requested": "to date", "Paid": "to date", "Remaining": "to date", "Opening": "before range"}},
		{export.SheetCreators, map[string]string{"Payments": "range", "Paid": "range"}},
	} {
		rows, err := f.GetRows(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		for prefix, say := range tc.want {
			found := false
			for _, h := range rows[0] {
				if strings.HasPrefix(h, prefix) {
					found = true
					if !strings.Contains(h, say) {
						t.Errorf("%s %q: does not say %q", tc.sheet, h, say)
					}
				}
			}
			if !found {
				t.Errorf("%s: no %s column in %v", tc.sheet, prefix, rows[0])
			}
		}
	}
}
