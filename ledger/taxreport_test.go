package ledger_test

import (
	"testing"

	"github.com/payouts/payouts/ledger"
)

// taxFixture is a year of payments whose report figures the tests below
// compute by hand, from these lines, not from the code.
//
//	Ana, USD (W-9 on file)   2025-12-31 bank   999.00  (last year: not in 2026)
//	                         2026-03-10 bank   400.00
//	                         2026-06-01 bank   250.00  (reversed: does not count)
//	                         2026-07-01 paypal 300.00
//	                         2026-09-01 other  205.50
//	                         2026-11-21 stripe 120.00  (today in the test clock)
//	Ana, EUR                 2026-05-05 bank   700.00
//	Bo, USD (no form)        2026-02-02 bank   599.99
//	                         2026-04-04 paypal 5,000.00
//	Cy, USD (W-8BEN)         nothing paid in 2026
func taxFixture(t *testing.T) (*ledger.Store, map[string]int64) {
	t.Helper()
	s, _ := MustOpen(t)
	camp, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Launch"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	deal := func(creator, currency string, tax *ledger.TaxInfo) int64 {
		cr, ok := ids[creator]
		if !ok {
			cr, err = s.AddCreator(ctx, ledger.CreatorInput{Name: creator, PayoutDetails: "IBAN " + creator, Tax: tax})
			if err != nil {
				t.Fatal(err)
			}
			ids[creator] = cr
		}
		d, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: camp, Currency: currency, Rule: pct10, HoldDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: d, Amount: 1_000_000}); err != nil {
			t.Fatal(err)
		}
		return d
	}
	n := 0
	pay := func(deal int64, date, method string, amount int64) int64 {
		n++
		req, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: deal, Amount: amount, Date: date, Method: method,
			Reference: "REF-" + itoa(int64(n))})
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	anaUSD := deal("Ana", "USD", &ledger.TaxInfo{LegalName: "Ana Silva", TaxID: "123-45-6789", Country: "US", Form: "W-9", FormReceived: "2026-01-05"})
	anaEUR := deal("Ana", "EUR", nil)
	bo := deal("Bo", "USD", nil)
	deal("Cy", "USD", &ledger.TaxInfo{Country: "DE", Form: "W-8BEN", FormReceived: "2026-01-10"})
	pay(anaUSD, "2025-12-31", "bank", 99900)
	pay(anaUSD, "2026-03-10", "bank", 40000)
	returned := pay(anaUSD, "2026-06-01", "bank", 25000)
	if err := s.ReversePayment(ctx, ledger.ReverseInput{RequestID: returned, Reason: "returned by the bank"}); err != nil {
		t.Fatal(err)
	}
	pay(anaUSD, "2026-07-01", "paypal", 30000)
	pay(anaUSD, "2026-09-01", "other", 20550)
	d, _ := s.Deal(ctx, anaUSD)
	req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: anaUSD, Amount: 12000})
	if err != nil {
		t.Fatal(err)
	}
	s.AddCreatorAccount(ctx, "", d.CreatorID, "acct_ana0001")
	s.SetPayeeStatus(ctx, readyStatus("acct_ana0001"))
	if _, err := s.BeginStripePayment(ctx, req); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteStripePayment(ctx, req, "tr_1"); err != nil {
		t.Fatal(err)
	}
	pay(anaEUR, "2026-05-05", "bank", 70000)
	pay(bo, "2026-02-02", "bank", 59999)
	pay(bo, "2026-04-04", "paypal", 500000)
	MustCheck(t, s)
	return s, ids
}

