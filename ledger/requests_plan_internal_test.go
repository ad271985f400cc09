package ledger

import (
	"path/filepath"
	"strings"
	"testing"
)

// The queue's views open in date order, newest first, and page on from the
// last row: each page must be read along an index, not by sorting every
// paid request of the file (a Paid view of 100,000 payments would sort
// them all at each page and each key typed in the search).
func TestRequestsPagesUseIndex(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "plan.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after := &Request{ID: 10, PaidDate: "2026-01-01"}
	for _, q := range []RequestQuery{
		{Status: StatusPaid, Sort: "paid", Desc: true, Limit: 500},
		{Status: StatusPaid, Sort: "paid", Desc: true, Limit: 500, After: after},
		{Status: StatusRequested, Sort: "requested", Desc: true, Limit: 500},
		{Status: StatusRequested, Sort: "requested", Desc: true, Limit: 500, After: after},
		{Status: StatusCancelled, Sort: "requested", Desc: true, Limit: 500},
	} {
		query, args, err := requestsSQL(q)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(queryPlan(t, s, query, args...), "; ")
		if strings.Contains(text, "TEMP B-TREE") || !strings.Contains(text, "requests_by_") {
			t.Errorf("%s sort %s, after %v: plan %s", q.Status, q.Sort, q.After != nil, text)
		}
	}
}
