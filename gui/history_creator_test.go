package gui

import (
	"context"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// TestCreatorHistoryRemainingPerDeal: across a creator's deals the
// remaining balance after each line is that line's deal's, so the column
// names the deal (campaign and currency) beside it rather than a figure
// that jumps between deals and currencies with nothing to say so.
func TestCreatorHistoryRemainingPerDeal(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 10000) // Launch, USD, bonus $100
	ana, err := s.CreatorByName(ctx, "Ana")
	if err != nil {
		t.Fatal(err)
	}
	summer, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Summer"})
	if err != nil {
		t.Fatal(err)
	}
	eur, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: ana.ID, CampaignID: summer, Currency: "EUR",
		Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: eur, Amount: 5000}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s)
	u.openCreator(ana.ID)
	h := u.creators.profile.history
	col := historyCol(h, colDealRemaining)
	got := []string{tableText(h.table, 0, col), tableText(h.table, 1, col)}
	want := []string{"Summer, EUR: €50.00", "Launch, USD: $100.00"}
	if len(h.lines) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("%d lines, remaining %q; want %q", len(h.lines), got, want)
	}
}
