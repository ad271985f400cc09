package ledger_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

func TestVoidBonus(t *testing.T) {
	for _, tt := range []struct {
		name      string
		request   int64 // requested before the void
		wantOwed  int64
		wantReq   int64
		wantBonus int64
	}{
		{"OwedOnly", 0, 0, 0, 0},
		// Requested already: the void leaves owed negative, a clawback
		// carried into the next payout, and the request stands.
		{"AfterRequest", 6000, -6000, 6000, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			deal := MustDeal(t, s, "Ana", "USD", pct10)
			bonus, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 10000, Comment: "launch"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 500, Comment: "kept"}); err != nil {
				t.Fatal(err)
			}
			if tt.request > 0 {
				if _, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: tt.request}); err != nil {
					t.Fatal(err)
				}
			}
			s = as(t, s, "ops@brand")
			if err := s.VoidBonus(ctx, "op-void", bonus, "wrong creator"); err != nil {
				t.Fatal(err)
			}
			if err := s.VoidBonus(ctx, "op-void", bonus, "wrong creator"); err != nil {
				t.Fatalf("replay of the same operation: %v", err)
			}
			b := mustBalances(t, s, deal)
			if b.Owed != tt.wantOwed+500 || b.Requested != tt.wantReq || b.Bonuses != tt.wantBonus+500 {
				t.Fatalf("owed %d requested %d bonuses %d, want %d %d %d", b.Owed, b.Requested, b.Bonuses, tt.wantOwed+500, tt.wantReq, tt.wantBonus+500)
			}
			hs, err := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			h := hs[0]
			if h.Kind != ledger.KindBonusVoided || h.Reverses != bonus || h.Amount != 10000 || h.From != ledger.AccOwed ||
				h.To != ledger.AccBonusExpense || h.Operator != "ops@brand" || h.Comment != "wrong creator" {
				t.Errorf("history line = %+v", h)
			}
			bs, err := s.Bonuses(ctx, deal)
			if err != nil {
				t.Fatal(err)
			}
			if len(bs) != 2 || bs[0].Voided || bs[0].Comment != "kept" || !bs[1].Voided || bs[1].ID != bonus || bs[1].Amount != 10000 {
				t.Errorf("bonuses = %+v", bs)
			}
			MustCheck(t, s)
		})
	}
}

func TestVoidBonusRefused(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	bonus, _ := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
	fee, _ := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 2000})
	feeTransfer, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 1})
	if err := s.VoidBonus(ctx, "", bonus, ""); err != nil {
		t.Fatal(err)
	}
	voidLine, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal, Limit: 1})
	before := mustBalances(t, s, deal)
	for _, tt := range []struct {
		name string
		id   int64
		op   string
		code string
		msg  string
	}{
		{"ErrTwice", bonus, "", ledger.ECONFLICT, "already voided"},
		{"ErrNoSuchTransfer", 999, "", ledger.ENOTFOUND, "bonus 999 not found"},
		{"ErrAFee", feeTransfer[0].ID, "", ledger.ENOTFOUND, "not found"},
		{"ErrTheVoidItself", voidLine[0].ID, "", ledger.ENOTFOUND, "not found"},
		{"ErrOpIDOfAnotherChange", bonus, "op-fee", ledger.ECONFLICT, "already used"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.op != "" {
				s.ConfirmFee(ctx, tt.op, fee)
			}
			err := s.VoidBonus(ctx, tt.op, tt.id, "")
			wantCode(t, err, tt.code)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want it to say %q", err, tt.msg)
			}
			after := mustBalances(t, s, deal)
			after.Owed, after.Scheduled = before.Owed, before.Scheduled // the fee's confirmation moved these
			if after != before {
				t.Errorf("balances changed: %+v -> %+v", before, after)
			}
		})
	}
	MustCheck(t, s)
}

// TestCheckFindsBadBonusVoids: a void written behind the ledger's back that
// voids a bonus twice, or "voids" something that is no bonus, is named.
func TestCheckFindsBadBonusVoids(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	bonus, _ := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
	s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 700, Confirm: true})
	if err := s.VoidBonus(ctx, "", bonus, ""); err != nil {
		t.Fatal(err)
	}
	hs, _ := s.History(ctx, ledger.HistoryQuery{DealID: deal})
	var feeTransfer int64
	for _, h := range hs {
		if h.Kind == ledger.KindFee {
			feeTransfer = h.ID
		}
	}
	for _, reverses := range []int64{bonus, feeTransfer} {
		if _, err := s.DB().Exec(`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, method, reference, comment, reverses, remaining_after)
			VALUES (?, 'USD', 'owed', 'bonus_expense', 1000, 'bonus_voided', '2026-11-21', 0, 'x', 'x', '', '', '', ?, 0)`, deal, reverses); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{"bonus " + strconv.FormatInt(bonus, 10) + " is voided 2 times", "does not reverse a bonus of its deal and amount (it points at " + strconv.FormatInt(feeTransfer, 10) + ")"} {
		if !strings.Contains(all, want) {
			t.Errorf("check lacks %q:\n%s", want, all)
		}
	}
}
