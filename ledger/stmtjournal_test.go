package ledger_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// SQLite keeps a journal of each statement that writes several rows and
// may stop half-way with ABORT, to undo that statement alone: about 2 s of
// a million-row import, for statements whose failure rolls the whole
// operation back anyway. Since schema 20 none of the ledger's batch writes
// may abort: the foreign keys of transfers and orders are deferred to the
// commit, and the guards they run refuse with FAIL, which keeps what the
// statement wrote before the refused row (and the operation then rolls
// back). Each case below fails on a schema whose statements abort.
func TestBatchStatementsNeedNoUndo(t *testing.T) {
	sqliteOnly(t) // PostgreSQL keeps no statement journal; a failed statement fails its transaction
	s, _ := MustOpen(t)
	first := MustDeal(t, s, "Ana", "USD", pct10)
	second := MustDeal(t, s, "Bea", "USD", pct10)
	taken, err := s.AddBonus(ctx, ledger.BonusInput{DealID: first, Amount: 500})
	if err != nil {
		t.Fatal(err)
	}
	transfer := func(id, deal int64) string {
		return fmt.Sprintf(`(%d, %d, 'USD', 'expense:bonus', 'owed', 100, 'bonus', '2026-01-01', 0, 'test', 'op-%d', 100)`, id, deal, id)
	}
	const insert = `INSERT OR FAIL INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after) VALUES `
	begin := func(t *testing.T) *sql.Tx {
		tx, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tx.Rollback() })
		return tx
	}
	count := func(t *testing.T, tx *sql.Tx, q string, args ...any) int {
		var n int
		if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("the append-only guard fails, not aborts", func(t *testing.T) {
		tx := begin(t)
		_, err := tx.ExecContext(ctx, insert+transfer(taken+100, first)+", "+transfer(taken, first))
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("insert over transfer %d: %v, want the append-only guard", taken, err)
		}
		if n := count(t, tx, `SELECT count(*) FROM transfers WHERE id = ?`, taken+100); n != 1 {
			t.Errorf("the row before the refused one was undone (%d rows): the statement aborts, so SQLite journals it", n)
		}
	})

	t.Run("the overflow guard of deals fails, not aborts", func(t *testing.T) {
		tx := begin(t)
		_, err := tx.ExecContext(ctx, `UPDATE OR FAIL deals SET revenue = CASE WHEN id = ? THEN 1e300 ELSE revenue + 1 END WHERE id IN (?, ?)`,
			second, first, second)
		if err == nil || !strings.Contains(err.Error(), "overflow") {
			t.Fatalf("update: %v, want the overflow guard", err)
		}
		if n := count(t, tx, `SELECT revenue FROM deals WHERE id = ?`, first); n != 1 {
			t.Errorf("deal %d's update before the refused one was undone (revenue %d): the statement aborts", first, n)
		}
	})

	for _, tc := range []struct{ table, stmt string }{
		{"transfers", insert + transfer(taken+200, 999999)},
		{"orders", `INSERT OR FAIL INTO orders (source, order_id, deal_id, paid_date, release_on, base, commission, held) VALUES ('test', '#1', 999999, '2026-01-01', '2026-01-31', 100, 10, 10)`},
	} {
		t.Run("the deal key of "+tc.table+" is checked at the commit", func(t *testing.T) {
			tx := begin(t)
			if _, err := tx.ExecContext(ctx, tc.stmt); err != nil {
				t.Fatalf("insert with a missing deal: %v, want it refused at the commit only", err)
			}
			if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
				t.Fatalf("commit: %v, want the foreign key refused", err)
			}
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM `+tc.table+` WHERE deal_id = 999999`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("%d rows of a missing deal after the refused commit (%v)", n, err)
			}
			// The refused commit rolled back: the ledger takes the next write.
			if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: second, Amount: 100}); err != nil {
				t.Fatalf("a bonus after the refused commit: %v", err)
			}
		})
	}
}
