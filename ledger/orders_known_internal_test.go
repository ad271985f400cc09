package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// chunkedImport sets the import's chunk to n orders (and calls after once
// each chunk but the last has committed) until the test ends.
func chunkedImport(t *testing.T, n int, after func(next int)) {
	oldN, oldAfter := importChunkSize, afterImportChunk
	importChunkSize, afterImportChunk = n, after
	t.Cleanup(func() { importChunkSize, afterImportChunk = oldN, oldAfter })
}

// newOrders are n orders with IDs from first on, spread over deals.
func newOrders(first, n int, deals []int64) []OrderInput {
	var in []OrderInput
	for i := first; i < first+n; i++ {
		in = append(in, OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deals[i%len(deals)], Currency: "USD", PaidDate: "2026-11-01", Base: 1000})
	}
	return in
}

// lookups counts the reads of known orders among statements.
func lookups(statements []string) int {
	n := 0
	for _, q := range statements {
		if strings.Contains(q, "FROM orders WHERE source = ? AND order_id IN") {
			n++
		}
	}
	return n
}

// TestImportOfNewSourceLooksUpNoOrders: the chunks of an import of a
// source the ledger has no order of, whose order IDs all differ, read no
// known orders (on a million-row import, 0.8 s of lookups that found
// nothing); an import of a source with orders still reads them.
func TestImportOfNewSourceLooksUpNoOrders(t *testing.T) {
	if onPostgresRun() {
		t.Skip("SQLite only: on PostgreSQL every chunk reads its known orders")
	}
	ctx := context.Background()
	s, deals := spreadDeals(t, filepath.Join(t.TempDir(), "known.payouts"), 4, nil)
	chunkedImport(t, 100, nil)
	take := recordStatements(t, s)
	res, err := s.ImportOrders(ctx, "", "shop", newOrders(0, 1000, deals))
	if err != nil {
		t.Fatal(err)
	}
	if n := lookups(take()); n != 0 || res.New != 1000 {
		t.Fatalf("%d lookups of known orders, %d new: want none and 1000", n, res.New)
	}
	// Some of these are known now: they are read, and unchanged.
	res, err = s.ImportOrders(ctx, "", "shop", newOrders(900, 200, deals))
	if err != nil {
		t.Fatal(err)
	}
	if n := lookups(take()); n == 0 || res.New != 100 || res.Unchanged != 100 {
		t.Fatalf("%d lookups, %d new, %d unchanged: want some, 100 and 100", n, res.New, res.Unchanged)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// TestImportSeesOrdersAddedBetweenChunks: another program that imports an
// order of the same source between two chunks (an ID a later chunk has
// too) makes the later chunks read their known orders again: the order is
// found, not inserted twice.
func TestImportSeesOrdersAddedBetweenChunks(t *testing.T) {
	if onPostgresRun() {
		t.Skip("SQLite only: on PostgreSQL every chunk reads its known orders")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "between.payouts")
	s, deals := spreadDeals(t, path, 4, nil)
	other := openAtTestClock(t, path)
	chunkedImport(t, 100, func(next int) {
		if next == 300 {
			if _, err := other.ImportOrders(ctx, "", "shop", newOrders(550, 1, deals)); err != nil {
				t.Errorf("the other program's import: %v", err)
			}
		}
	})
	take := recordStatements(t, s)
	res, err := s.ImportOrders(ctx, "", "shop", newOrders(0, 1000, deals))
	if err != nil {
		t.Fatalf("the import after another program's order: %v", err)
	}
	if res.New != 999 || res.Unchanged != 1 {
		t.Fatalf("%d new, %d unchanged: want 999 and the other program's order unchanged", res.New, res.Unchanged)
	}
	if n := lookups(take()); n == 0 {
		t.Fatal("no lookups of known orders after another program added one")
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
