package ledger_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// wantProblem fails unless Check names a problem containing want.
func wantProblem(t *testing.T, s *ledger.Store, want string) {
	t.Helper()
	problems, err := s.Check(ctx)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, p := range problems {
		if strings.Contains(p, want) {
			return
		}
	}
	t.Fatalf("check found %q, want a problem naming %q", problems, want)
}

// mustExec runs raw SQL behind the ledger's back.
func mustExec(t *testing.T, s *ledger.Store, query string, args ...any) {
	t.Helper()
	tamper(t, s, []string{query}, args...)
}

// INSERT OR REPLACE with the ID of an existing transfer deleted the row
// without firing the delete trigger and wrote a new one: a payment's date,
// reference and operator could be rewritten and check passed.
func TestTransfersNoReplace(t *testing.T) {
	sqliteOnly(t) // INSERT OR REPLACE is SQLite's; PostgreSQL's guard is held by pgguard_test
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	id, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 500})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.DB().Exec(`INSERT OR REPLACE INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at,
		operator, op_id, remaining_after) SELECT id, deal_id, currency, from_account, to_account, amount, kind, '2031-01-01', at,
		'mallory', op_id, remaining_after FROM transfers WHERE id = ?`, id)
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("INSERT OR REPLACE of transfer %d: err = %v, want append-only refusal", id, err)
	}
	var date, op string
	s.DB().QueryRow(`SELECT date, operator FROM transfers WHERE id = ?`, id).Scan(&date, &op)
	if date != "2026-11-21" || op != "tester" {
		t.Fatalf("transfer %d now dated %s by %s", id, date, op)
	}
	// A plain insert of a new transfer still works (the ledger's own path).
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1}); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
}

// Check names every guard trigger that was dropped.
func TestCheckDroppedTrigger(t *testing.T) {
	for _, name := range []string{"transfers_no_update", "transfers_no_delete", "transfers_no_replace",
		"brand_accounts_no_overflow_insert", "brand_accounts_no_overflow_update", "deals_no_overflow",
		"transfers_no_truncate", "periods_no_truncate"} {
		t.Run(name, func(t *testing.T) {
			switch {
			case onPostgres() && strings.Contains(name, "overflow"):
				t.Skip("PostgreSQL refuses a BIGINT overflow itself: no trigger")
			case onPostgres() && name == "transfers_no_replace":
				t.Skip("PostgreSQL has no INSERT OR REPLACE: the primary key refuses a taken ID")
			case !onPostgres() && strings.HasSuffix(name, "_truncate"):
				t.Skip("SQLite has no TRUNCATE")
			}
			s, _ := MustOpen(t)
			MustCheck(t, s)
			mustExec(t, s, `DROP TRIGGER `+name)
			wantProblem(t, s, "trigger "+name+" is missing")
		})
	}
}

// Amounts are capped at 10^15 minor units wherever they come in.
func TestAmountCap(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "JPY", pct10)
	_, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 5e18})
	wantCode(t, err, ledger.EINVALID)
	_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: ledger.MaxAmount + 1})
	wantCode(t, err, ledger.EINVALID)
	cr, _ := s.AddCreator(ctx, ledger.CreatorInput{Name: "Bo"})
	ca, _ := s.AddCampaign(ctx, ledger.CampaignInput{Name: "B"})
	_, err = s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "JPY",
		Rule: ledger.Rule{Kind: ledger.RulePerOrder, Value: ledger.MaxAmount + 1}})
	wantCode(t, err, ledger.EINVALID)
	if _, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: ledger.MaxAmount}); err != nil {
		t.Fatalf("fee of exactly the cap: %v", err)
	}
	MustCheck(t, s)
}