func TestTaxYearReport(t *testing.T) {
	s, ids := taxFixture(t)
	type want struct {
		creator                     string
		currency                    string
		payments                    int
		bank, paypal, stripe, other int64
		paid, processor, direct     int64
		threshold                   int64
		over, formMissing           bool
	}
	check := func(t *testing.T, got []ledger.TaxYearRow, wants []want) {
		t.Helper()
		if len(got) != len(wants) {
			t.Fatalf("%d rows, want %d: %+v", len(got), len(wants), got)
		}
		for i, w := range wants {
			g := got[i]
			if g.CreatorID != ids[w.creator] || g.Currency != w.currency || g.Payments != w.payments || g.Bank != w.bank ||
				g.PayPal != w.paypal || g.Stripe != w.stripe || g.Other != w.other || g.Paid() != w.paid || g.Processor() != w.processor ||
				g.Direct() != w.direct || g.Threshold != w.threshold || g.OverThreshold() != w.over || g.FormMissing() != w.formMissing {
				t.Errorf("row %d = %+v (paid %d, processor %d, direct %d, over %v, missing %v)\nwant %+v",
					i, g, g.Paid(), g.Processor(), g.Direct(), g.OverThreshold(), g.FormMissing(), w)
			}
		}
	}
	t.Run("2026", func(t *testing.T) {
		got, err := s.TaxYearReport(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		check(t, got, []want{
			// Ana USD: bank 400.00 (the 250.00 was reversed, the 999.00 is 2025), paypal 300.00,
			// stripe 120.00, other 205.50. Paid 400+300+120+205.50 = 1,025.50; processor
			// 300+120 = 420.00; direct 400+205.50 = 605.50, at least 600.00: reportable.
			{creator: "Ana", currency: "EUR", payments: 1, bank: 70000, paid: 70000, direct: 70000},
			{creator: "Ana", currency: "USD", payments: 4, bank: 40000, paypal: 30000, stripe: 12000, other: 20550,
				paid: 102550, processor: 42000, direct: 60550, threshold: 60000, over: true},
			// Bo USD: bank 599.99, one cent under the threshold; paypal 5,000.00 is the
			// processor's to report. Paid 5,599.99; no form on file.
			{creator: "Bo", currency: "USD", payments: 2, bank: 59999, paypal: 500000, paid: 559999, processor: 500000,
				direct: 59999, threshold: 60000, formMissing: true},
		})
		if got[1].Tax.TaxID != "123-45-6789" || got[1].Tax.Form != ledger.TaxFormW9 || got[1].Tax.LegalName != "Ana Silva" {
			t.Errorf("Ana's tax data = %+v", got[1].Tax)
		}
	})
	t.Run("2025", func(t *testing.T) {
		got, err := s.TaxYearReport(ctx, 2025)
		if err != nil {
			t.Fatal(err)
		}
		check(t, got, []want{{creator: "Ana", currency: "USD", payments: 1, bank: 99900, paid: 99900, direct: 99900, threshold: 60000, over: true}})
	})
	t.Run("Thresholds", func(t *testing.T) {
		// EUR 500.00: Ana's 700.00 by bank is over it; USD 0: no threshold, nobody flagged.
		if err := s.SetTaxThreshold(ctx, "eur", 50000); err != nil {
			t.Fatal(err)
		}
		if err := s.SetTaxThreshold(ctx, "USD", 0); err != nil {
			t.Fatal(err)
		}
		got, err := s.TaxYearReport(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if !got[0].OverThreshold() || got[0].Threshold != 50000 || got[1].OverThreshold() || got[1].Threshold != 0 {
			t.Errorf("with EUR 500.00 and no USD threshold: %+v", got)
		}
		wantCode(t, s.SetTaxThreshold(ctx, "XYZ", 100), ledger.EINVALID)
		wantCode(t, s.SetTaxThreshold(ctx, "USD", -1), ledger.EINVALID)
	})
	t.Run("OnePaymentOfSeveral", func(t *testing.T) {
		// Bo, 2024: $100.00 and $50.00 requested, paid by one transfer:
		// one payment of $150.00.
		deals, _ := s.Deals(ctx, ledger.DealQuery{CreatorID: ids["Bo"]})
		var reqs []int64
		for _, amount := range []int64{10000, 5000} {
			r, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deals[0].ID, Amount: amount, Date: "2024-03-01"})
			if err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, r)
		}
		if err := s.PayOffline(ctx, ledger.PayInput{RequestIDs: reqs, Reference: "ONE-2024", Date: "2024-03-02"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.TaxYearReport(ctx, 2024)
		if err != nil || len(got) != 1 || got[0].Payments != 1 || got[0].Bank != 15000 {
			t.Errorf("2024 = %+v, %v; want one payment of 150.00", got, err)
		}
	})
	t.Run("ErrYear", func(t *testing.T) {
		_, err := s.TaxYearReport(ctx, 26)
		wantCode(t, err, ledger.EINVALID)
	})
}
