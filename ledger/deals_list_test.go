package ledger_test

import (
	"slices"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// TestDealsKeyset: for every sort the list offers, both directions, with
// and without a search, the pages read one after another by keyset, and
// the pages read from DealPageStarts, are exactly the full sorted read cut
// in pieces: no deal twice, none missing, same order (ties on the sort key
// are many: most deals have nothing requested or paid).
func TestDealsKeyset(t *testing.T) {
	s, _ := MustOpen(t)
	if _, err := demo.FillLarge(ctx, s, demo.Large{Seed: 3, Creators: 40, Deals: 90, Campaigns: 4, Orders: 400, Days: 60}, nil); err != nil {
		t.Fatal(err)
	}
	sorts := []string{"id", "creator", "campaign", "currency", "commission", "fees", "owed", "requested", "paid", "remaining", "held", "scheduled", "bonuses", "fees_confirmed", ""}
	for _, sort := range sorts {
		for _, desc := range []bool{false, true} {
			for _, search := range []string{"", "a", "no such deal"} {
				q := ledger.DealQuery{Sort: sort, Desc: desc, Search: search}
				full, err := s.Deals(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want := ids(full)
				if n, err := s.CountDeals(ctx, q); err != nil || n != len(want) {
					t.Fatalf("%+v: count %d, %v; full read has %d", q, n, err, len(want))
				}
				if search == "" && len(want) != 90 {
					t.Fatalf("%+v: full read has %d deals, want 90", q, len(want))
				}
				for _, size := range []int{1, 7, 90, 200} {
					// Page after page, each starting after the last deal read.
					var got []int64
					pq := q
					pq.Limit = size
					for pages := 0; ; pages++ {
						page, err := s.Deals(ctx, pq)
						if err != nil {
							t.Fatal(err)
						}
						got = append(got, ids(page)...)
						if len(page) < size || pages > len(want) {
							break
						}
						c := pq.CursorAfter(&page[len(page)-1])
						pq.After = &c
					}
					if !slices.Equal(got, want) {
						t.Fatalf("sort %q desc %v search %q size %d: keyset pages\n%v\nwant\n%v", sort, desc, search, size, got, want)
					}
					// Any page straight from its start.
					starts, err := s.DealPageStarts(ctx, q, size)
					if err != nil {
						t.Fatal(err)
					}
					if len(starts) != len(want)/size {
						t.Fatalf("sort %q desc %v search %q size %d: %d page starts, want %d", sort, desc, search, size, len(starts), len(want)/size)
					}
					for p := len(starts); p >= 0; p -= 1 + p/3 {
						pq := q
						pq.Limit = size
						if p > 0 {
							pq.After = &starts[p-1]
						}
						page, err := s.Deals(ctx, pq)
						if err != nil {
							t.Fatal(err)
						}
						if w := want[min(p*size, len(want)):min(p*size+size, len(want))]; !slices.Equal(ids(page), w) {
							t.Fatalf("sort %q desc %v search %q size %d page %d: got %v, want %v", sort, desc, search, size, p, ids(page), w)
						}
						if p == 0 {
							break
						}
					}
				}
			}
		}
	}
}

func TestDealPageStartsSize(t *testing.T) {
	s, _ := MustOpen(t)
	_, err := s.DealPageStarts(ctx, ledger.DealQuery{}, 0)
	wantCode(t, err, ledger.EINVALID)
}

func ids(ds []ledger.Deal) []int64 {
	out := make([]int64, len(ds))
	for i := range ds {
		out[i] = ds[i].ID
	}
	return out
}

// TestDealsAmountSortWithinCurrency: sorting by an amount groups the deals
// by currency and orders each group by the amount, both ways, so € and $
// are never ranked against each other by their raw numbers.
func TestDealsAmountSortWithinCurrency(t *testing.T) {
	s, _ := MustOpen(t)
	if _, err := demo.FillLarge(ctx, s, demo.Large{Seed: 5, Creators: 30, Deals: 80, Campaigns: 4, Orders: 300, Days: 60}, nil); err != nil {
		t.Fatal(err)
	}
	for _, desc := range []bool{false, true} {
		deals, err := s.Deals(ctx, ledger.DealQuery{Sort: "commission", Desc: desc})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, d := range deals {
			if i == 0 || d.Currency != deals[i-1].Currency {
				if seen[d.Currency] {
					t.Fatalf("desc %v: %s deals are not together: %s again at row %d", desc, d.Currency, d.Currency, i)
				}
				seen[d.Currency] = true
				continue
			}
			if prev := deals[i-1].Commission; (!desc && d.Commission < prev) || (desc && d.Commission > prev) {
				t.Fatalf("desc %v: row %d %s %d after %d", desc, i, d.Currency, d.Commission, prev)
			}
		}
		if len(seen) < 2 {
			t.Fatalf("the fixture has %d currencies; the test needs two or more", len(seen))
		}
	}
}
