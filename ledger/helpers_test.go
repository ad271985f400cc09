package ledger_test

import (
	"context"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

var ctx = context.Background()

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// MustOpen opens a new ledger in a temporary folder with a fixed clock.
func MustOpen(tb testing.TB) (*ledger.Store, *clock) {
	tb.Helper()
	s, err := ledger.Open(testLedgerPath(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	c := &clock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	s.Now = c.Now
	s.Operator = "tester"
	return s, c
}

// MustDeal adds a creator, a campaign and a deal, returning the deal's ID.
func MustDeal(tb testing.TB, s *ledger.Store, name, currency string, rule ledger.Rule, codes ...string) int64 {
	tb.Helper()
	cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: name, PayoutDetails: "IBAN X"})
	if err != nil {
		tb.Fatal(err)
	}
	ca, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Campaign of " + name})
	if err != nil {
		tb.Fatal(err)
	}
	id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: currency, Rule: rule, Codes: codes, HoldDays: 30})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// MustCheck fails the test when the ledger's invariants do not hold.
func MustCheck(tb testing.TB, s *ledger.Store) {
	tb.Helper()
	problems, err := s.Check(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range problems {
		tb.Error("check: " + p)
	}
}

func mustBalances(tb testing.TB, s *ledger.Store, deal int64) ledger.Balances {
	tb.Helper()
	d, err := s.Deal(ctx, deal)
	if err != nil {
		tb.Fatal(err)
	}
	return d.Balances
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := ledger.ErrorCode(err); got != code {
		tb.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

var pct10 = ledger.Rule{Kind: ledger.RulePercent, Value: 1000}
