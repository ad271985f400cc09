package ledger_test

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

func creatorIDs(cs []ledger.CreatorSummary) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// TestCreatorsKeyset: with and without a search, the Creators list read
// page after page by keyset, and each page read from CreatorPageStarts, is
// exactly one full sorted read cut in pieces; the full read is the same
// creators in the same order as Creators (the read the screen replaced).
// Each row's unpaid amounts are its deals' Unpaid summed per currency, and
// its badge is the creator's PayeeReady rule.
func TestCreatorsKeyset(t *testing.T) {
	s, _ := MustOpen(t)
	if _, err := demo.FillLarge(ctx, s, demo.Large{Seed: 5, Creators: 45, Deals: 90, Campaigns: 4, Orders: 400, Days: 60}, nil); err != nil {
		t.Fatal(err)
	}
	// Names that differ only in case sort together (NOCASE), and one
	// creator has whitespace only as details: missing by the ledger's rule.
	for _, in := range []ledger.CreatorInput{{Name: "aaron b"}, {Name: "Aaron C", PayoutDetails: " \t "}, {Name: "zoë", Email: "zz@example.com"}} {
		if _, err := s.AddCreator(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	deals, err := s.Deals(ctx, ledger.DealQuery{})
	if err != nil {
		t.Fatal(err)
	}
	unpaid := map[int64]map[string]int64{}
	for _, d := range deals {
		if unpaid[d.CreatorID] == nil {
			unpaid[d.CreatorID] = map[string]int64{}
		}
		unpaid[d.CreatorID][d.Currency] += d.Remaining()
	}
	for _, search := range []string{"", "a", "example.com", "no such creator"} {
		q := ledger.CreatorQuery{Search: search}
		full, err := s.CreatorList(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want := creatorIDs(full)
		old, err := s.Creators(ctx, search)
		if err != nil {
			t.Fatal(err)
		}
		var oldIDs []int64
		for _, c := range old {
			oldIDs = append(oldIDs, c.ID)
		}
		if !slices.Equal(want, oldIDs) {
			t.Fatalf("search %q: list %v, Creators %v", search, want, oldIDs)
		}
		if search == "" && len(want) != 48 {
			t.Fatalf("full read has %d creators, want 48", len(want))
		}
		if n, err := s.CountCreators(ctx, q); err != nil || n != len(want) {
			t.Fatalf("search %q: count %d, %v; full read has %d", search, n, err, len(want))
		}
		for i, c := range full {
			if pos, err := s.CreatorPosition(ctx, q, c.ID); err != nil || pos != i {
				t.Errorf("search %q: %s at %d, %v; want %d", search, c.Name, pos, err, i)
			}
			if c.PayeeReady != c.Creator.PayeeReady() {
				t.Errorf("%s: badge ready=%v, PayeeReady()=%v", c.Name, c.PayeeReady, c.Creator.PayeeReady())
			}
			var wantUnpaid []ledger.Amount
			for cur, v := range unpaid[c.ID] {
				if v != 0 {
					wantUnpaid = append(wantUnpaid, ledger.Amount{Minor: v, Currency: cur})
				}
			}
			sort.Slice(wantUnpaid, func(a, b int) bool { return wantUnpaid[a].Currency < wantUnpaid[b].Currency })
			if fmt.Sprint(c.Unpaid) != fmt.Sprint(wantUnpaid) {
				t.Errorf("%s: unpaid %v, want %v", c.Name, c.Unpaid, wantUnpaid)
			}
		}
		for _, size := range []int{1, 7, 48, 200} {
			var got []int64
			pq := q
			pq.Limit = size
			for pages := 0; ; pages++ {
				page, err := s.CreatorList(ctx, pq)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, creatorIDs(page)...)
				if len(page) < size || pages > len(want) {
					break
				}
				c := pq.CursorAfter(&page[len(page)-1])
				pq.After = &c
			}
			if !slices.Equal(got, want) {
				t.Fatalf("search %q size %d: keyset pages\n%v\nwant\n%v", search, size, got, want)
			}
			starts, err := s.CreatorPageStarts(ctx, q, size)
			if err != nil {
				t.Fatal(err)
			}
			if len(starts) != len(want)/size {
				t.Fatalf("search %q size %d: %d starts, want %d", search, size, len(starts), len(want)/size)
			}
			for p, c := range starts {
				pq := q
				pq.Limit, pq.After = size, &c
				page, err := s.CreatorList(ctx, pq)
				if err != nil {
					t.Fatal(err)
				}
				from := (p + 1) * size
				if !slices.Equal(creatorIDs(page), want[from:min(from+size, len(want))]) {
					t.Fatalf("search %q size %d page %d: %v", search, size, p+1, creatorIDs(page))
				}
			}
		}
	}
	if _, err := s.CreatorPosition(ctx, ledger.CreatorQuery{Search: "no such creator"}, 1); err == nil {
		t.Error("position of a creator the search hides")
	}
	if _, err := s.CreatorPageStarts(ctx, ledger.CreatorQuery{}, 0); err == nil {
		t.Error("page size 0 accepted")
	}
}

// BenchmarkLedgerCreatorsPageDeep reads the 200 creators at position 9,000
// of a 10,000-creator list by keyset (what the Creators screen does) next
// to the full read it replaced (every creator matching the search at
// once). It runs in make bench (the BenchmarkLedger prefix); the keyset
// row reports its ratio to the full read, timed in the same run.
func BenchmarkLedgerCreatorsPageDeep(b *testing.B) {
	s, _ := MustOpen(b)
	l := demo.DefaultLarge()
	l.Creators, l.Deals, l.Orders = 10000, 12000, 24000
	if _, err := demo.FillLarge(ctx, s, l, nil); err != nil {
		b.Fatal(err)
	}
	const size, deep = 200, 9000
	for _, search := range []string{"", "a"} {
		q := ledger.CreatorQuery{Search: search}
		n, err := s.CountCreators(ctx, q)
		if err != nil || (search == "" && n != 10000) || n < deep+size {
			b.Fatalf("%d creators, %v", n, err)
		}
		starts, err := s.CreatorPageStarts(ctx, q, size)
		if err != nil {
			b.Fatal(err)
		}
		name := "all"
		if search != "" {
			name = "search-" + search
		}
		fullRead := func() {
			if cs, err := s.Creators(ctx, search); err != nil || len(cs) != n {
				b.Fatalf("%d creators, %v", len(cs), err)
			}
		}
		const floorReads = 5
		began := time.Now()
		for i := 0; i < floorReads; i++ {
			fullRead()
		}
		floor := time.Since(began) / floorReads
		b.Run(name+"/keyset", func(b *testing.B) {
			pq := q
			pq.Limit, pq.After = size, &starts[deep/size-1]
			began := time.Now()
			for i := 0; i < b.N; i++ {
				if cs, err := s.CreatorList(ctx, pq); err != nil || len(cs) != size {
					b.Fatalf("%d creators, %v", len(cs), err)
				}
			}
			b.ReportMetric(float64(time.Since(began))/float64(b.N)/float64(floor), "x-Creators-full-read")
		})
		b.Run(name+"/starts", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.CreatorPageStarts(ctx, q, size); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/full", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				fullRead()
			}
		})
	}
}
