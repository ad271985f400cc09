package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/payouts/payouts/ledger"
)

// ReportFixture writes into an empty ledger the small program whose report
// figures the tests of the ledger, the CLI, the GUI and the workbook check
// by hand (see ledger/reports_test.go for the sums). It sets s.Now and
// leaves it on 2026-12-03.
//
//	Ana  Spring USD  10%, no hold: orders 2026-10-05 100.00, 10-20 50.00,
//	                 11-02 200.00, 10-10 cancelled; 35.00 paid on 11-21;
//	                 on 12-03 the first is refunded down to 40.00 (a
//	                 clawback of 6.00 after the payout)
//	Ana  Autumn EUR  10%: order 11-15 120.00
//	Ben  Spring USD  fee 300.00 confirmed, fee 100.00 voided, bonus 50.00,
//	                 no orders
//	Cleo Spring EUR  2.50 per order: orders 11-10 80.00, 11-12 20.00,
//	                 11-11 cancelled
func ReportFixture(ctx context.Context, s *ledger.Store) error {
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) }
	ids := map[string]int64{}
	for _, n := range []string{"Ana", "Ben", "Cleo"} {
		id, err := s.AddCreator(ctx, ledger.CreatorInput{Name: n, PayoutDetails: "IBAN " + n})
		if err != nil {
			return err
		}
		ids[n] = id
	}
	for _, n := range []string{"Spring", "Autumn"} {
		id, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: n})
		if err != nil {
			return err
		}
		ids[n] = id
	}
	pct10 := ledger.Rule{Kind: ledger.RulePercent, Value: 1000}
	deal := func(creator, campaign, cur string, rule ledger.Rule, hold int) (int64, error) {
		return s.AddDeal(ctx, ledger.DealInput{CreatorID: ids[creator], CampaignID: ids[campaign], Currency: cur, Rule: rule, HoldDays: hold})
	}
	anaUSD, err := deal("Ana", "Spring", "USD", pct10, 0)
	if err != nil {
		return err
	}
	anaEUR, err := deal("Ana", "Autumn", "EUR", pct10, 30)
	if err != nil {
		return err
	}
	ben, err := deal("Ben", "Spring", "USD", pct10, 30)
	if err != nil {
		return err
	}
	cleo, err := deal("Cleo", "Spring", "EUR", ledger.Rule{Kind: ledger.RulePerOrder, Value: 250}, 30)
	if err != nil {
		return err
	}
	o := func(id string, deal int64, cur, date string, base int64) ledger.OrderInput {
		return ledger.OrderInput{OrderID: id, DealID: deal, Currency: cur, PaidDate: date, Base: base}
	}
	res, err := s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{
		o("A1", anaUSD, "USD", "2026-10-05", 10000), o("A2", anaUSD, "USD", "2026-10-20", 5000),
		o("A3", anaUSD, "USD", "2026-11-02", 20000), o("A4", anaUSD, "USD", "2026-10-10", 0),
		o("E1", anaEUR, "EUR", "2026-11-15", 12000),
		o("C1", cleo, "EUR", "2026-11-10", 8000), o("C2", cleo, "EUR", "2026-11-12", 2000), o("C3", cleo, "EUR", "2026-11-11", 0),
	})
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 {
		return fmt.Errorf("report fixture: rejected %v", res.Rejected)
	}
	req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: anaUSD, Amount: 3500})
	if err != nil {
		return err
	}
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Reference: "ANA-1"}); err != nil {
		return err
	}
	if _, err := s.AddFee(ctx, ledger.FeeInput{DealID: ben, Amount: 30000, Confirm: true, Comment: "video"}); err != nil {
		return err
	}
	void, err := s.AddFee(ctx, ledger.FeeInput{DealID: ben, Amount: 10000, Comment: "story"})
	if err != nil {
		return err
	}
	if err := s.VoidFee(ctx, "", void, "not posted"); err != nil {
		return err
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: ben, Amount: 5000}); err != nil {
		return err
	}
	s.Now = func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }
	_, err = s.ImportOrders(ctx, "", "shop", []ledger.OrderInput{o("A1", anaUSD, "USD", "2026-10-05", 4000)})
	return err
}
