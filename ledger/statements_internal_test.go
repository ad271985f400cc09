package ledger

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestStatementsPerOperation pins how many statements each interactive
// operation sends to SQLite, BEGIN and COMMIT included: the journal flushes
// an interactive operation at its end with the statements posting row by
// row took, and request + pay stays under its p99 target (10 ms) because of
// it. A change that adds a statement to an operation fails here and has to
// update the number, knowing what it costs; one that removes one, too.
func TestStatementsPerOperation(t *testing.T) {
	ctx := context.Background()
	s, deal := bonusDeal(t, 1_000_000)

	var mu sync.Mutex
	var sent []string
	hook := func(q string) {
		mu.Lock()
		sent = append(sent, strings.Join(strings.Fields(q), " "))
		mu.Unlock()
	}
	s.onStatement.Store(&hook)
	defer s.onStatement.Store(nil)

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
		want      int
	}{
		{"request payout", nil, request, 9},
		{"pay offline", request, pay, 15},
		{"request + pay", nil, func() error {
			if err := request(); err != nil {
				return err
			}
			return pay()
		}, 24},
		{"add fee", nil, addFee, 10},
		{"confirm fee", addFee, func() error { return s.ConfirmFee(ctx, "", fee) }, 10},
		{"add bonus", nil, func() error { _, err := s.AddBonus(ctx, BonusInput{DealID: deal, Amount: 700}); return err }, 9},
	} {
		for run := 1; run <= 2; run++ {
			if tc.setup != nil {
				if err := tc.setup(); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
			}
			mu.Lock()
			sent = sent[:0]
			mu.Unlock()
			if err := tc.op(); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			mu.Lock()
			got := append([]string(nil), sent...)
			mu.Unlock()
			if len(got) != tc.want {
				t.Errorf("%s (run %d): %d statements, want %d:\n\t%s", tc.name, run, len(got), tc.want, strings.Join(got, "\n\t"))
			}
		}
	}
}
