package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// payout pay takes several request IDs: one bank transfer paying several
// requests of one creator in one currency is recorded as one payment with
// one reference. Another creator, another currency or a second payment
// with that reference is refused in one line that names the creators.
func TestPayTogetherCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "together.payouts")
	ok(t, db, "creator", "add", "Ana Silva", "--payout-details", "IBAN DE00")
	ok(t, db, "creator", "add", "Ben Okafor", "--payout-details", "PayPal ben@example.com")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "campaign", "add", "Summer")
	ok(t, db, "deal", "add", "--creator", "Ana Silva", "--campaign", "Spring", "--currency", "USD", "--percent", "10")  // 1
	ok(t, db, "deal", "add", "--creator", "Ana Silva", "--campaign", "Summer", "--currency", "USD", "--percent", "10")  // 2
	ok(t, db, "deal", "add", "--creator", "Ben Okafor", "--campaign", "Spring", "--currency", "USD", "--percent", "10") // 3
	ok(t, db, "deal", "add", "--creator", "Ana Silva", "--campaign", "Spring", "--currency", "EUR", "--percent", "10")  // 4
	for _, d := range []string{"1", "2", "3", "4"} {
		ok(t, db, "bonus", "add", "--deal", d, "--amount", "100")
	}
	for _, d := range []string{"1", "2", "3", "4", "1"} { // requests 1..5
		ok(t, db, "payout", "request", "--deal", d, "--amount", "40")
	}
	for _, tt := range []struct {
		name string
		args []string
		msg  string
	}{
		{"OtherCreator", []string{"payout", "pay", "1", "3", "--offline", "--reference", "BANK-1"}, `one payment pays one creator: Ana Silva and Ben Okafor cannot share reference "BANK-1"`},
		{"MixedCurrencies", []string{"payout", "pay", "1", "4", "--offline", "--reference", "BANK-1"}, "one payment is in one currency: Ana Silva's requests are in USD and EUR"},
		{"BadID", []string{"payout", "pay", "1", "x", "--offline", "--reference", "BANK-1"}, "payout request"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := payouts(t, db, tt.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.msg) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q; want 1 and one line with %q", r.code, r.stderr, tt.msg)
			}
		})
	}
	if out := ok(t, db, "payout", "list", "--status", "paid", "--format", "csv"); strings.Count(out, "\n") != 0 {
		t.Fatalf("a refused payment recorded something: %q", out)
	}

	ok(t, db, "payout", "pay", "1", "2", "--offline", "--ref", "BANK-1") // --ref is --reference
	out := ok(t, db, "payout", "list", "--status", "paid", "--format", "csv")
	if lines := strings.Split(out, "\n"); len(lines) != 3 || !strings.Contains(lines[1], "BANK-1") || !strings.Contains(lines[2], "BANK-1") {
		t.Fatalf("paid requests:\n%s", out)
	}
	for _, tt := range []struct {
		name string
		args []string
		msg  string
	}{
		{"SecondPaymentSameCreator", []string{"payout", "pay", "5", "--offline", "--reference", "BANK-1"}, `reference "BANK-1" already paid the $40.00 payout request of Ana Silva's USD deal in Spring`},
		{"SecondPaymentOtherCreator", []string{"payout", "pay", "3", "--offline", "--reference", "BANK-1"}, `reference "BANK-1" already paid the $40.00 payout request of Ana Silva's USD deal in Spring`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := payouts(t, db, tt.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.msg) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tt.msg)
			}
		})
	}
	if out := ok(t, db, "check"); !strings.HasPrefix(out, "ok") {
		t.Errorf("check = %q", out)
	}
}
