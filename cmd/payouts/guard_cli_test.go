package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// A creator with no payout details is not paid from the command line
// either: the rule is the ledger's, with the GUI's message.
func TestPayWithoutDetailsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "details.payouts")
	ok(t, db, "creator", "add", "Bo")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "deal", "add", "--creator", "Bo", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	ok(t, db, "bonus", "add", "--deal", "1", "--amount", "10")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "10")
	r := payouts(t, db, "payout", "pay", "1", "--offline", "--reference", "R1")
	if r.code == 0 || !strings.HasPrefix(r.stderr, "payouts: Payout details missing for Bo") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("pay without details: exit %d, stderr %q; want a one-line refusal", r.code, r.stderr)
	}
	if out := ok(t, db, "payout", "list", "--format", "csv"); !strings.Contains(out, ",requested,") {
		t.Fatalf("queue after the refusal:\n%s", out)
	}
	// Details of only spaces are no details.
	ok(t, db, "creator", "edit", "1", "--payout-details", "   ")
	if r := payouts(t, db, "payout", "pay", "1", "--offline", "--reference", "R1"); r.code == 0 {
		t.Fatal("paid a creator whose details are only spaces")
	}
	ok(t, db, "creator", "edit", "1", "--payout-details", "IBAN DE00")
	ok(t, db, "payout", "pay", "1", "--offline", "--reference", "R1")
}
