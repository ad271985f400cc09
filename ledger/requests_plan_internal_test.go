package ledger

import (
	"context"
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
		rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		text := strings.Join(plan, "; ")
		if strings.Contains(text, "TEMP B-TREE") || !strings.Contains(text, "requests_by_") {
			t.Errorf("%s sort %s, after %v: plan %s", q.Status, q.Sort, q.After != nil, text)
		}
	}
}
