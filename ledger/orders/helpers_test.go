package orders_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

var ctx = context.Background()

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// testDeals are the deals of the golden files, by their discount code.
var testDeals = []struct {
	code, currency string
	rule           ledger.Rule
}{
	{"ANA10", "USD", ledger.Rule{Kind: ledger.RulePercent, Value: 1000}},
	{"BEN", "EUR", ledger.Rule{Kind: ledger.RulePercent, Value: 1250}},
	{"CHLOE5", "USD", ledger.Rule{Kind: ledger.RulePerOrder, Value: 500}},
	{"KAI", "JPY", ledger.Rule{Kind: ledger.RulePercent, Value: 800}},
}

// mustStore opens a new ledger at 2026-11-21 with the test deals (30 hold
// days each) and returns it with its clock and the deal IDs by code.
func mustStore(tb testing.TB) (*ledger.Store, *clock, map[string]int64) {
	tb.Helper()
	s, err := ledger.Open(filepath.Join(tb.TempDir(), "test.payouts"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	c := &clock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	s.Now = c.Now
	s.Operator = "tester"
	camp, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Autumn"})
	if err != nil {
		tb.Fatal(err)
	}
	ids := map[string]int64{}
	for _, d := range testDeals {
		cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Creator " + d.code})
		if err != nil {
			tb.Fatal(err)
		}
		id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: camp, Currency: d.currency, Rule: d.rule, Codes: []string{d.code}, HoldDays: 30})
		if err != nil {
			tb.Fatal(err)
		}
		ids[d.code] = id
	}
	return s, c, ids
}

// mustCheck fails the test when the ledger's invariants do not hold.
func mustCheck(tb testing.TB, s *ledger.Store) {
	tb.Helper()
	problems, err := s.Check(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range problems {
		tb.Error("check: " + p)
	}
}

// balances reads the test deals' figures as lines, by code.
func balances(tb testing.TB, s *ledger.Store, ids map[string]int64) string {
	tb.Helper()
	var b strings.Builder
	for _, d := range testDeals {
		deal, err := s.Deal(ctx, ids[d.code])
		if err != nil {
			tb.Fatal(err)
		}
		f := func(v int64) string { return ledger.Format(v, d.currency) }
		fmt.Fprintf(&b, "deal %s %s: held %s, owed %s, commission %s, revenue %s\n", d.code, d.currency,
			f(deal.Held), f(deal.Owed), f(deal.Commission), f(deal.Revenue))
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		tb.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func mustBalances(tb testing.TB, s *ledger.Store, id int64) ledger.Balances {
	tb.Helper()
	d, err := s.Deal(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	return d.Balances
}

func requestInput(deal, amount int64) ledger.RequestInput {
	return ledger.RequestInput{DealID: deal, Amount: amount}
}
