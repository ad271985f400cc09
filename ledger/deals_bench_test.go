package ledger_test

import (
	"fmt"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// BenchmarkLedgerDealsPageDeep reads the 200 deals at position 11,000 of a
// 12,000-deal list, by keyset (what the Deals screen does) and, for the
// floor of comparison, by the OFFSET read it replaced, in each order the
// screen offers. The target: under 10 ms a page by keyset.
func BenchmarkLedgerDealsPageDeep(b *testing.B) {
	s, _ := MustOpen(b)
	l := demo.DefaultLarge()
	l.Orders = 24000 // every deal has balances to sort on; the list never reads transfers
	if _, err := demo.FillLarge(ctx, s, l, nil); err != nil {
		b.Fatal(err)
	}
	const size, deep = 200, 11000
	for _, sort := range []string{"creator", "campaign", "commission", "fees_confirmed", "remaining", "owed"} {
		for _, desc := range []bool{false, true} {
			q := ledger.DealQuery{Sort: sort, Desc: desc}
			if n, err := s.CountDeals(ctx, q); err != nil || n != 12000 {
				b.Fatalf("%d deals, %v", n, err)
			}
			starts, err := s.DealPageStarts(ctx, q, size)
			if err != nil {
				b.Fatal(err)
			}
			name := fmt.Sprintf("%s/desc=%v", sort, desc)
			b.Run(name+"/keyset", func(b *testing.B) {
				pq := q
				pq.Limit, pq.After = size, &starts[deep/size-1]
				for i := 0; i < b.N; i++ {
					if ds, err := s.Deals(ctx, pq); err != nil || len(ds) != size {
						b.Fatalf("%d deals, %v", len(ds), err)
					}
				}
			})
			b.Run(name+"/offset", func(b *testing.B) {
				query := ledger.DealsOffsetQuery(q, size, deep)
				for i := 0; i < b.N; i++ {
					rows, err := s.DB().QueryContext(ctx, query)
					if err != nil {
						b.Fatal(err)
					}
					n := 0
					for rows.Next() {
						n++
					}
					rows.Close()
					if n != size {
						b.Fatalf("%d deals", n)
					}
				}
			})
			b.Run(name+"/starts", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := s.DealPageStarts(ctx, q, size); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
