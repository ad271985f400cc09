package ledger

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// behindOrders are n new orders spread over deals, paid long before the
// test's clock (hold 0): each posts its commission and its release.
func behindOrders(deals []int64, n int) []OrderInput {
	in := make([]OrderInput, n)
	for i := range in {
		in[i] = OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deals[i%len(deals)], Currency: "USD", PaidDate: "2026-11-01", Base: 1000}
	}
	return in
}

// behindLedger is a new ledger of 40 deals on the tests' backend.
func behindLedger(t *testing.T) (*Store, []int64) {
	return spreadDeals(t, testBackendPath(t), 40, nil)
}

// TestImportWritesBehind: on PostgreSQL an import writes its batches of
// transfers and orders behind (tx_behind.go) while it works out the next;
// on SQLite it writes them at once (writesBehind says why). A preview and
// an interactive operation write nothing behind. Check finds the result
// sound.
func TestImportWritesBehind(t *testing.T) {
	ctx := context.Background()
	s, deals := behindLedger(t)
	behind := 0
	onWriteBehind = func() { behind++ } // called by the posting goroutine
	defer func() { onWriteBehind = nil }()
	orders := behindOrders(deals, 3000)
	if _, err := s.PreviewOrders(ctx, "shop", orders); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFee(ctx, FeeInput{DealID: deals[0], Amount: 500, Comment: "setup"}); err != nil {
		t.Fatal(err)
	}
	if behind != 0 {
		t.Fatalf("a preview and a fee wrote %d batches behind, want none", behind)
	}
	res, err := s.ImportOrders(ctx, "", "shop", orders)
	if err != nil {
		t.Fatal(err)
	}
	if s.pg == nil && behind != 0 {
		t.Errorf("the import wrote %d batches behind on SQLite, want none", behind)
	}
	// 3,000 orders and 6,000 transfers, copyBatchPG rows a COPY: 3 batches.
	if s.pg != nil && behind < 3 {
		t.Errorf("the import wrote %d batches behind, want at least 3", behind)
	}
	if res.New != 3000 || res.Released != 3000 {
		t.Errorf("new %d, released %d, want 3000 each", res.New, res.Released)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check after the import: %v %v", err, problems)
	}
}

// TestWriteBehindFailureFailsWhole: a batch the database refuses fails the
// import, with the database's reason, and nothing of it is saved, though
// the posting had gone on past it (written behind, on PostgreSQL).
func TestWriteBehindFailureFailsWhole(t *testing.T) {
	ctx := context.Background()
	s, deals := behindLedger(t)
	plant := []string{`CREATE TRIGGER planted BEFORE INSERT ON transfers WHEN NEW.reference = '#1500'
		BEGIN SELECT RAISE(ABORT, 'planted refusal'); END`}
	if s.pg != nil {
		plant = []string{pgRaw + `CREATE FUNCTION planted() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.reference = '#1500' THEN RAISE EXCEPTION 'planted refusal'; END IF; RETURN NEW; END $$`,
			pgRaw + `CREATE TRIGGER planted BEFORE INSERT ON transfers FOR EACH ROW EXECUTE FUNCTION planted()`}
	}
	for _, q := range plant {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.ImportOrders(ctx, "", "shop", behindOrders(deals, 3000))
	if err == nil || !strings.Contains(err.Error(), "planted refusal") {
		t.Fatalf("import: %v, want the planted refusal", err)
	}
	var orders, transfers int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM transfers)`).Scan(&orders, &transfers); err != nil {
		t.Fatal(err)
	}
	if orders != 0 || transfers != 0 {
		t.Errorf("after the failed import: %d orders, %d transfers, want none", orders, transfers)
	}
}

// TestImportOrderIDsInLargeBlocksPostgres: on PostgreSQL an import takes
// its new orders' IDs from the sequence in blocks as large as a COPY's.
// Each read of the sequence waits for the batch being written behind: in
// blocks of 256 a 20,000-order import read it 86 times, each a stop.
func TestImportOrderIDsInLargeBlocksPostgres(t *testing.T) {
	postgresOnly(t, "the sequence of orders")
	ctx := context.Background()
	s, deals := spreadDeals(t, pgtest.URL(t), 40, nil)
	sent := recordStatements(t, s)
	if _, err := s.ImportOrders(ctx, "", "shop", behindOrders(deals, 20000)); err != nil {
		t.Fatal(err)
	}
	reads := 0
	for _, q := range sent() {
		if strings.Contains(q, "nextval(pg_get_serial_sequence('orders'") {
			reads++
		}
	}
	// Blocks of 1, 2, 4, ... 4,096, then 4,096 each: 16 reads.
	if reads > 16 {
		t.Errorf("a 20,000-order import read the sequence of orders %d times, want at most 16", reads)
	}
}
