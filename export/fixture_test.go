package export_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// fixedNow is the clock of every test ledger here, so exports are
// reproducible (golden files).
var fixedNow = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)

// Names a spreadsheet would evaluate if written as plain text.
var formulaNames = []string{"=1+1", "+2+3", "-4+5", "@SUM(1,2)"}

// mustLedger opens a ledger in a temporary folder, filled with the demo
// program and, on top, deals in JPY (no decimals) and KWD (three) whose
// creators have names that look like formulas, each with a bonus and a paid
// payout.
func mustLedger(tb testing.TB) *ledger.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := ledger.Open(filepath.Join(tb.TempDir(), "test.payouts"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return fixedNow }
	s.Operator = "tester"
	if err := demo.Fill(ctx, s, demo.Options{Seed: 7, Creators: 24}); err != nil {
		tb.Fatal(err)
	}
	must := func(id int64, err error) int64 {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return id
	}
	tokyo := must(s.AddCampaign(ctx, ledger.CampaignInput{Name: "Tokyo Pop-up"}))
	kuwait := must(s.AddCampaign(ctx, ledger.CampaignInput{Name: "Gulf Launch"}))
	for i, name := range formulaNames {
		cr := must(s.AddCreator(ctx, ledger.CreatorInput{Name: name, PayoutDetails: "IBAN XX00 0000"}))
		camp, cur, unit := tokyo, "JPY", int64(1)
		if i%2 == 1 {
			camp, cur, unit = kuwait, "KWD", 1000
		}
		deal := must(s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: camp, Currency: cur,
			Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30}))
		// 12,345 JPY or 12.345 KWD and the like: every decimal place shows.
		must(s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 12345 + int64(i)*unit, Comment: "=cmd|' /C calc'!A0"}))
		// Paid on an earlier day: the request carries that day too (a
		// payment is never dated before its request).
		paid := "2026-11-1" + string(rune('0'+i))
		req := must(s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 10001 + int64(i), Date: paid}))
		if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Date: paid,
			Reference: "-REF" + string(rune('A'+i))}); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}
