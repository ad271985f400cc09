package ledger_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// TestRandomOperations runs thousands of seeded random operations, valid and
// invalid, and after each one checks every invariant of the ledger (Check:
// cached balances = recomputed, one currency per transfer, floors, paid <=
// earned, remaining-after running sums, double entry per currency) plus a
// model of what each operation must do to its deal: exact effect when it
// succeeds, no effect at all when it is refused.
// PAYOUTS_RANDOM_SEED and PAYOUTS_RANDOM_STEPS reproduce or lengthen a run.
func TestRandomOperations(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("PAYOUTS_RANDOM_SEED"), 10, 64); err == nil {
		seed = v
	}
	steps := 2000
	if testing.Short() {
		steps = 500
	}
	if raceSteps > 0 {
		steps = raceSteps
	}
	if v, err := strconv.Atoi(os.Getenv("PAYOUTS_RANDOM_STEPS")); err == nil {
		steps = v
	}
	t.Logf("seed %d (PAYOUTS_RANDOM_SEED=%d reproduces this run), %d steps", seed, seed, steps)
	rng := rand.New(rand.NewPCG(seed, 7))
	s, clk := MustOpen(t)

	type dealInfo struct {
		id  int64
		cur string
	}
	var deals []dealInfo
	for i, c := range []string{"USD", "EUR", "JPY", "KWD"} {
		rule := ledger.Rule{Kind: ledger.RulePercent, Value: int64(500 + 500*i)}
		if i == 2 {
			rule = ledger.Rule{Kind: ledger.RulePerOrder, Value: 300}
		}
		for k := 0; k < 2; k++ {
			deals = append(deals, dealInfo{MustDeal(t, s, fmt.Sprintf("Creator %d-%d", i, k), c, rule), c})
		}
	}
	var fees, requests, bonuses []int64
	var orderIDs []string
	refs := 0

	for step := 0; step < steps; step++ {
		d := deals[rng.IntN(len(deals))]
		before := mustBalances(t, s, d.id)
		countBefore, _ := s.Counts(ctx)
		amount := int64(1 + rng.IntN(50000))
		var err error
		var want *ledger.Balances // the deal's balances if the op succeeds; nil: not modelled
		var op string
		expect := func(f func(b *ledger.Balances)) {
			b := before
			f(&b)
			want = &b
		}
		switch k := rng.IntN(12); k {
		case 0:
			op = "fee"
			confirm := rng.IntN(2) == 0
			var id int64
			id, err = s.AddFee(ctx, ledger.FeeInput{DealID: d.id, Amount: amount, Confirm: confirm})
			if err == nil {
				fees = append(fees, id)
			}
			expect(func(b *ledger.Balances) {
				b.Fees += amount
				if confirm {
					b.Owed += amount
				} else {
					b.Scheduled += amount
				}
			})
		case 1:
			op = "confirm"
			if len(fees) == 0 {
				continue
			}
			err = s.ConfirmFee(ctx, "", fees[rng.IntN(len(fees))])
		case 2:
			op = "void"
			if len(fees) == 0 {
				continue
			}
			err = s.VoidFee(ctx, "", fees[rng.IntN(len(fees))], "")
		case 3:
			op = "bonus"
			var id int64
			id, err = s.AddBonus(ctx, ledger.BonusInput{DealID: d.id, Amount: amount})
			if err == nil {
				bonuses = append(bonuses, id)
			}
			expect(func(b *ledger.Balances) { b.Bonuses += amount; b.Owed += amount })
		case 4, 5:
			// A batch of orders across deals, sometimes naming the same
			// order twice (a later row of the same export wins).
			op = "orders"
			var batch []ledger.OrderInput
			for n := 1 + rng.IntN(5); n > 0; n-- {
				od := deals[rng.IntN(len(deals))]
				if n == 1 {
					od = d
				}
				cur := od.cur
				if rng.IntN(20) == 0 {
					cur = "GBP" // refused per order, reported
				}
				id := fmt.Sprintf("#%d-%d", od.id, rng.IntN(60))
				paid := clk.Now().AddDate(0, 0, -rng.IntN(60)).Format(ledger.DateLayout)
				batch = append(batch, ledger.OrderInput{OrderID: id, DealID: od.id, Currency: cur, PaidDate: paid, Base: int64(rng.IntN(30000))})
				orderIDs = append(orderIDs, id)
			}
			_, err = s.ImportOrders(ctx, "", "shop", batch)
		case 6:
			op = "request"
			if rng.IntN(3) == 0 && before.Owed > 0 {
				amount = 1 + rng.Int64N(before.Owed)
			}
			var id int64
			id, err = s.RequestPayout(ctx, ledger.RequestInput{DealID: d.id, Amount: amount})
			if err == nil {
				requests = append(requests, id)
			} else if amount <= before.Owed {
				t.Fatalf("step %d: request of %d with owed %d refused: %v", step, amount, before.Owed, err)
			}
			expect(func(b *ledger.Balances) { b.Owed -= amount; b.Requested += amount })
		case 7:
			op = "cancel"
			if len(requests) == 0 {
				continue
			}
			err = s.CancelRequest(ctx, "", requests[rng.IntN(len(requests))], "")
		case 8:
			op = "pay"
			if len(requests) == 0 {
				continue
			}
			ref := fmt.Sprintf("R%d", refs)
			if rng.IntN(5) == 0 && refs > 0 {
				ref = fmt.Sprintf("R%d", rng.IntN(refs)) // reused: must be refused
			} else {
				refs++
			}
			err = s.PayOffline(ctx, ledger.PayInput{RequestID: requests[rng.IntN(len(requests))], Reference: ref, Method: "paypal"})
		case 9:
			op = "release"
			clk.Advance(time.Duration(rng.IntN(72)) * time.Hour)
			_, err = s.Release(ctx, "")
		case 11:
			// Voiding a bonus twice is refused; a void may leave owed
			// negative (a clawback), never another account below zero.
			op = "void bonus"
			if len(bonuses) == 0 {
				continue
			}
			err = s.VoidBonus(ctx, "", bonuses[rng.IntN(len(bonuses))], "")
		case 10:
			op = "replay"
			opID := fmt.Sprintf("op-%d", rng.IntN(5))
			_, err = s.AddBonus(ctx, ledger.BonusInput{OpID: opID, DealID: deals[0].id, Amount: 100 + int64(rng.IntN(2))})
		}
		after := mustBalances(t, s, d.id)
		countAfter, _ := s.Counts(ctx)
		if err != nil {
			code := ledger.ErrorCode(err)
			if code == ledger.EINTERNAL || code == ledger.EUNAVAILABLE {
				t.Fatalf("step %d (%s): %v", step, op, err)
			}
			if after != before || countAfter != countBefore {
				t.Fatalf("step %d (%s): refused (%v) but the ledger changed: %+v -> %+v", step, op, err, before, after)
			}
		} else if want != nil && after != *want {
			t.Fatalf("step %d (%s): balances %+v, want %+v", step, op, after, *want)
		}
		problems, cerr := s.Check(ctx)
		if cerr != nil {
			t.Fatal(cerr)
		}
		if len(problems) > 0 {
			t.Fatalf("step %d (%s): invariants broken: %v", step, op, problems)
		}
	}
	c, _ := s.Counts(ctx)
	t.Logf("%d transfers, %d requests, %d orders", c.Transfers, c.Requests, c.Orders)
	if c.Transfers < int64(steps)/4 {
		t.Fatalf("only %d transfers in %d steps: the run exercised too little", c.Transfers, steps)
	}
}
