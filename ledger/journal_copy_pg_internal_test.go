package ledger

import (
	"context"
	"fmt"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// On PostgreSQL a batch of new transfers goes by COPY and the database
// numbers them; the journal's last transfer is then the last of them, in
// the order posted.
func TestJournalCopyLastTransfer(t *testing.T) {
	s, deal := bonusDealAt(t, pgtest.URL(t), 1_000_000)
	var copied int64
	defer SetCopiedInto(func(table string, rows int64) {
		if table == "transfers" {
			copied += rows
		}
	})()
	_, err := s.do(context.Background(), "", "bonus.add", nil, func(tx *Tx) (int64, error) {
		for i := range 100 {
			if err := tx.post(transfer{DealID: deal, Currency: "USD", From: AccBonusExpense, To: AccOwed, Amount: int64(1 + i), Kind: KindBonus}); err != nil {
				return 0, err
			}
		}
		last, err := tx.journal().lastTransfer()
		if err != nil {
			return 0, err
		}
		var max, amount int64
		if err := tx.queryRow(`SELECT id, amount FROM transfers WHERE id = (SELECT max(id) FROM transfers)`).Scan(&max, &amount); err != nil {
			return 0, err
		}
		if last != max || amount != 100 {
			t.Errorf("last transfer %d, want %d, the last posted (amount 100; the highest ID has %d)", last, max, amount)
		}
		return last, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if copied != 100 {
		t.Errorf("%d transfers went by COPY, want the 100 posted", copied)
	}
	if problems, err := s.Check(context.Background()); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// TestImportCopyBatchesPostgres: on PostgreSQL an import writes its
// orders and transfers copyBatchPG rows per COPY, not journalBatch (each
// COPY costs round trips, a statement and the identity trigger's run).
func TestImportCopyBatchesPostgres(t *testing.T) {
	s, deal := bonusDealAt(t, pgtest.URL(t), 1_000)
	copies, rows := map[string]int{}, map[string]int64{}
	defer SetCopiedInto(func(table string, n int64) {
		copies[table]++
		rows[table] += n
	})()
	const n = 5000
	orders := make([]OrderInput, n)
	for i := range orders {
		orders[i] = OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "USD", PaidDate: "2026-11-01", Base: 1000}
	}
	if _, err := s.ImportOrders(context.Background(), "", "shop", orders); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"orders", "transfers"} {
		if rows[table] != n || copies[table] > 2 {
			t.Errorf("%s: %d rows in %d COPYs, want %d in at most 2", table, rows[table], copies[table], n)
		}
	}
	if problems, err := s.Check(context.Background()); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
