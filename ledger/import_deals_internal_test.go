package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestImportReadsDealsTogether: an import reads the deals of its orders
// many per query, not one query per deal (a million-row import over 12,000
// deals spent a tenth of its CPU time on those queries, once per deal and
// chunk), and a known order still earns for the deal that earned it.
func TestImportReadsDealsTogether(t *testing.T) {
	ctx := context.Background()
	const deals = 40
	s, ids := spreadDeals(t, filepath.Join(t.TempDir(), "deals.payouts"), deals, nil)
	order := func(i int, deal int64, base int64) OrderInput {
		return OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: deal, Currency: "USD", PaidDate: "2026-11-01", Base: base}
	}
	var first []OrderInput
	for i, d := range ids {
		first = append(first, order(i, d, 1000))
	}
	if _, err := s.ImportOrders(ctx, "", "shop", first); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	reads := 0
	hook := func(q string) {
		if strings.Contains(q, "FROM deals d JOIN creators cr") {
			mu.Lock()
			reads++
			mu.Unlock()
		}
	}
	s.onStatement.Store(&hook)
	defer s.onStatement.Store(nil)
	// Every known order again, its base doubled and its codes now naming
	// another deal (the first), and a new order for each deal.
	var again []OrderInput
	for i, d := range ids {
		again = append(again, order(i, ids[0], 2000), order(deals+i, d, 1000))
	}
	res, err := s.ImportOrders(ctx, "", "shop", again)
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != deals || res.New != deals {
		t.Fatalf("updated %d, new %d, want %d each", res.Updated, res.New, deals)
	}
	if reads > 1 {
		t.Errorf("the import read its %d deals in %d queries, want 1", deals, reads)
	}
	for _, d := range ids {
		if got := res.Credited[d]; got != 200 {
			t.Errorf("deal %d credited %d, want 200 (100 more on its known order, 100 on its new one)", d, got)
		}
	}
}

// spreadDeals opens the ledger at path with the clock fixed and gives it
// one campaign and n creators with a 10% deal each, hold as hold(i) says
// (nil: none), for the import tests that watch what a flush of many deals
// sends.
func spreadDeals(t *testing.T, path string, n int, hold func(i int) int) (*Store, []int64) {
	t.Helper()
	ctx := context.Background()
	s := openAtTestClock(t, path)
	camp, err := s.AddCampaign(ctx, CampaignInput{Name: "Spring"})
	if err != nil {
		t.Fatal(err)
	}
	deals := make([]int64, n)
	for i := range n {
		cr, err := s.AddCreator(ctx, CreatorInput{Name: fmt.Sprintf("Creator %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		in := DealInput{CreatorID: cr, CampaignID: camp, Currency: "USD", Rule: Rule{Kind: RulePercent, Value: 1000}}
		if hold != nil {
			in.HoldDays = hold(i)
		}
		if deals[i], err = s.AddDeal(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	return s, deals
}
