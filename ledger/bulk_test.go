package ledger_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// dump reads what both paths must agree on: every transfer (without the
// recording time, operator and operation ID), every order row and every
// deal's cached balances.
func dump(t *testing.T, s *ledger.Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT id, deal_id, currency, from_account, to_account, amount, kind, date, method, reference, comment,
			coalesce(reverses, 0), coalesce(fee_id, 0), coalesce(request_id, 0), coalesce(order_key, 0), remaining_after FROM transfers ORDER BY id`,
		`SELECT id, source, order_id, deal_id, paid_date, release_on, base, commission, held, 0, 0, 0, 0, 0, 0, 0 FROM orders ORDER BY id`,
		`SELECT id, scheduled, held, owed, requested, paid, commission, fees, bonuses, revenue, 0, 0, 0, 0, 0, 0 FROM deals ORDER BY id`,
		`SELECT kind, currency, balance, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM brand_accounts ORDER BY kind, currency`,
		`SELECT id, deal_id, amount, status, method, coalesce(reference, ''), paid_date, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM requests ORDER BY id`,
	} {
		rows, err := s.DB().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			v := make([]any, 16)
			p := make([]any, 16)
			for i := range v {
				p[i] = &v[i]
			}
			if err := rows.Scan(p...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(v...))
		}
		rows.Close()
	}
	return out
}

// TestBulkMatchesOperations runs the same program through the operations
// and through Bulk and compares the two ledgers row by row.
func TestBulkMatchesOperations(t *testing.T) {
	rule := ledger.Rule{Kind: ledger.RulePercent, Value: 1000}
	o1 := ledger.OrderInput{OrderID: "#1", Currency: "USD", PaidDate: "2026-10-01", Base: 10000} // past its hold
	o2 := ledger.OrderInput{OrderID: "#2", Currency: "USD", PaidDate: "2026-11-16", Base: 20000} // held

	ops, _ := MustOpen(t)
	deal := MustDeal(t, ops, "Ana", "USD", rule, "ANA10")
	o1.DealID, o2.DealID = deal, deal
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := ops.ImportOrders(ctx, "", "shop", []ledger.OrderInput{o1}) // released in the same import
	must(err)
	_, err = ops.ImportOrders(ctx, "", "shop", []ledger.OrderInput{o2})
	must(err)
	r2, r1 := o2, o1
	r2.Base, r1.Base = 5000, 0
	_, err = ops.ImportOrders(ctx, "", "shop", []ledger.OrderInput{r2}) // refund out of held
	must(err)
	_, err = ops.ImportOrders(ctx, "", "shop", []ledger.OrderInput{r1}) // clawback out of owed
	must(err)
	fee, err := ops.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 5000, Comment: "video"})
	must(err)
	must(ops.ConfirmFee(ctx, "", fee))
	_, err = ops.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 700, Comment: "top"})
	must(err)
	req, err := ops.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 3000})
	must(err)
	must(ops.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Reference: "TRX-1"}))
	req2, err := ops.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1000})
	must(err)
	must(ops.CancelRequest(ctx, "", req2, "wait"))

	bulk, _ := MustOpen(t)
	_, err = bulk.Bulk(ctx, "", func(b *ledger.Bulk) error {
		cr, err := b.AddCreator(ledger.CreatorInput{Name: "Ana", PayoutDetails: "IBAN X"})
		if err != nil {
			return err
		}
		ca, err := b.AddCampaign(ledger.CampaignInput{Name: "Campaign of Ana"})
		if err != nil {
			return err
		}
		d, err := b.AddDeal(ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: rule, Codes: []string{"ANA10"}, HoldDays: 30})
		if err != nil {
			return err
		}
		k1, err := b.Order("shop", o1)
		if err != nil {
			return err
		}
		if _, err := b.Release(); err != nil {
			return err
		}
		k2, err := b.Order("shop", o2)
		if err != nil {
			return err
		}
		if _, err := b.Release(); err != nil {
			return err
		}
		if err := b.Refund(k2, 5000); err != nil {
			return err
		}
		if err := b.Refund(k1, 0); err != nil {
			return err
		}
		fee, err := b.AddFee(ledger.FeeInput{DealID: d, Amount: 5000, Comment: "video"})
		if err != nil {
			return err
		}
		if err := b.ConfirmFee(fee); err != nil {
			return err
		}
		if _, err := b.AddBonus(ledger.BonusInput{DealID: d, Amount: 700, Comment: "top"}); err != nil {
			return err
		}
		req, err := b.RequestPayout(ledger.RequestInput{DealID: d, Amount: 3000})
		if err != nil {
			return err
		}
		if err := b.PayOffline(ledger.PayInput{RequestID: req, Method: ledger.MethodBank, Reference: "TRX-1"}); err != nil {
			return err
		}
		req2, err := b.RequestPayout(ledger.RequestInput{DealID: d, Amount: 1000})
		if err != nil {
			return err
		}
		return b.CancelRequest(req2, "wait")
	})
	must(err)
	MustCheck(t, ops)
	MustCheck(t, bulk)
	got, want := dump(t, bulk), dump(t, ops)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("bulk and operations differ:\ngot  %q\nwant %q", got, want)
	}
}

// TestBulkRefuses checks that Bulk keeps the rules of the operations and
// that an error leaves the ledger as it was.
func TestBulkRefuses(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ben", "EUR", ledger.Rule{Kind: ledger.RulePerOrder, Value: 500}, "BEN5")
	before, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fn   func(b *ledger.Bulk) error
		code string
	}{
		{"ErrRequestAboveOwed", func(b *ledger.Bulk) error {
			if _, err := b.Order("shop", ledger.OrderInput{OrderID: "1", DealID: deal, Currency: "EUR", PaidDate: "2026-11-20", Base: 100}); err != nil {
				return err
			}
			_, err := b.RequestPayout(ledger.RequestInput{DealID: deal, Amount: 1}) // the commission is still held
			return err
		}, ledger.EINVALID},
		{"ErrCurrency", func(b *ledger.Bulk) error {
			_, err := b.Order("shop", ledger.OrderInput{OrderID: "1", DealID: deal, Currency: "USD", PaidDate: "2026-11-20", Base: 100})
			return err
		}, ledger.EINVALID},
		{"ErrDuplicateOrder", func(b *ledger.Bulk) error {
			for range 2 {
				if _, err := b.Order("shop", ledger.OrderInput{OrderID: "1", DealID: deal, Currency: "EUR", PaidDate: "2026-01-01", Base: 100}); err != nil {
					return err
				}
			}
			_, err := b.Release()
			return err
		}, ledger.ECONFLICT},
		{"ErrUnknownDeal", func(b *ledger.Bulk) error {
			_, err := b.AddBonus(ledger.BonusInput{DealID: 999, Amount: 1})
			return err
		}, ledger.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Bulk(ctx, "", tt.fn)
			if got := ledger.ErrorCode(err); got != tt.code {
				t.Fatalf("got %q (%v), want %q", got, err, tt.code)
			}
			after, err := s.Counts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Errorf("got %+v after a failed load, want %+v", after, before)
			}
			MustCheck(t, s)
		})
	}
}
