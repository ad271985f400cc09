package ledger_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// The queue sorts on any column and searches creator, campaign and
// reference; a sorted list read page by page (keyset) is the list read at
// once, and its order is the column's.
func TestRequestsSortAndSearch(t *testing.T) {
	s, c := MustOpen(t)
	ana := MustDeal(t, s, "ana Silva", "USD", pct10)
	ben := MustDeal(t, s, "Ben Okafor", "EUR", pct10)
	cleo := MustDeal(t, s, "Cléo Martin", "USD", pct10)
	var ids []int64
	for i, d := range []int64{ben, ana, cleo, ana, ben, cleo, ana} {
		c.Advance(3600e9)
		ids = append(ids, mustRequest(t, s, d, int64(1000+(i%3)*700)))
	}
	c.Advance(48 * 3600e9)
	pay := func(id int64, ref, date string) {
		t.Helper()
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: id, Reference: ref, Date: date}); err != nil {
			t.Fatal(err)
		}
	}
	pay(ids[0], "BANK-20", "2026-11-22")
	pay(ids[1], "PP-7", "2026-11-23")
	pay(ids[2], "bank-3", "2026-11-22")

	less := map[string]func(a, b ledger.Request) bool{
		"creator": func(a, b ledger.Request) bool { return strings.ToLower(a.CreatorName) < strings.ToLower(b.CreatorName) },
		"amount": func(a, b ledger.Request) bool {
			return a.Currency < b.Currency || a.Currency == b.Currency && a.Amount < b.Amount
		},
		"paid":      func(a, b ledger.Request) bool { return a.PaidDate < b.PaidDate },
		"requested": func(a, b ledger.Request) bool { return a.CreatedAt.Before(b.CreatedAt) },
	}
	for _, key := range ledger.RequestSortKeys() {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/desc=%v", key, desc), func(t *testing.T) {
				all, err := s.Requests(ctx, ledger.RequestQuery{Sort: key, Desc: desc})
				if err != nil || len(all) != len(ids) {
					t.Fatalf("all: %d rows, %v", len(all), err)
				}
				var paged []ledger.Request
				q := ledger.RequestQuery{Sort: key, Desc: desc, Limit: 2}
				for {
					page, err := s.Requests(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					paged = append(paged, page...)
					if len(page) < q.Limit {
						break
					}
					q.After = &page[len(page)-1]
				}
				if got, want := idsOf(paged), idsOf(all); got != want {
					t.Fatalf("paged %s, at once %s", got, want)
				}
				if lt := less[key]; lt != nil {
					for i := 1; i < len(all); i++ {
						a, b := all[i-1], all[i]
						if desc {
							a, b = b, a
						}
						if lt(b, a) {
							t.Fatalf("out of order at %d: %+v before %+v", i, all[i-1], all[i])
						}
					}
				}
			})
		}
	}
	t.Run("Search", func(t *testing.T) {
		for _, tt := range []struct{ text, want string }{
			{"okafor", idsOf([]ledger.Request{{ID: ids[0]}, {ID: ids[4]}})},  // creator
			{"of cléo", idsOf([]ledger.Request{{ID: ids[2]}, {ID: ids[5]}})}, // campaign
			{"bank-", idsOf([]ledger.Request{{ID: ids[0]}, {ID: ids[2]}})},   // reference, any case
			{"100%", ""},
		} {
			rs, err := s.Requests(ctx, ledger.RequestQuery{Search: tt.text})
			if err != nil || idsOf(rs) != tt.want {
				t.Errorf("search %q: %s, %v; want %s", tt.text, idsOf(rs), err, tt.want)
			}
		}
	})
	t.Run("ErrUnknownSort", func(t *testing.T) {
		_, err := s.Requests(ctx, ledger.RequestQuery{Sort: "nope"})
		wantCode(t, err, ledger.EINVALID)
	})
}

func idsOf(rs []ledger.Request) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%d ", r.ID)
	}
	return b.String()
}
