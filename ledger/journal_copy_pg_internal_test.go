package ledger

import (
	"context"
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
