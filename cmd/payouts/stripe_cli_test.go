package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger/stripe/stripetest"
)

const cliKey = "sk_test_cliSECRETcliSECRET9876"

// The Stripe commands end to end against the stateful fake: invite, status,
// pay (refused until ready), unlink with its confirmation, link, history,
// reconcile; and the key in no file the CLI writes.
func TestStripeCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "stripe.payouts")
	ok(t, db, "creator", "add", "Ana Silva", "--email", "ana@example.com")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "deal", "add", "--creator", "Ana Silva", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	ok(t, db, "bonus", "add", "--deal", "1", "--amount", "80")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "50")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "30")

	t.Setenv("PAYOUTS_STRIPE_KEY", "")
	r := payouts(t, db, "payout", "pay", "1", "--stripe")
	if r.code != 1 || !strings.Contains(r.stderr, "Stripe is not set up") {
		t.Fatalf("without a key: %+v", r)
	}

	fake := stripetest.New(t, cliKey)
	t.Setenv("PAYOUTS_STRIPE_KEY", cliKey)
	t.Setenv("PAYOUTS_STRIPE_API_URL", fake.URL())

	r = payouts(t, db, "payout", "pay", "1", "--stripe")
	if r.code != 1 || !strings.Contains(r.stderr, "Payout details missing") {
		t.Fatalf("before invite: %+v", r)
	}
	out := ok(t, db, "payee", "invite", "--creator", "Ana Silva")
	acct := regexp.MustCompile(`acct_\w+`).FindString(out)
	if acct == "" || !strings.Contains(out, "https://connect.stripe.com/setup/") || !strings.Contains(out, "do NOT open it yourself") {
		t.Fatalf("invite printed %q", out)
	}
	if out := ok(t, db, "payee", "status", "--creator", "Ana Silva"); !strings.Contains(out, "Stripe still needs external_account") {
		t.Fatalf("status before onboarding: %q", out)
	}
	fake.SetReady(acct)
	if out := ok(t, db, "payee", "status", "--creator", "Ana Silva"); !strings.Contains(out, "Ready") {
		t.Fatalf("status after onboarding: %q", out)
	}
	out = ok(t, db, "payout", "pay", "1", "--stripe")
	if len(fake.TransfersFor(1)) != 1 || !strings.Contains(out, "tr_fake0001") {
		t.Fatalf("pay printed %q; transfers %v", out, fake.TransfersFor(1))
	}
	r = payouts(t, db, "payout", "pay", "1", "--stripe")
	if r.code != 1 || len(fake.TransfersFor(1)) != 1 {
		t.Fatalf("second pay: %+v", r)
	}
	if out := ok(t, db, "payout", "reverse", "1", "--reason", "sent to the wrong account"); !strings.Contains(out, "reversed in Stripe: trr_") ||
		fake.TransfersFor(1)[0]["reversed"] != true {
		t.Fatalf("reverse printed %q", out)
	}
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "50") // request 3
	ok(t, db, "payout", "pay", "3", "--stripe")

	// A balance too low for request 2: the shortfall, nothing sent.
	fake.Mu.Lock()
	fake.Balance["usd"] = 1000
	fake.Mu.Unlock()
	r = payouts(t, db, "payout", "pay", "2", "--stripe")
	if r.code != 1 || !strings.Contains(r.stderr, "$10.00 available, $30.00 needed") || len(fake.TransfersFor(2)) != 0 {
		t.Fatalf("shortfall: %+v", r)
	}

	// Unlink lists the open request it affects and needs a confirmation.
	r = payouts(t, db, "payee", "unlink", "--deal", "1", "--reason", "wrong person")
	if r.code != 1 || !strings.Contains(r.stderr, "request 2") || !strings.Contains(r.stderr, "$30.00") {
		t.Fatalf("unlink without --yes: %+v", r)
	}
	ok(t, db, "payee", "unlink", "--deal", "1", "--reason", "wrong person", "--yes")
	agency := fake.AddAccount(true)
	if out := ok(t, db, "payee", "link", "--deal", "1", "--account", agency, "--reason", "agency"); !strings.Contains(out, "Secured by "+agency) {
		t.Fatalf("link printed %q", out)
	}
	hist := ok(t, db, "payee", "history", "--deal", "1", "--format", "csv")
	if lines := strings.Split(hist, "\n"); len(lines) != 4 || !strings.Contains(lines[1], "link,"+agency+",ops@brand,agency") ||
		!strings.Contains(lines[2], "unlink,"+acct+",ops@brand,wrong person") {
		t.Fatalf("history %q", hist)
	}
	if out := ok(t, db, "stripe", "reconcile"); out != "Nothing to reconcile." {
		t.Fatalf("reconcile %q", out)
	}
	if out := ok(t, db, "stripe", "status"); !strings.Contains(out, "test mode, account acct_platform") || strings.Contains(out, cliKey) {
		t.Fatalf("stripe status %q", out)
	}
	ok(t, db, "check")

	for _, p := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(cliKey)) || bytes.Contains(b, []byte(cliKey[8:])) {
			t.Fatalf("the Stripe key is in %s", p)
		}
	}
}
