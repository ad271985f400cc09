package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/payouts/payouts/ledger"
)

// TestPayOfflineHomeAmount: with a home currency set, the pay dialog asks
// for what the bank debited for each payment in another currency (and only
// for those), refuses an unreadable amount before recording anything, and
// records the amount with the payment.
func TestPayOfflineHomeAmount(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if err := s.SetHomeCurrency(ctx, "USD"); err != nil {
		t.Fatal(err)
	}
	usd := setup(t, s, "Ana", "IBAN A", 10000)
	d := mustDeal(t, s, usd)
	eur, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: d.CreatorID, CampaignID: d.CampaignID, Currency: "EUR",
		Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: eur, Amount: 25000}); err != nil {
		t.Fatal(err)
	}
	ru, re := request(t, s, usd, 10000), request(t, s, eur, 25000)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	test.Tap(q.all)
	test.Tap(q.payOffline)
	f := q.payForm
	var homes []*payment
	for _, p := range f.payments {
		if p.home != nil {
			homes = append(homes, p)
		}
	}
	if len(f.payments) != 2 || len(homes) != 1 || homes[0].reqs[0].ID != re {
		t.Fatalf("%d payments, home amount asked for %d of them (want only the EUR one)", len(f.payments), len(homes))
	}
	for i, p := range f.payments {
		test.Type(p.ref, "TRX-"+string(rune('A'+i)))
	}
	test.Type(homes[0].home, "27l.83")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("dialogs: %d, want the form and the error", dialogsOpen(u))
	}
	for _, id := range []int64{ru, re} {
		if r, _ := s.Request(ctx, id); r.Status != ledger.StatusRequested {
			t.Fatalf("request %d %s after a bad home amount", id, r.Status)
		}
	}
	u.closeTopDialog()
	homes[0].home.SetText("271.83")
	test.Tap(f.dlg.submit)
	h, err := s.History(ctx, ledger.HistoryQuery{DealID: eur, Limit: 1})
	if err != nil || len(h) != 1 || h[0].Kind != ledger.KindPaid {
		t.Fatalf("EUR history %+v, %v", h, err)
	}
	if amt, cur, err := s.HomeAmountOf(ctx, h[0].ID); err != nil || amt != 27183 || cur != "USD" {
		t.Errorf("home amount %d %s, %v; want 271.83 USD", amt, cur, err)
	}
	h, _ = s.History(ctx, ledger.HistoryQuery{DealID: usd, Limit: 1})
	if amt, _, _ := s.HomeAmountOf(ctx, h[0].ID); amt != 0 || !strings.HasPrefix(h[0].Reference, "TRX-") {
		t.Errorf("USD payment %+v has home amount %d", h[0], amt)
	}
}
