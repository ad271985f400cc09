package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// The "Payout details missing" rule is the ledger's: a creator with no
// details (or details of only whitespace) is not paid, whoever asks.
func TestPayoutDetailsRequired(t *testing.T) {
	for _, tt := range []struct {
		name, details string
		raw           bool // stored behind the ledger's back, untrimmed
		ready         bool
	}{
		{"None", "", false, false},
		{"Spaces", "   ", false, false},
		{"SpacesInFile", "  \t ", true, false},
		{"NewlinesInFile", "\n\r\n", true, false},
		{"OnFile", "IBAN DE00 1234", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := MustOpen(t)
			cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Bo", PayoutDetails: tt.details})
			if err != nil {
				t.Fatal(err)
			}
			if tt.raw {
				mustExec(t, s, `UPDATE creators SET payout_details = ? WHERE id = ?`, tt.details, cr)
			}
			ca, _ := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Spring"})
			deal, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: pct10})
			if err != nil {
				t.Fatal(err)
			}
			s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1000})
			req, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 1000})
			if err != nil {
				t.Fatal(err)
			}
			// Go and SQL say the same.
			c, _ := s.Creator(ctx, cr)
			d, _ := s.Deal(ctx, deal)
			r, _ := s.Request(ctx, req)
			if c.PayeeReady() != tt.ready || d.PayeeReady != tt.ready || r.PayeeReady != tt.ready {
				t.Fatalf("ready: creator %v, deal %v, request %v; want %v", c.PayeeReady(), d.PayeeReady, r.PayeeReady, tt.ready)
			}
			err = s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: "R1"})
			if tt.ready {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, ledger.EINVALID)
			if msg := ledger.ErrorMessage(err); !strings.HasPrefix(msg, "Payout details missing for Bo") {
				t.Fatalf("message = %q", msg)
			}
			if r, _ := s.Request(ctx, req); r.Status != ledger.StatusRequested {
				t.Fatalf("request is %s after a refused payment", r.Status)
			}
			MustCheck(t, s)
		})
	}
}