// Every cached sum is checked, not only a deal's: a brand balance that
// overflowed was stored as REAL. The file is pushed near the limit behind
// the ledger's back; the next operation that would overflow is refused with
// a one-line message and writes nothing.
func TestSumOverflow(t *testing.T) {
	for _, tt := range []struct {
		name, setup string
		op          func(s *ledger.Store, deal int64) error
	}{
		{"BrandFeeExpense", `INSERT INTO brand_accounts (kind, currency, balance) VALUES ('fee_expense', 'JPY', ?)`,
			func(s *ledger.Store, deal int64) error {
				_, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 1000})
				return err
			}},
		{"BrandBonusExpense", `INSERT INTO brand_accounts (kind, currency, balance) VALUES ('bonus_expense', 'JPY', ?)`,
			func(s *ledger.Store, deal int64) error {
				_, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
				return err
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			deal := MustDeal(t, s, "Ana", "JPY", pct10)
			mustExec(t, s, tt.setup, int64(math.MinInt64+10))
			var before int
			s.DB().QueryRow(`SELECT count(*) FROM transfers`).Scan(&before)
			err := tt.op(s, deal)
			wantCode(t, err, ledger.EINVALID)
			if msg := ledger.ErrorMessage(err); !strings.Contains(msg, "too large") || strings.Contains(msg, "\n") {
				t.Fatalf("message = %q, want one line saying too large", msg)
			}
			var after, reals int
			s.DB().QueryRow(`SELECT count(*) FROM transfers`).Scan(&after)
			s.DB().QueryRow(`SELECT count(*) FROM brand_accounts WHERE typeof(balance) <> 'integer'`).Scan(&reals)
			if after != before || reals != 0 {
				t.Fatalf("transfers %d -> %d, %d REAL balances", before, after, reals)
			}
		})
	}
	t.Run("DealBonuses", func(t *testing.T) {
		s, _ := MustOpen(t)
		deal := MustDeal(t, s, "Ana", "JPY", pct10)
		mustExec(t, s, `UPDATE deals SET bonuses = ? WHERE id = ?`, int64(math.MaxInt64-10), deal)
		_, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
		wantCode(t, err, ledger.EINVALID)
	})
}

// checkFixture is a ledger with one of everything check looks at: fees
// scheduled, confirmed and voided after confirming; requests open, paid and
// cancelled; an imported order.
type checkFixture struct {
	s                                   *ledger.Store
	deal                                int64
	feeScheduled, feeConfirmed, feeVoid int64
	reqOpen, reqPaid, reqCancelled      int64
}

func newCheckFixture(t *testing.T) checkFixture {
	t.Helper()
	s, _ := MustOpen(t)
	f := checkFixture{s: s, deal: MustDeal(t, s, "Ana", "USD", pct10, "ANA")}
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.feeScheduled = must(s.AddFee(ctx, ledger.FeeInput{DealID: f.deal, Amount: 1000}))
	f.feeConfirmed = must(s.AddFee(ctx, ledger.FeeInput{DealID: f.deal, Amount: 5000, Confirm: true}))
	f.feeVoid = must(s.AddFee(ctx, ledger.FeeInput{DealID: f.deal, Amount: 700, Confirm: true}))
	if err := s.VoidFee(ctx, "", f.feeVoid, "duplicate"); err != nil {
		t.Fatal(err)
	}
	f.reqOpen = must(s.RequestPayout(ctx, ledger.RequestInput{DealID: f.deal, Amount: 1000}))
	f.reqPaid = must(s.RequestPayout(ctx, ledger.RequestInput{DealID: f.deal, Amount: 2000}))
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: f.reqPaid, Reference: "R1"}); err != nil {
		t.Fatal(err)
	}
	f.reqCancelled = must(s.RequestPayout(ctx, ledger.RequestInput{DealID: f.deal, Amount: 500}))
	if err := s.CancelRequest(ctx, "", f.reqCancelled, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{
		{OrderID: "#1", DealID: f.deal, Currency: "USD", PaidDate: "2026-11-01", Base: 10000},
	}); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
	return f
}

