package ledger

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// TestStatementsPerOperation pins how many statements each interactive
// operation sends to SQLite, BEGIN and COMMIT included: the journal flushes
// an interactive operation at its end with the statements posting row by
// row took, and request + pay stays under its p99 target (10 ms) because of
// it. A change that adds a statement to an operation fails here and has to
// update the number, knowing what it costs; one that removes one, too.
func TestStatementsPerOperation(t *testing.T) {
	s, deal := bonusDeal(t, 1_000_000)
	statementsPerOperation(t, s, deal, map[string]int{
		"request payout": 8, "pay offline": 12, "request + pay": 20, "add fee": 9, "confirm fee": 9, "add bonus": 8,
	})
}

// TestRoundTripsPerOperationPostgres pins the same on PostgreSQL, where
// each one is a round trip to the server: there an operation's last writes
// (the journal's flush, the operations row, the notification, the COMMIT) go in one
// batch (store_pg_batch.go), and request + pay, whose p99 target is 20 ms,
// makes 12 round trips instead of the 26 it made before.
func TestRoundTripsPerOperationPostgres(t *testing.T) {
	s, deal := bonusDealAt(t, pgtest.URL(t), 1_000_000)
	statementsPerOperation(t, s, deal, map[string]int{
		"request payout": 5, "pay offline": 7, "request + pay": 12, "add fee": 5, "confirm fee": 6, "add bonus": 5,
	})
}

// statementsPerOperation runs each interactive operation on deal and
// checks how many statements (round trips) it sent against want.
func statementsPerOperation(t *testing.T, s *Store, deal int64, want map[string]int) {
	ctx := context.Background()

	sent := recordStatements(t, s)

	// Each operation runs twice, on a request or fee of its own set up
	// beforehand (not counted): the second run is what every later one
	// sends, the statements prepared.
	var fee, req int64
	n := 0
	request := func() (err error) {
		req, err = s.RequestPayout(ctx, RequestInput{DealID: deal, Amount: 100})
		return err
	}
	pay := func() error {
		n++
		return s.PayOffline(ctx, PayInput{RequestID: req, Method: MethodBank, Reference: fmt.Sprintf("REF-%d", n)})
	}
	addFee := func() (err error) { fee, err = s.AddFee(ctx, FeeInput{DealID: deal, Amount: 5000}); return err }
	for _, tc := range []struct {
		name      string
		setup, op func() error
	}{
		{"request payout", nil, request},
		{"pay offline", request, pay},
		{"request + pay", nil, func() error {
			if err := request(); err != nil {
				return err
			}
			return pay()
		}},
		{"add fee", nil, addFee},
		{"confirm fee", addFee, func() error { return s.ConfirmFee(ctx, "", fee) }},
		{"add bonus", nil, func() error { _, err := s.AddBonus(ctx, BonusInput{DealID: deal, Amount: 700}); return err }},
	} {
		for run := 1; run <= 2; run++ {
			if tc.setup != nil {
				if err := tc.setup(); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
			}
			sent() // the setup's
			if err := tc.op(); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			got := sent()
			if len(got) != want[tc.name] {
				t.Errorf("%s (run %d): %d statements, want %d:\n\t%s", tc.name, run, len(got), want[tc.name], strings.Join(got, "\n\t"))
			}
		}
	}
}

// TestImportDealWritesBatchedPostgres: on PostgreSQL an import's flush
// sends its changed deals in one batch, not one round trip per deal.
func TestImportDealWritesBatchedPostgres(t *testing.T) {
	ctx := context.Background()
	s, deals := spreadDeals(t, pgtest.URL(t), 40, nil)
	var orders []OrderInput
	for i, d := range deals {
		orders = append(orders, OrderInput{OrderID: fmt.Sprintf("#%d", i), DealID: d, Currency: "USD", PaidDate: "2026-11-01", Base: 1000})
	}
	sent := recordStatements(t, s)
	if _, err := s.ImportOrders(ctx, "", "shop", orders); err != nil {
		t.Fatal(err)
	}
	updates, batches := 0, 0
	for _, q := range sent() {
		switch {
		case strings.HasPrefix(q, "UPDATE deals"):
			updates++
		case strings.HasPrefix(q, "BATCH"):
			batches++
		}
	}
	if updates != 0 || batches == 0 {
		t.Fatalf("an import changing 40 deals sent %d UPDATE deals round trips and %d batches, want none and at least one", updates, batches)
	}
}

// recordStatements records every statement s sends (on PostgreSQL every
// round trip) until the test ends; the returned func takes those recorded
// so far, each on one line, and starts afresh.
func recordStatements(t *testing.T, s *Store) (take func() []string) {
	var mu sync.Mutex
	var sent []string
	hook := func(q string) {
		mu.Lock()
		sent = append(sent, strings.Join(strings.Fields(q), " "))
		mu.Unlock()
	}
	s.onStatement.Store(&hook)
	t.Cleanup(func() { s.onStatement.Store(nil) })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		got := sent
		sent = nil
		return got
	}
}
