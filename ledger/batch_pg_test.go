package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// On PostgreSQL an operation's last writes go to the server in one batch
// (store_pg_batch.go). A write of the batch that the server refuses fails
// the operation with the server's words, leaves nothing of it written, and
// leaves the connection fit for the next operation; so does a write queued
// before the batch (paying, the request's UPDATE).
func TestBatchedWritesFailWhole(t *testing.T) {
	url := pgtest.URL(t)
	s, err := ledger.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	deal := MustDeal(t, s, "Ana", "USD", ledger.Rule{Kind: ledger.RulePercent, Value: 1000})
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 10000}); err != nil {
		t.Fatal(err)
	}
	// Planted refusals: a transfer of 777 (the journal's flush), and a
	// payment with reference PLANTED (the request's queued UPDATE).
	pgExec(t, url, `CREATE FUNCTION planted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'transfers' AND NEW.amount = 777 THEN RAISE EXCEPTION 'planted refusal of 777'; END IF;
	IF TG_TABLE_NAME = 'requests' AND NEW.reference = 'PLANTED' THEN RAISE EXCEPTION 'planted refusal of the payment'; END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER planted BEFORE INSERT ON transfers FOR EACH ROW EXECUTE FUNCTION planted();
CREATE TRIGGER planted BEFORE UPDATE ON requests FOR EACH ROW EXECUTE FUNCTION planted()`)

	before, err := s.Deal(ctx, deal)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 777})
	if err == nil || !strings.Contains(err.Error(), "planted refusal of 777") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a bonus whose transfer the server refuses: got %v, want the server's words on one line", err)
	}
	t.Logf("refused bonus: %v", err)
	req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 500})
	if err != nil {
		t.Fatalf("the operation after a refused batch: %v", err)
	}
	err = s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Reference: "PLANTED"})
	if err == nil || !strings.Contains(err.Error(), "planted refusal of the payment") {
		t.Fatalf("a payment whose request's UPDATE the server refuses: got %v", err)
	}
	after, err := s.Deal(ctx, deal)
	if err != nil {
		t.Fatal(err)
	}
	if after.Bonuses != before.Bonuses || after.Paid != before.Paid || after.Requested != before.Requested+500 {
		t.Fatalf("balances after the refusals: bonuses %d paid %d requested %d, want %d, %d, %d",
			after.Bonuses, after.Paid, after.Requested, before.Bonuses, before.Paid, before.Requested+500)
	}
	var n int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM transfers WHERE amount = 777 OR reference = 'PLANTED'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d transfers of the refused operations were written", n)
	}
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Reference: "OK-1"}); err != nil {
		t.Fatalf("paying after the refusals: %v", err)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
