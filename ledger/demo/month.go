package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/payouts/payouts/ledger"
)

// Month writes the month of issue 14 into s, in USD, moving the store's
// clock (s.Now) from day to day as a user would have recorded it; the
// clock is left on 2026-12-01, 10:00 UTC. October leaves 30.00 of
// commission held and a 100.00 fee owed; November earns 19.00 of
// commission, agrees 750.00 of fixed fees (500.00 confirmed, 250.00 not),
// adds a 50.25 bonus, releases October's commission, and requests and pays
// 400.00 by bank on the 10th; December 1 adds a 1.00 bonus outside the
// month. So November moves 19.00 + 750.00 + 50.25 - 400.00 = 419.25 of
// liabilities and commitments, of which 250.00 is an unconfirmed fee. It
// returns the deal (creator "Month Fixture", campaign "Month Campaign").
func Month(ctx context.Context, s *ledger.Store) (int64, error) {
	at := func(day string) {
		d, _ := time.Parse(ledger.DateLayout, day)
		t := d.Add(10 * time.Hour)
		s.Now = func() time.Time { return t }
	}
	at("2026-10-10")
	cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Month Fixture", PayoutDetails: "IBAN XX00 1234"})
	if err != nil {
		return 0, err
	}
	ca, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Month Campaign"})
	if err != nil {
		return 0, err
	}
	deal, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD",
		Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, Codes: []string{"MONTH10"}, HoldDays: 30})
	if err != nil {
		return 0, err
	}
	order := func(id, paid string, base int64) error {
		res, err := s.ImportOrders(ctx, "", "shopify", []ledger.OrderInput{{OrderID: id, DealID: deal, Currency: "USD", PaidDate: paid, Base: base}})
		if err == nil && res.New != 1 {
			err = fmt.Errorf("month: order %s not imported: %+v", id, res)
		}
		return err
	}
	steps := []struct {
		day string
		do  func() error
	}{
		{"2026-10-10", func() error { return order("#1001", "2026-10-05", 30000) }},
		{"2026-10-10", func() error {
			_, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 10000, Comment: "teaser", Confirm: true})
			return err
		}},
		{"2026-11-03", func() error { return order("#1002", "2026-11-03", 19000) }},
		{"2026-11-05", func() error { _, err := s.Release(ctx, ""); return err }},
		{"2026-11-06", func() error {
			_, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 50000, Comment: "launch video", Confirm: true})
			return err
		}},
		{"2026-11-06", func() error {
			_, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 25000, Comment: "follow-up post"})
			return err
		}},
		{"2026-11-07", func() error {
			_, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 5025, Comment: "top creator"})
			return err
		}},
		{"2026-11-10", func() error {
			req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 40000})
			if err != nil {
				return err
			}
			return s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Reference: "TRX-1"})
		}},
		{"2026-12-01", func() error {
			_, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100, Comment: "December"})
			return err
		}},
	}
	for _, st := range steps {
		at(st.day)
		if err := st.do(); err != nil {
			return 0, fmt.Errorf("month, %s: %w", st.day, err)
		}
	}
	return deal, nil
}
