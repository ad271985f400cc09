package stripe_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
)

const mockAddr = "127.0.0.1:12111"

// stripeMock returns the URL of stripe-mock on loopback, starting it when it
// is not running. Without it the test is skipped, or fails under
// PAYOUTS_FULL_TEST (make test installs it through .ci/deps).
func stripeMock(t *testing.T) string {
	t.Helper()
	if c, err := net.DialTimeout("tcp", mockAddr, 200*time.Millisecond); err == nil {
		c.Close()
		return "http://" + mockAddr
	}
	bin, err := exec.LookPath("stripe-mock")
	if err != nil {
		gopath, _ := exec.Command("go", "env", "GOPATH").Output()
		cand := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "stripe-mock")
		if _, serr := os.Stat(cand); serr == nil {
			bin, err = cand, nil
		}
	}
	if err != nil {
		if os.Getenv("PAYOUTS_FULL_TEST") != "" {
			t.Fatal("stripe-mock is not installed: run `make test` (it installs it) or go install github.com/stripe/stripe-mock@v0.203.0")
		}
		t.Skip("stripe-mock not installed (PAYOUTS_FULL_TEST=1 makes this a failure)")
	}
	cmd := exec.Command(bin, "-http-addr", mockAddr, "-https-addr", "127.0.0.1:12112")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start stripe-mock: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 100; i++ {
		if c, err := net.DialTimeout("tcp", mockAddr, 100*time.Millisecond); err == nil {
			c.Close()
			return "http://" + mockAddr
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("stripe-mock did not start on " + mockAddr)
	return ""
}

// Every request the app makes, validated by stripe-mock against Stripe's
// OpenAPI spec (it answers 400 to a parameter Stripe does not know).
func TestAgainstStripeMock(t *testing.T) {
	url := stripeMock(t)
	ctx := context.Background()
	c, err := stripe.NewClient("sk_test_123456789", url, nil)
	must(t, err)
	if _, err := c.Platform(ctx); err != nil {
		t.Fatalf("platform: %v", err)
	}
	cr := ledger.Creator{ID: 7, Name: "Ana", Email: "ana@example.com"}
	acct, err := c.CreateExpressAccount(ctx, cr)
	if err != nil || !strings.HasPrefix(acct, "acct_") {
		t.Fatalf("account %q, %v", acct, err)
	}
	link, err := c.OnboardingLink(ctx, acct, stripe.DefaultOnboardingURL, stripe.DefaultOnboardingURL)
	if err != nil || !strings.HasPrefix(link, "http") {
		t.Fatalf("link %q, %v", link, err)
	}
	if _, err := c.AccountStatus(ctx, acct); err != nil {
		t.Fatalf("status: %v", err)
	}
	if _, err := c.Balance(ctx); err != nil {
		t.Fatalf("balance: %v", err)
	}
	a := ledger.StripeAttempt{RequestID: 3, DealID: 2, CreatorID: 7, CreatorName: "Ana", CampaignName: "Spring", Amount: 5000,
		Currency: "USD", Destination: acct, IdempotencyKey: "payouts-k1", TransferGroup: "payouts-abc-request-3"}
	tr, err := c.Transfer(ctx, a)
	if err != nil || !strings.HasPrefix(tr, "tr_") {
		t.Fatalf("transfer %q, %v", tr, err)
	}
	if _, _, err := c.FindTransfer(ctx, a.TransferGroup); err != nil {
		t.Fatalf("find: %v", err)
	}
	if rev, err := c.ReverseTransfer(ctx, tr, "payouts-k2", "sent twice"); err != nil || !strings.HasPrefix(rev, "trr_") {
		t.Fatalf("reversal %q, %v", rev, err)
	}
	// A parameter Stripe does not know is refused: the mock does validate.
	req, _ := http.NewRequest("POST", url+"/v1/transfers", strings.NewReader("amount=1&currency=usd&destination=acct_1&bogus_param=1"))
	req.Header.Set("Authorization", "Bearer sk_test_123456789")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("stripe-mock answered %d to an unknown parameter, want 400", resp.StatusCode)
	}
}
