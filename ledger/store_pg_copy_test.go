package ledger_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// TestImportCopiesOnPostgres: an order import into a PostgreSQL ledger
// writes its new orders and their transfers by COPY (every order, and
// transfers, in batches), and ends where the same import into an SQLite
// ledger does, check clean; importing the same orders again copies nothing.
func TestImportCopiesOnPostgres(t *testing.T) {
	var mu sync.Mutex
	copied := map[string]int64{}
	restore := ledger.SetCopiedInto(func(table string, rows int64) {
		mu.Lock()
		copied[table] += rows
		mu.Unlock()
	})
	defer restore()

	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	open := func(path string) *ledger.Store {
		s, err := ledger.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		s.Now = func() time.Time { return now }
		s.Operator = "tester"
		MustDeal(t, s, "Ana", "USD", pct10, "ANA")
		MustDeal(t, s, "Ben", "EUR", ledger.Rule{Kind: ledger.RulePerOrder, Value: 300}, "BEN")
		return s
	}
	pg, lite := open(pgtest.URL(t)), open(filepath.Join(t.TempDir(), "lite.payouts"))
	var in []ledger.OrderInput
	const n = 3000 // many batches of 256 and a tail
	for i := range n {
		deal, cur := int64(1), "USD"
		if i%3 == 0 {
			deal, cur = 2, "EUR"
		}
		day := fmt.Sprintf("2026-%02d-%02d", 9+(i/3)%3, 1+i%20) // some held, some released
		in = append(in, ledger.OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: cur, PaidDate: day, Base: int64(1000 + i*7)})
	}
	clear(copied)
	start := time.Now()
	res, err := pg.ImportOrders(ctx, "", "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d orders into PostgreSQL in %v; copied %v", res.New, time.Since(start).Round(time.Millisecond), copied)
	if res.New != n || copied["orders"] != n || copied["transfers"] < n {
		t.Errorf("new %d; copied %d orders and %d transfers; want %d orders and at least as many transfers", res.New, copied["orders"], copied["transfers"], n)
	}
	clear(copied)
	if _, err := lite.ImportOrders(ctx, "", "shop", in); err != nil {
		t.Fatal(err)
	}
	if len(copied) != 0 {
		t.Errorf("SQLite copied %v", copied)
	}
	for deal := int64(1); deal <= 2; deal++ {
		if a, b := mustBalances(t, pg, deal), mustBalances(t, lite, deal); a != b {
			t.Errorf("deal %d: PostgreSQL %+v, SQLite %+v", deal, a, b)
		}
	}
	MustCheck(t, pg)
	again, err := pg.ImportOrders(ctx, "", "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || copied["orders"] != 0 || copied["transfers"] != 0 {
		t.Errorf("again: new %d, copied %v; want nothing", again.New, copied)
	}
	MustCheck(t, pg)
}
