package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// mustSecondDeal adds a deal of a deal's creator in another campaign and
// currency.
func mustSecondDeal(tb testing.TB, s *ledger.Store, deal int64, campaign, currency string) int64 {
	tb.Helper()
	d, err := s.Deal(ctx, deal)
	if err != nil {
		tb.Fatal(err)
	}
	ca, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: campaign})
	if err != nil {
		tb.Fatal(err)
	}
	id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: d.CreatorID, CampaignID: ca, Currency: currency, Rule: pct10, HoldDays: 30})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// One bank transfer often pays several requests of one creator: one
// reference may pay them together, as one payment. It never pays another
// creator, another currency or a second, separate payment.
func TestPayOfflineTogether(t *testing.T) {
	tests := []struct {
		name string
		// setup returns the requests paid together, after any payment
		// made before them.
		setup func(t *testing.T, s *ledger.Store) []int64
		want  string // "" = paid; else the one-line refusal contains it
		code  string
	}{
		{"OKSameCreatorTwoDeals", func(t *testing.T, s *ledger.Store) []int64 {
			ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
			spring := mustSecondDeal(t, s, ana, "Spring Launch", "USD")
			return []int64{mustRequest(t, s, ana, 4000), mustRequest(t, s, spring, 2500), mustRequest(t, s, ana, 100)}
		}, "", ""},
		{"ErrDifferentCreator", func(t *testing.T, s *ledger.Store) []int64 {
			ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
			ben := MustDeal(t, s, "Ben Okafor", "USD", pct10)
			return []int64{mustRequest(t, s, ana, 4000), mustRequest(t, s, ben, 2500)}
		}, "one payment pays one creator: Ana Silva and Ben Okafor cannot share reference \"BANK-7\"", ledger.EINVALID},
		{"ErrMixedCurrencies", func(t *testing.T, s *ledger.Store) []int64 {
			ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
			eur := mustSecondDeal(t, s, ana, "Summer", "EUR")
			return []int64{mustRequest(t, s, ana, 4000), mustRequest(t, s, eur, 2500)}
		}, "one payment is in one currency: Ana Silva's requests are in USD and EUR", ledger.EINVALID},
		{"ErrSecondPaymentSameCreator", func(t *testing.T, s *ledger.Store) []int64 {
			ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
			first := mustRequest(t, s, ana, 4000)
			if err := s.PayOffline(ctx, ledger.PayInput{RequestID: first, Reference: "BANK-7"}); err != nil {
				t.Fatal(err)
			}
			return []int64{mustRequest(t, s, ana, 1000), mustRequest(t, s, ana, 500)}
		}, `reference "BANK-7" already paid the $40.00 payout request of Ana Silva's USD deal`, ledger.ECONFLICT},
		{"ErrSecondPaymentOtherCreator", func(t *testing.T, s *ledger.Store) []int64 {
			ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
			ben := MustDeal(t, s, "Ben Okafor", "USD", pct10)
			first := []int64{mustRequest(t, s, ana, 4000), mustRequest(t, s, ana, 300)}
			if err := s.PayOffline(ctx, ledger.PayInput{RequestIDs: first, Reference: "BANK-7"}); err != nil {
				t.Fatal(err)
			}
			return []int64{mustRequest(t, s, ben, 1000)}
		}, `reference "BANK-7" already paid the $40.00 payout request of Ana Silva's USD deal`, ledger.ECONFLICT},
		{"ErrListedTwice", func(t *testing.T, s *ledger.Store) []int64 {
			ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
			r := mustRequest(t, s, ana, 4000)
			return []int64{r, mustRequest(t, s, ana, 300), r}
		}, "the $40.00 payout request of Ana Silva's USD deal in Campaign of Ana Silva is listed twice", ledger.EINVALID},
		{"ErrOneAlreadyPaid", func(t *testing.T, s *ledger.Store) []int64 {
			ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
			paid := mustRequest(t, s, ana, 4000)
			if err := s.PayOffline(ctx, ledger.PayInput{RequestID: paid, Reference: "BANK-1"}); err != nil {
				t.Fatal(err)
			}
			return []int64{mustRequest(t, s, ana, 300), paid}
		}, "the $40.00 payout request of Ana Silva's USD deal in Campaign of Ana Silva was already paid by tester at 10:00", ledger.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			ids := tt.setup(t, s)
			before := map[int64]ledger.Request{}
			for _, id := range ids {
				before[id], _ = s.Request(ctx, id)
			}
			err := s.PayOffline(ctx, ledger.PayInput{RequestIDs: ids, Reference: "BANK-7", Date: "2026-11-21"})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range ids {
					r, _ := s.Request(ctx, id)
					if r.Status != ledger.StatusPaid || r.Reference != "BANK-7" || r.PaidDate != "2026-11-21" {
						t.Fatalf("request %d after the payment: %+v", id, r)
					}
				}
				MustCheck(t, s)
				return
			}
			wantCode(t, err, tt.code)
			msg := ledger.ErrorMessage(err)
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") || internalID.MatchString(msg) {
				t.Fatalf("got %q, want one line containing %q and no internal ID", msg, tt.want)
			}
			// Nothing half-written: every request is as it was.
			for _, id := range ids {
				r, _ := s.Request(ctx, id)
				if r.Status != before[id].Status || r.Reference != before[id].Reference {
					t.Fatalf("request %d changed by a refused payment: %+v, was %+v", id, r, before[id])
				}
			}
			MustCheck(t, s)
		})
	}
}

// A payment of several requests is one operation: replayed with its ID it
// returns the first result, and the same ID with other requests is a
// conflict.
func TestPayOfflineTogetherReplay(t *testing.T) {
	s, _ := MustOpen(t)
	ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
	ids := []int64{mustRequest(t, s, ana, 4000), mustRequest(t, s, ana, 300)}
	in := ledger.PayInput{OpID: "op-pay-1", RequestIDs: ids, Reference: "BANK-9"}
	for i := 0; i < 2; i++ {
		if err := s.PayOffline(ctx, in); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	other := mustRequest(t, s, ana, 100)
	in.RequestIDs = append(in.RequestIDs, other)
	wantCode(t, s.PayOffline(ctx, in), ledger.ECONFLICT)
	if b := mustBalances(t, s, ana); b.Paid != 4300 {
		t.Fatalf("paid %d, want 4300", b.Paid)
	}
}

// The schema keeps the rule against a writer that goes around the ledger:
// a reference already paying one payment cannot be written on a request of
// another.
func TestReferenceOnePaymentGuard(t *testing.T) {
	s, _ := MustOpen(t)
	ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
	paid := mustRequest(t, s, ana, 4000)
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: paid, Reference: "BANK-1"}); err != nil {
		t.Fatal(err)
	}
	other := mustRequest(t, s, ana, 300)
	if _, err := s.DB().Exec(`UPDATE requests SET reference = 'BANK-1' WHERE id = ?`, other); err == nil {
		t.Fatal("a second payment took a reference already used")
	}
}

// The queue shows each request's payout details, to copy into the bank's
// form: Requests reads them with the request.
func TestRequestsCarryPayoutDetails(t *testing.T) {
	s, _ := MustOpen(t)
	ana := MustDeal(t, s, "Ana Silva", "USD", pct10)
	id := mustRequest(t, s, ana, 4000)
	rs, err := s.Requests(ctx, ledger.RequestQuery{Status: ledger.StatusRequested})
	if err != nil || len(rs) != 1 || rs[0].ID != id || rs[0].PayoutDetails != "IBAN X" {
		t.Fatalf("requests = %+v, %v; want one with details IBAN X", rs, err)
	}
}
