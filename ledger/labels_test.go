package ledger_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// internalID is how a message would show a number no screen shows.
var internalID = regexp.MustCompile(`(deal|request) \d`)

// Refusals name deals and requests by creator, campaign and amount, as the
// screens show them, never by their internal IDs.
func TestMessagesNameDealsNotIDs(t *testing.T) {
	s, _ := MustOpen(t)
	ana := MustDeal(t, s, "Ana Silva", "USD", pct10, "ANA10")
	ben := MustDeal(t, s, "Ben Okafor", "USD", pct10)
	for _, d := range []int64{ana, ben} {
		if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: d, Amount: 10000}); err != nil {
			t.Fatal(err)
		}
	}
	paid, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: ana, Amount: 4000})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PayOffline(ctx, ledger.PayInput{RequestID: paid, Method: "bank", Reference: "REF-1"}); err != nil {
		t.Fatal(err)
	}
	open, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: ben, Amount: 1000})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"ErrCodeTaken", func() error { return s.SetDealCodes(ctx, "", ben, []string{"ana10"}) },
			"discount code ANA10 already belongs to Ana Silva's USD deal in Campaign of Ana Silva"},
		{"ErrAboveOwed", func() error {
			_, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: ben, Amount: 50000})
			return err
		}, "above what Ben Okafor's USD deal in Campaign of Ben Okafor is owed"},
		{"ErrReferenceUsed", func() error {
			return s.PayOffline(ctx, ledger.PayInput{RequestID: open, Method: "bank", Reference: "REF-1"})
		}, `reference "REF-1" already paid the $40.00 payout request of Ana Silva's USD deal in Campaign of Ana Silva`},
		{"ErrDateBeforeRequest", func() error {
			return s.PayOffline(ctx, ledger.PayInput{RequestID: open, Method: "bank", Reference: "REF-2", Date: "2026-01-01"})
		}, "payment date 2026-01-01 is before the $10.00 payout request of Ben Okafor's USD deal in Campaign of Ben Okafor was made"},
		{"ErrUnlinkNothing", func() error { return s.UnlinkPayee(ctx, "", ben, "") },
			"Ben Okafor's USD deal in Campaign of Ben Okafor has no Stripe account to unlink"},
		{"ErrLinkTwice", func() error {
			if err := s.LinkPayee(ctx, "", ben, "acct_ben01", ""); err != nil {
				return err
			}
			return s.LinkPayee(ctx, "", ben, "acct_ben01", "")
		}, "Ben Okafor's USD deal in Campaign of Ben Okafor is already secured by acct_ben01"},
		{"ErrPayPaid", func() error {
			return s.PayOffline(ctx, ledger.PayInput{RequestID: paid, Method: "bank", Reference: "REF-3"})
		}, "the $40.00 payout request of Ana Silva's USD deal in Campaign of Ana Silva was already paid by tester at 10:00"},
		{"ErrStripePaid", func() error {
			_, err := s.BeginStripePayment(ctx, paid)
			return err
		}, "the $40.00 payout request of Ana Silva's USD deal in Campaign of Ana Silva was already paid by tester at 10:00"},
		{"ErrCancelPaid", func() error { return s.CancelRequest(ctx, "", paid, "") },
			"the $40.00 payout request of Ana Silva's USD deal in Campaign of Ana Silva was already paid by tester at 10:00 and cannot be cancelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := ledger.ErrorMessage(tt.run())
			if !strings.Contains(msg, tt.want) {
				t.Errorf("got %q, want it to contain %q", msg, tt.want)
			}
			if internalID.MatchString(msg) {
				t.Errorf("message shows an internal ID: %q", msg)
			}
		})
	}
}
