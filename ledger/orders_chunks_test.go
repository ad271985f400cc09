package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// chunkOrders are n paid orders of deal, one in three on deal2, with an
// order repeated with a refund in a later chunk (an update across chunks).
func chunkOrders(n int, deal, deal2 int64) []ledger.OrderInput {
	var in []ledger.OrderInput
	for i := range n {
		d := deal
		if i%3 == 0 {
			d = deal2
		}
		in = append(in, ledger.OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: d, Currency: "USD",
			PaidDate: []string{"2026-09-01", "2026-11-20"}[i%2], Base: int64(1000 + i)})
	}
	return append(in, ledger.OrderInput{OrderID: "#1", DealID: deal, Currency: "USD", PaidDate: "2026-11-20", Base: 500,
		Status: ledger.OrderPartiallyRefunded, Refunded: 501})
}

// A large import commits in chunks: between two of them another program
// gets the write lock at once (the import does not hold it for the whole
// file), and every chunk leaves a ledger that passes Check.
func TestImportChunksReleaseTheLock(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	deal2 := MustDeal(t, s, "Bo", "USD", ledger.Rule{Kind: ledger.RulePerOrder, Value: 300})
	other, err := ledger.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var chunks []int
	defer ledger.SetImportChunk(100, func(next int) {
		chunks = append(chunks, next)
		// Were the lock still held, this would wait for the whole import.
		c, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if _, err := other.AddBonus(c, ledger.BonusInput{DealID: deal, Amount: 7}); err != nil {
			t.Errorf("a write between chunks at order %d: %v", next, err)
		}
		MustCheck(t, other)
	})()
	in := chunkOrders(1000, deal, deal2)
	res, err := s.ImportOrders(ctx, "op-chunks", "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) != 10 || chunks[0] != 100 || chunks[9] != 1000 {
		t.Fatalf("chunks committed before the last: %v, want every 100 orders", chunks)
	}
	if res.New != 1000 || res.Updated != 1 || res.Unchanged != 0 {
		t.Fatalf("result = new %d, updated %d, unchanged %d", res.New, res.Updated, res.Unchanged)
	}
	MustCheck(t, s)
	if c, _ := s.Counts(ctx); c.Orders != 1000 {
		t.Fatalf("orders = %d, want 1000", c.Orders)
	}
}

// An import stopped between chunks leaves the chunks before saved; run
// again with the same operation ID it completes the same ledger as one
// uninterrupted import, and a third run changes nothing.
func TestImportChunksInterruptedRerun(t *testing.T) {
	whole, _ := MustOpen(t)
	wd := MustDeal(t, whole, "Ana", "USD", pct10)
	wd2 := MustDeal(t, whole, "Bo", "USD", ledger.Rule{Kind: ledger.RulePerOrder, Value: 300})
	if _, err := whole.ImportOrders(ctx, "op", "shop", chunkOrders(1000, wd, wd2)); err != nil {
		t.Fatal(err)
	}

	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	deal2 := MustDeal(t, s, "Bo", "USD", ledger.Rule{Kind: ledger.RulePerOrder, Value: 300})
	in := chunkOrders(1000, deal, deal2)
	c, cancel := context.WithCancel(ctx)
	restore := ledger.SetImportChunk(100, func(next int) {
		if next == 300 {
			cancel() // as a kill after the third chunk
		}
	})
	defer restore()
	_, err := s.ImportOrders(c, "op", "shop", in)
	if msg := ledger.ErrorMessage(err); !strings.Contains(msg, "stopped (cancelled) after 300 of 1001 orders, which are saved: import the same files again") {
		t.Fatalf("a cancelled import: %q, want it to say what is saved and how to complete it", msg)
	}
	if n, _ := s.Counts(ctx); n.Orders != 300 {
		t.Fatalf("orders after a stop at the fourth chunk = %d, want the three chunks committed (300)", n.Orders)
	}
	MustCheck(t, s)

	res, err := s.ImportOrders(ctx, "op", "shop", in)
	if err != nil {
		t.Fatal(err)
	}
	// #1 was imported with the first chunk, so its refund is an update.
	if res.New != 700 || res.Unchanged != 300 || res.Updated != 1 {
		t.Fatalf("re-run = new %d, unchanged %d, updated %d; want 700, 300, 1", res.New, res.Unchanged, res.Updated)
	}
	MustCheck(t, s)
	again, err := s.ImportOrders(ctx, "op", "shop", in)
	if err != nil || again.New+again.Updated+again.Unchanged != 0 {
		t.Fatalf("third run with the same operation ID: %+v, %v (want the recorded operation, nothing done)", again, err)
	}
	if _, err := s.ImportOrders(ctx, "op", "shop", in[:999]); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Fatalf("same operation ID, other orders: %v, want a conflict", err)
	}
	for _, p := range [][2]int64{{wd, deal}, {wd2, deal2}} {
		if a, b := mustBalances(t, whole, p[0]), mustBalances(t, s, p[1]); a != b {
			t.Fatalf("deal balances after an interrupted and re-run import = %+v, uninterrupted = %+v", b, a)
		}
	}
	wc, _ := whole.Counts(ctx)
	sc, _ := s.Counts(ctx)
	if wc != sc {
		t.Fatalf("counts = %+v, uninterrupted = %+v", sc, wc)
	}
}

// An import whose totals could overflow is not written in chunks: the
// overflow found in its last orders still fails it whole.
func TestImportChunksOverflowFailsWhole(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "JPY", ledger.Rule{Kind: ledger.RulePerOrder, Value: ledger.MaxAmount})
	var in []ledger.OrderInput
	for i := range 9300 {
		in = append(in, ledger.OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "JPY", PaidDate: "2026-11-01", Base: ledger.MaxAmount})
	}
	chunks := 0
	defer ledger.SetImportChunk(1000, func(int) { chunks++ })()
	_, err := s.ImportOrders(ctx, "", "shop", in)
	wantCode(t, err, ledger.EINVALID)
	if c, _ := s.Counts(ctx); c.Orders != 0 || c.Transfers != 0 || chunks != 0 {
		t.Fatalf("counts = %+v after a refused import, %d chunks committed", c, chunks)
	}
	MustCheck(t, s)
}
