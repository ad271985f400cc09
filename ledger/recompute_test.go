package ledger_test

import (
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestRecomputeSQL: the GROUP BY generated from the table of accounts (the
// benchmark's floor) recomputes every deal's cached figures from its
// transfers, a reversed payment included (money out of cash is paid back).
func TestRecomputeSQL(t *testing.T) {
	s, _ := MustOpen(t)
	mustDemo(t, s)
	var req int64
	if err := s.DB().QueryRow(`SELECT id FROM requests WHERE status = 'paid' ORDER BY id LIMIT 1`).Scan(&req); err != nil {
		t.Fatal(err)
	}
	if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: req, Reason: "never arrived"}); err != nil {
		t.Fatal(err)
	}
	query, figures := ledger.RecomputeSQL()
	rows, err := s.DB().Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		vals := make([]int64, len(figures))
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		d, err := s.Deal(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b := d.Balances
		cached := map[string]int64{"scheduled": b.Scheduled, "held": b.Held, "owed": b.Owed, "requested": b.Requested,
			"paid": b.Paid, "commission": b.Commission, "fees": b.Fees, "bonuses": b.Bonuses}
		if len(figures) != len(cached) {
			t.Fatalf("figures %v, want the eight of a deal", figures)
		}
		for i, f := range figures {
			if vals[i] != cached[f] {
				t.Errorf("deal %d: recomputed %s %d, cached %d", id, f, vals[i], cached[f])
			}
		}
		n++
	}
	if err := rows.Err(); err != nil || n == 0 {
		t.Fatalf("%d deals recomputed, %v", n, err)
	}
}
