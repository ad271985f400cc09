package ledger_test

import (
	"testing"

	"github.com/payouts/payouts/ledger/demo"
)

// TestDemoChecksClean fills the demo program and runs check on it, on
// whichever backend MustOpen opens: on PostgreSQL check once asked for a
// trigger the PostgreSQL schema does not have (transfers_no_replace) and
// failed every ledger.
func TestDemoChecksClean(t *testing.T) {
	s, _ := MustOpen(t)
	if err := demo.Fill(ctx, s, demo.Options{Seed: 7}); err != nil {
		t.Fatal(err)
	}
	MustCheck(t, s)
}