// Check sees a file corrupted behind the ledger's back wherever the
// balances alone would not show it.
func TestCheckBlindSpots(t *testing.T) {
	for _, tt := range []struct {
		name string
		sql  func(f checkFixture) (string, []any)
		want func(f checkFixture) string
	}{
		{"FeeStatus",
			func(f checkFixture) (string, []any) {
				return `UPDATE fees SET status = 'confirmed' WHERE id = ?`, []any{f.feeScheduled}
			},
			func(f checkFixture) string {
				return fmt.Sprintf("fee %d is confirmed but its transfers say scheduled", f.feeScheduled)
			}},
		{"FeeVoidedStatus",
			func(f checkFixture) (string, []any) {
				return `UPDATE fees SET status = 'confirmed' WHERE id = ?`, []any{f.feeVoid}
			},
			func(f checkFixture) string {
				return fmt.Sprintf("fee %d is confirmed but its transfers say voided", f.feeVoid)
			}},
		{"FeeAmount",
			func(f checkFixture) (string, []any) {
				return `UPDATE fees SET amount = amount + 1 WHERE id = ?`, []any{f.feeConfirmed}
			},
			func(f checkFixture) string {
				return fmt.Sprintf("fee %d: its transfers are not of its amount", f.feeConfirmed)
			}},
		{"OrderCommission",
			func(f checkFixture) (string, []any) {
				return `UPDATE orders SET commission = commission + 5 WHERE order_id = '#1'`, nil
			},
			func(f checkFixture) string {
				return "order #1 of shop: stored commission 10.05 differs from its transfers (10.00)"
			}},
		{"RequestAmount",
			func(f checkFixture) (string, []any) {
				return `UPDATE requests SET amount = amount + 100 WHERE id = ?`, []any{f.reqPaid}
			},
			func(f checkFixture) string {
				return fmt.Sprintf("payout request %d: its transfers are not of its amount", f.reqPaid)
			}},
		{"RequestPaidToCancelled",
			func(f checkFixture) (string, []any) {
				return `UPDATE requests SET status = 'cancelled' WHERE id = ?`, []any{f.reqPaid}
			},
			func(f checkFixture) string {
				return fmt.Sprintf("payout request %d is cancelled but its transfers say paid", f.reqPaid)
			}},
		{"RequestCancelledToPaid",
			func(f checkFixture) (string, []any) {
				return `UPDATE requests SET status = 'paid' WHERE id = ?`, []any{f.reqCancelled}
			},
			func(f checkFixture) string {
				return fmt.Sprintf("payout request %d is paid but its transfers say cancelled", f.reqCancelled)
			}},
		{"KindAccounts",
			func(f checkFixture) (string, []any) {
				return `INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
					SELECT deal_id, currency, 'commission_expense', 'owed', 100, 'bonus', date, at, operator, 'x', remaining_after + 100
					FROM transfers WHERE deal_id = ? ORDER BY id DESC LIMIT 1`, []any{f.deal}
			},
			func(f checkFixture) string {
				return "a bonus transfer cannot move money from commission_expense to owed"
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newCheckFixture(t)
			q, args := tt.sql(f)
			mustExec(t, f.s, q, args...)
			wantProblem(t, f.s, tt.want(f))
		})
	}
}

// A value check cannot read is an error of the check, never "no problem".
func TestCheckScanError(t *testing.T) {
	sqliteOnly(t) // a BIGINT column of PostgreSQL holds no text or REAL
	for _, tt := range []struct{ name, sql string }{
		{"BrandBalance", `UPDATE brand_accounts SET balance = 'lots' WHERE kind = 'fee_expense'`},
		{"BrandBalanceReal", `UPDATE brand_accounts SET balance = 1.5 WHERE kind = 'fee_expense'`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newCheckFixture(t)
			mustExec(t, f.s, `DROP TRIGGER brand_accounts_no_overflow_update`)
			mustExec(t, f.s, tt.sql)
			problems, err := f.s.Check(ctx)
			if err == nil {
				t.Fatalf("check = %q, nil; want an error", problems)
			}
		})
	}
}

// The operator can change while operations run on other goroutines (the
// GUI's Settings during an import): under -race this must not race, and
// every operation records one of the names given, whole.
func TestSetOperatorConcurrent(t *testing.T) {
	if onPostgres() {
		t.Skip("on PostgreSQL the operator is the database role: SetOperator does not apply")
	}
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	done := make(chan error)
	go func() {
		for range 20 {
			if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := range 200 {
		s.SetOperator([]string{"Quinn", "Tess"}[i%2])
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal})
	for _, l := range h {
		if l.Operator != "Quinn" && l.Operator != "Tess" && l.Operator != "tester" {
			t.Fatalf("operator %q recorded", l.Operator)
		}
	}
	if s.OperatorName() != "Tess" {
		t.Fatalf("operator = %q, want the last one set", s.OperatorName())
	}
}

// An import's running totals are checked too: thousands of orders at the
// cap on one deal would wrap a deal's commission around and be written as a
// valid but wrong integer. The import fails whole.
func TestImportTotalsOverflow(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "JPY", ledger.Rule{Kind: ledger.RulePerOrder, Value: ledger.MaxAmount})
	var in []ledger.OrderInput
	for i := range 9300 {
		in = append(in, ledger.OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "JPY", PaidDate: "2026-11-01", Base: ledger.MaxAmount})
	}
	_, err := s.ImportOrders(ctx, "", "shop", in)
	wantCode(t, err, ledger.EINVALID)
	if !strings.Contains(ledger.ErrorMessage(err), "too large") {
		t.Fatalf("message = %q", ledger.ErrorMessage(err))
	}
	if c, _ := s.Counts(ctx); c.Orders != 0 || c.Transfers != 0 {
		t.Fatalf("counts = %+v after a refused import", c)
	}
	// One order above the cap is a rejected row, not an error.
	res, err := s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{{OrderID: "#big", DealID: deal, Currency: "JPY", PaidDate: "2026-11-01", Base: ledger.MaxAmount + 1}})
	if err != nil || len(res.Rejected) != 1 {
		t.Fatalf("import of an order above the cap: %+v, %v", res, err)
	}
	MustCheck(t, s)
}
