package main_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
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

// A payment is not dated before its request nor in the future; a request
// can carry an earlier date, so a payout made some time ago is recorded
// with its real dates.
func TestPaymentDates(t *testing.T) {
	db := filepath.Join(t.TempDir(), "dates.payouts")
	ok(t, db, "creator", "add", "Bo", "--payout-details", "IBAN DE00")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "deal", "add", "--creator", "Bo", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	ok(t, db, "bonus", "add", "--deal", "1", "--amount", "10")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "5")
	for _, tt := range []struct{ date, want string }{
		{"2031-01-01", "payouts: payment date 2031-01-01 is in the future"},
		{"2020-01-01", "payouts: payment date 2020-01-01 is before the $5.00 payout request of Bo's USD deal in Spring was made"},
	} {
		r := payouts(t, db, "payout", "pay", "1", "--offline", "--reference", "R1", "--date", tt.date)
		if r.code == 0 || !strings.HasPrefix(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Fatalf("pay dated %s: exit %d, stderr %q; want %q", tt.date, r.code, r.stderr, tt.want)
		}
	}
	if r := payouts(t, db, "payout", "request", "--deal", "1", "--amount", "5", "--date", "2031-01-01"); r.code == 0 {
		t.Fatal("a request dated 2031 was accepted")
	}
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "5", "--date", "2020-01-01")
	ok(t, db, "payout", "pay", "2", "--offline", "--reference", "R2", "--date", "2020-01-02")
	if out := ok(t, db, "check"); !strings.HasPrefix(out, "ok") {
		t.Fatalf("check = %q", out)
	}
}

// A demo killed halfway leaves an empty ledger, not half of one: the demo
// is one transaction. (It ran one operation per step before: a kill after
// a second left hundreds of creators and no payments.)
func TestDemoKilledLeavesEmptyLedger(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.payouts")
	cmd := exec.Command(binary, "--db", ledgerAt(t, db, nil), "demo", "--creators", "2000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	cmd.Process.Kill()
	cmd.Wait()
	s, err := ledger.Open(ledgerAt(t, db, nil))
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.Counts(context.Background())
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n.Creators != 0 && n.Creators != 2000 {
		t.Fatalf("after a killed demo: %+v; want nothing or everything", n)
	}
	if n.Creators == 0 {
		t.Logf("killed before commit: empty, as wanted")
		ok(t, db, "demo") // an empty ledger takes the demo again
	}
	if out := ok(t, db, "check"); !strings.HasPrefix(out, "ok") {
		t.Fatalf("check = %q", out)
	}
}
