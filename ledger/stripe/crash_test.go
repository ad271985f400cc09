package stripe_test

import (
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/payouts/payouts/ledger/stripe"
)

// TestCrashChild is the process the crash test kills: it pays one request
// and exits at once (no deferred work, no clean close) at the named step.
func TestCrashChild(t *testing.T) {
	path, step := os.Getenv("PAYOUTS_CRASH_LEDGER"), os.Getenv("PAYOUTS_CRASH_STEP")
	if path == "" {
		t.Skip("run by TestCrashBetweenSteps")
	}
	req, _ := strconv.ParseInt(os.Getenv("PAYOUTS_CRASH_REQUEST"), 10, 64)
	s := openStore(t, path)
	c, err := stripe.NewClient(testKey, os.Getenv("PAYOUTS_CRASH_URL"), nil)
	must(t, err)
	sv := &stripe.Service{Store: s, Client: c, AfterStep: func(name string, _ int64) {
		if name == step {
			os.Exit(3)
		}
	}}
	sv.Pay(ctx, []int64{req})
	os.Exit(4) // never reached the step
}

// A real process dies between the steps of a payment: after the ledger
// wrote settling (before Stripe was called), and after Stripe made the
// transfer (before the ledger recorded it). The next start's reconcile
// pays exactly once.
func TestCrashBetweenSteps(t *testing.T) {
	for _, step := range []string{"settling", "sent"} {
		t.Run(step, func(t *testing.T) {
			w := newWorld(t)
			w.s.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
			cmd.Env = append(os.Environ(), "PAYOUTS_CRASH_LEDGER="+w.path, "PAYOUTS_CRASH_STEP="+step,
				"PAYOUTS_CRASH_REQUEST="+strconv.FormatInt(w.req, 10), "PAYOUTS_CRASH_URL="+w.fake.URL())
			out, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
				t.Fatalf("child: %v\n%s", err, out)
			}
			want := map[string]int{"settling": 0, "sent": 1}[step]
			if n := len(w.fake.TransfersFor(w.req)); n != want {
				t.Fatalf("%d transfers at the kill, want %d", n, want)
			}
			w.s = openStore(t, w.path)
			sv := w.service(t, w.s, nil)
			got, err := sv.Reconcile(ctx)
			must(t, err)
			if len(got) != 1 || got[0].Err != nil {
				t.Fatalf("reconcile: %+v", got)
			}
			w.exactlyOnce(t, w.req)
			if n := w.fake.Count("POST /v1/transfers"); n != 1 {
				t.Fatalf("%d transfer calls, want 1", n)
			}
		})
	}
}
