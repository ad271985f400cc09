package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

func openAt(t *testing.T, now time.Time) *ledger.Store {
	t.Helper()
	s, err := ledger.Open(filepath.Join(t.TempDir(), "large.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return now }
	s.Operator = "generator"
	return s
}

func TestFillLarge(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	l := demo.DefaultLarge().Scaled(0.002) // 20 creators, 24 deals, 2,000 orders
	totals := func() []ledger.CurrencyTotals {
		s := openAt(t, now)
		res, err := demo.FillLarge(ctx, s, l, nil)
		if err != nil {
			t.Fatal(err)
		}
		problems, err := s.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Error("check: " + p)
		}
		n, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n.Creators != int64(l.Creators) || n.Deals != int64(l.Deals) || n.Orders != int64(l.Orders) || n.Campaigns != 20 {
			t.Errorf("got %+v, want %d creators, %d deals, %d orders, 20 campaigns", n, l.Creators, l.Deals, l.Orders)
		}
		if n.Transfers != res.Transfers || res.Transfers < int64(l.Orders) {
			t.Errorf("got %d transfers in the file and %d posted, want equal and at least %d", n.Transfers, res.Transfers, l.Orders)
		}
		tot, err := s.Totals(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return tot
	}
	a, b := totals(), totals()
	if len(a) != 3 {
		t.Fatalf("got %d currencies, want 3", len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("same seed, different program: got %+v, then %+v", a[i], b[i])
		}
		if a[i].Paid <= 0 || a[i].Held <= 0 || a[i].Owed <= 0 || a[i].Fees <= 0 || a[i].Bonuses <= 0 {
			t.Errorf("%s: want paid, held, owed, fees and bonuses all above zero, got %+v", a[i].Currency, a[i])
		}
	}
}

// TestLargeCodes checks that the codes a matching store export is written
// with are the generated deals' codes, each in its deal's currency.
func TestLargeCodes(t *testing.T) {
	ctx := context.Background()
	l := demo.DefaultLarge().Scaled(0.002)
	l.Orders = 0
	s := openAt(t, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC))
	if _, err := demo.FillLarge(ctx, s, l, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.CodeMap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := demo.LargeCodes(l)
	if len(got) != len(want) || len(want) != l.Deals {
		t.Fatalf("got %d codes in the ledger and %d planned, want %d", len(got), len(want), l.Deals)
	}
	for code, cur := range want {
		if got[code].Currency != cur {
			t.Errorf("code %s: got currency %q, want %q", code, got[code].Currency, cur)
		}
	}
}
