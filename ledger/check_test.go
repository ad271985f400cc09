package ledger_test

import (
	"fmt"
	"strings"
	"testing"
)

// Every kind of corruption Check looks for, planted behind the ledger's
// back one at a time, is named: the recomputation of each cached figure,
// the floors, the links of transfers to fees, requests and orders, the
// running remaining balance, the queue and the holds, the brand's
// accounts and double entry. (TestCheckBlindSpots, TestCheckDroppedTrigger
// and TestCheckFindsBadBonusVoids plant the others.) It guards Check's
// single pass over the transfers: each rule the queries it replaced
// enforced is still enforced.
func TestCheckCatchesEveryCorruption(t *testing.T) {
	// last is the newest transfer of the fixture's deal.
	const last = `(SELECT max(id) FROM transfers)`
	const insert = `INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after) VALUES `
	for _, tt := range []struct {
		name string
		sql  func(f checkFixture, other int64) []string
		want func(f checkFixture, other int64) string
	}{
		{"CachedOwed",
			func(f checkFixture, _ int64) []string {
				return []string{fmt.Sprintf(`UPDATE deals SET owed = owed + 1 WHERE id = %d`, f.deal)}
			},
			func(f checkFixture, _ int64) string { return fmt.Sprintf("deal %d: cached owed", f.deal) }},
		{"CachedPaid",
			func(f checkFixture, _ int64) []string {
				return []string{fmt.Sprintf(`UPDATE deals SET paid = paid + 1 WHERE id = %d`, f.deal)}
			},
			func(f checkFixture, _ int64) string { return fmt.Sprintf("deal %d: cached paid", f.deal) }},
		{"CachedRevenue",
			func(f checkFixture, _ int64) []string {
				return []string{fmt.Sprintf(`UPDATE deals SET revenue = revenue + 1 WHERE id = %d`, f.deal)}
			},
			func(f checkFixture, _ int64) string { return fmt.Sprintf("deal %d: cached revenue", f.deal) }},
		{"CachedOnDealWithoutTransfers",
			func(_ checkFixture, other int64) []string {
				return []string{fmt.Sprintf(`UPDATE deals SET bonuses = 5 WHERE id = %d`, other)}
			},
			func(_ checkFixture, other int64) string { return fmt.Sprintf("deal %d: cached bonuses", other) }},
		{"BelowZero",
			func(f checkFixture, _ int64) []string {
				return []string{insert + fmt.Sprintf(`(%d, 'USD', 'scheduled', 'owed', 100000, 'fee_confirmed', '2026-11-21', 0, 'x', 'x', 0)`, f.deal)}
			},
			func(f checkFixture, _ int64) string { return fmt.Sprintf("deal %d: an account is below zero", f.deal) }},
		{"NotAddingUp",
			func(f checkFixture, _ int64) []string {
				return []string{insert + fmt.Sprintf(`(%d, 'USD', 'owed', 'nowhere', 100, 'bonus', '2026-11-21', 0, 'x', 'x', 0)`, f.deal)}
			},
			func(f checkFixture, _ int64) string {
				return fmt.Sprintf("deal %d: balances do not add up to what was earned", f.deal)
			}},
		{"Currency",
			func(f checkFixture, _ int64) []string {
				return []string{`DROP TRIGGER transfers_no_update`, `UPDATE transfers SET currency = 'EUR' WHERE id = ` + last}
			},
			func(checkFixture, int64) string { return "is not in its deal's currency" }},
		{"NoDealAccount",
			func(f checkFixture, _ int64) []string {
				return []string{insert + fmt.Sprintf(`(%d, 'USD', 'fee_expense', 'bonus_expense', 100, 'bonus', '2026-11-21', 0, 'x', 'x', 0)`, f.deal)}
			},
			func(checkFixture, int64) string { return "touches no account of its deal" }},
		{"PaidMoreThanEarned",
			func(f checkFixture, _ int64) []string {
				return []string{insert + fmt.Sprintf(`(%d, 'USD', 'owed', 'offline_cash', 1000000, 'paid', '2026-11-21', 0, 'x', 'x', 0)`, f.deal)}
			},
			func(f checkFixture, _ int64) string {
				return fmt.Sprintf("deal %d was paid more than it ever earned", f.deal)
			}},
		{"RemainingAfter",
			func(checkFixture, int64) []string {
				return []string{`DROP TRIGGER transfers_no_update`, `UPDATE transfers SET remaining_after = remaining_after + 1 WHERE id = ` + last}
			},
			func(checkFixture, int64) string { return "remaining balance after it is wrong" }},
		{"QueueAndRequested",
			func(f checkFixture, _ int64) []string {
				return []string{fmt.Sprintf(`UPDATE requests SET status = 'requested' WHERE id = %d`, f.reqCancelled)}
			},
			func(f checkFixture, _ int64) string {
				return fmt.Sprintf("deal %d: requested balance differs from its open payout requests", f.deal)
			}},
		{"HoldsAndHeld",
			func(checkFixture, int64) []string { return []string{`UPDATE orders SET held = held + 1`} },
			func(f checkFixture, _ int64) string {
				return fmt.Sprintf("deal %d: held balance differs from the commissions on hold", f.deal)
			}},
		{"OrderHeld",
			func(checkFixture, int64) []string { return []string{`UPDATE orders SET held = held + 1`} },
			func(checkFixture, int64) string {
				return "order #1 of shop: stored held 10.01 differs from its transfers (10.00)"
			}},
		{"OrderOnOtherDeal",
			func(_ checkFixture, other int64) []string {
				return []string{fmt.Sprintf(`UPDATE orders SET deal_id = %d`, other)}
			},
			func(checkFixture, int64) string { return "order #1 of shop: some of its transfers are on another deal" }},
		{"FeeGone",
			func(f checkFixture, _ int64) []string {
				return []string{fmt.Sprintf(`DELETE FROM fees WHERE id = %d`, f.feeScheduled)}
			},
			func(checkFixture, int64) string { return "points at a fee that does not exist" }},
		{"RequestGone",
			func(f checkFixture, _ int64) []string {
				return []string{fmt.Sprintf(`DELETE FROM requests WHERE id = %d`, f.reqOpen)}
			},
			func(checkFixture, int64) string { return "points at a payout request that does not exist" }},
		{"OrderGone",
			func(checkFixture, int64) []string { return []string{`DELETE FROM orders`} },
			func(checkFixture, int64) string { return "points at an order that does not exist" }},
		{"BrandCached",
			func(checkFixture, int64) []string {
				return []string{`UPDATE brand_accounts SET balance = balance + 1 WHERE kind = 'fee_expense' AND currency = 'USD'`}
			},
			func(checkFixture, int64) string { return "brand account fee_expense USD: cached -" }},
		{"BrandWithoutTransfers",
			func(checkFixture, int64) []string {
				return []string{`INSERT INTO brand_accounts (kind, currency, balance) VALUES ('bonus_expense', 'EUR', 5)`}
			},
			func(checkFixture, int64) string {
				return "brand account bonus_expense EUR: cached 0.05 differs from recomputed 0.00"
			}},
		{"DebitsAndCredits",
			func(checkFixture, int64) []string {
				return []string{`UPDATE brand_accounts SET balance = balance + 1 WHERE kind = 'fee_expense' AND currency = 'USD'`}
			},
			func(checkFixture, int64) string { return "USD: debits and credits differ by" }},
		{"ForeignKey",
			func(checkFixture, int64) []string {
				return []string{`PRAGMA foreign_keys = OFF`, `INSERT INTO fees (deal_id, amount, status, created_at) VALUES (9999, 100, 'scheduled', 0)`}
			},
			func(checkFixture, int64) string { return "foreign key: a row of fees" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newCheckFixture(t)
			other := MustDeal(t, f.s, "Bea", "USD", pct10)
			tamper(t, f.s, tt.sql(f, other))
			wantProblem(t, f.s, tt.want(f, other))
		})
	}
}

// A corruption repeated over many rows is named a bounded number of times,
// with the first rows it is found on: Check's report stays readable.
func TestCheckBoundsRepeatedProblems(t *testing.T) {
	f := newCheckFixture(t)
	mustExec(t, f.s, `DROP TRIGGER transfers_no_update`)
	mustExec(t, f.s, `UPDATE transfers SET remaining_after = remaining_after + 1`)
	problems, err := f.s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, p := range problems {
		if strings.Contains(p, "remaining balance after it is wrong") {
			n++
		}
	}
	var all int
	f.s.DB().QueryRow(`SELECT count(*) FROM transfers`).Scan(&all)
	if n == 0 || n > 20 || (all <= 20 && n != all) {
		t.Fatalf("%d problems of %d transfers: %q", n, all, problems)
	}
}
