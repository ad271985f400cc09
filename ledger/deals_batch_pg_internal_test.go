package ledger

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
)

// TestImportDealFiguresOneStatementPostgres: on PostgreSQL an import's
// flush writes the figures of the many deals it changed with one UPDATE
// (dealsUpdate), not one statement per deal in the batch, and each deal
// gets its own changes only: a figure a deal did not change (the owed of
// a deal whose orders are still held) keeps what the row holds.
func TestImportDealFiguresOneStatementPostgres(t *testing.T) {
	ctx := context.Background()
	// Even deals hold for 30 days (the order stays held), odd ones not at
	// all (released at once, into owed); every third has a bonus owed
	// already.
	const n = 40
	s, deals := spreadDeals(t, pgtest.URL(t), n, func(i int) int { return 30 * ((i + 1) % 2) })
	var orders []OrderInput
	for i, d := range deals {
		if i%3 == 0 {
			if _, err := s.AddBonus(ctx, BonusInput{DealID: d, Amount: 500}); err != nil {
				t.Fatal(err)
			}
		}
		orders = append(orders, OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: d, Currency: "USD", PaidDate: "2026-11-01", Base: 1000 * int64(i+1)})
	}
	sent := recordStatements(t, s)
	if _, err := s.ImportOrders(ctx, "", "shop", orders); err != nil {
		t.Fatal(err)
	}
	batched := 0
	for _, q := range sent() {
		if rest, ok := strings.CutPrefix(q, "BATCH of "); ok {
			k, _ := strconv.Atoi(rest)
			batched += k
		}
	}
	// The deals' UPDATE, the brand accounts', the operations row, the
	// notification and the COMMIT; 40 one-deal UPDATEs before.
	if batched > 8 {
		t.Errorf("the import's batched writes were %d statements, want at most 8 (one UPDATE for its %d deals)", batched, n)
	}
	for i, id := range deals {
		d, err := s.Deal(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		commission := 100 * int64(i+1)
		held, owed := commission, int64(0)
		if i%2 == 1 {
			held, owed = 0, commission
		}
		if i%3 == 0 {
			owed += 500
		}
		b := d.Balances
		if b.Held != held || b.Owed != owed || b.Commission != commission || b.Bonuses != 500*int64(boolInt(i%3 == 0)) || b.Revenue != 1000*int64(i+1) {
			t.Errorf("deal %d: held %d owed %d commission %d bonuses %d revenue %d, want held %d owed %d commission %d",
				i, b.Held, b.Owed, b.Commission, b.Bonuses, b.Revenue, held, owed, commission)
		}
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// TestImportDealUpdatesHOTPostgres: on PostgreSQL the updates of an
// import's deal figures are HOT (heap-only): no index of deals covers a
// figure, and each page keeps room for new versions (migrations_pg/0019).
// With the Deals list's nine figure indexes every new version of a deal
// went into all 13 indexes of deals: 12,000 deals in each chunk of a
// million-row import, the largest part of its deal updates' cost.
func TestImportDealUpdatesHOTPostgres(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	// More deals than one page holds: at fillfactor 100 the pages are
	// full, and most new versions would have to go to another page.
	const n = 120
	s, deals := spreadDeals(t, url, n, func(i int) int { return 30 * ((i + 1) % 2) })
	// Two imports over every deal: the second needs the room that pruning
	// the first's old versions gives back.
	for round := range 2 {
		var orders []OrderInput
		for i, d := range deals {
			orders = append(orders, OrderInput{OrderID: fmt.Sprintf("#%d-%d", round, i), DealID: d, Currency: "USD", PaidDate: "2026-11-01", Base: 1000 * int64(i+1)})
		}
		if _, err := s.ImportOrders(ctx, "", "shop", orders); err != nil {
			t.Fatal(err)
		}
	}
	// The server's table statistics: a backend reports its counts when it
	// goes idle a while, and at the latest as it ends.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var updates, hot int64
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		// Each statement is its own transaction: a fresh read of the
		// statistics.
		err := r.db.QueryRowContext(ctx, pgRaw+`SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
			WHERE relid = 'deals'::regclass`).Scan(&updates, &hot)
		if err != nil {
			t.Fatal(err)
		}
		if updates >= 2*n || time.Now().After(deadline) {
			break
		}
	}
	if updates < 2*n {
		t.Fatalf("the server counted %d updates of deals, want at least %d (two imports of %d deals)", updates, 2*n, n)
	}
	if hot != updates {
		t.Errorf("%d of the %d updates of deals were HOT, want all: each other one wrote index entries (an indexed figure, or no room left in its page)", hot, updates)
	}
}
